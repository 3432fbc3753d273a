// Which wasm builds this runtime can run, decided by validating two tiny probe modules instead of
// downloading the builds themselves (a browser would otherwise fetch ~1 MB to pick one file).
// Each probe is `(module (func (param v128) (result v128) local.get 0 … OP))`:
//   SIMD:    f32x4.abs           (0xfd 0xe0 0x01)
//   relaxed: f32x4.relaxed_madd  (0xfd 0x85 0x02, opcode 0x105 of the relaxed-simd proposal)
// The same trick as the wasm-feature-detect package; checked against WebAssembly.validate of the real
// builds in Node 20 (with and without the flag), Node 24, Deno and Bun (tests/loader.test.ts).
import { nodeImport } from './nodeImport.js';
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const ONE_FUNC_V128_TO_V128 = [0x01, 0x06, 0x01, 0x60, 0x01, 0x7b, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00];
const SIMD_PROBE = Uint8Array.of(...HEADER, ...ONE_FUNC_V128_TO_V128, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0xfd, 0xe0, 0x01, 0x0b);
const RELAXED_PROBE = Uint8Array.of(
  ...HEADER,
  ...ONE_FUNC_V128_TO_V128,
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0xfd, 0x85, 0x02, 0x0b,
);

let relaxedFlagTried = false;

/** Whether the runtime validates SIMD (needed by every build) and relaxed SIMD (the fast build). */
export async function wasmFeatures(): Promise<{ simd: boolean; relaxedSimd: boolean }> {
  await enableRelaxedSimd();
  return { simd: WebAssembly.validate(SIMD_PROBE), relaxedSimd: WebAssembly.validate(RELAXED_PROBE) };
}

/**
 * Node 20 accepts relaxed SIMD only behind a V8 flag, which `v8.setFlagsFromString` can set before the
 * first compile (NODE_OPTIONS refuses it); Node 22+, Deno, Bun and Chromium have it on by default.
 * node:v8 is imported only on Node 20 and older, so no other runtime ever asks for it.
 */
export async function enableRelaxedSimd(): Promise<void> {
  if (relaxedFlagTried) return;
  relaxedFlagTried = true;
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  const node = proc?.versions?.node;
  if (!node || Number(node.split('.')[0]) >= 22 || 'Bun' in globalThis || 'Deno' in globalThis) return;
  try {
    const v8 = await nodeImport<typeof import('node:v8')>('v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // Flags locked: the relaxed probe then fails to validate and the plain build is used.
  }
}
