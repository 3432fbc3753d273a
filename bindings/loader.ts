// Loads the simdnet wasm module. Three builds come from the same AssemblyScript sources
// (asconfig.json): `relaxed` (f32x4.relaxed_madd, ~1.4x GEMM), `plain` (SIMD only) and `debug`
// (asserts on, for tests). `ready()` picks relaxed when the runtime validates it, else plain;
// SIMDNET_WASM=plain|relaxed|debug (environment) or `ready({ build })` forces one.
// Node 20 accepts relaxed SIMD only behind a V8 flag, which `v8.setFlagsFromString` can set before
// the first compile (NODE_OPTIONS refuses it); Node 22+, Deno and Chromium have it on by default.
// Memory is the module's own (not imported): the arena (bindings/arena.ts) lays it out from heapBase.
import { Arena } from './arena.js';
import { SimdnetError, ValidationError } from '../src/errors.js';

export type BuildName = 'plain' | 'relaxed' | 'debug';
export const BUILD_NAMES: readonly BuildName[] = ['relaxed', 'plain', 'debug'];

/** Raw wasm exports: kernels take numbers (pointers, sizes, scalars) and return a number or nothing. */
export type RawExports = Record<string, (...args: number[]) => number>;

export interface WasmModule {
  readonly build: BuildName;
  readonly exports: RawExports;
  readonly memory: WebAssembly.Memory;
  readonly arena: Arena;
  readonly module: WebAssembly.Module;
}

let current: WasmModule | null = null;
let pending: Promise<WasmModule> | null = null;
const bytesCache = new Map<BuildName, Promise<Uint8Array<ArrayBuffer>>>();
let relaxedFlagTried = false;

export interface ReadyOptions {
  /** Force a build; default: SIMDNET_WASM, else relaxed where supported, else plain. */
  build?: BuildName;
  /** Supply the module bytes yourself (bundlers, edge workers): the build name must say which. */
  bytes?: BufferSource;
}

/** Loads and instantiates the default module once; later calls return the same one. */
export function ready(options: ReadyOptions = {}): Promise<WasmModule> {
  if (current && (!options.build || options.build === current.build)) return Promise.resolve(current);
  if (!pending || options.build) {
    pending = (async () => {
      const build = options.build ?? envBuild() ?? ((await supportedBuilds()).includes('relaxed') ? 'relaxed' : 'plain');
      current = await instantiate(build, options.bytes);
      return current;
    })();
    pending.catch(() => (pending = null));
  }
  return pending;
}

/** The module loaded by `ready()`; throws ERR_NOT_READY before it resolved. */
export function wasm(): WasmModule {
  if (!current) throw new SimdnetError('ERR_NOT_READY', 'wasm', 'the wasm module is not loaded yet: `await ready()` first');
  return current;
}

/** A fresh, independent instance of one build (own memory and arena): tests run every build this way. */
export async function instantiate(build: BuildName, bytes?: BufferSource): Promise<WasmModule> {
  if (!BUILD_NAMES.includes(build)) throw new ValidationError('instantiate', 'build', `one of ${BUILD_NAMES.join(', ')}`, build);
  if (build === 'relaxed') await enableRelaxedSimd();
  const code = bytes ?? (await buildBytes(build));
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(code);
  } catch (e) {
    throw new SimdnetError('ERR_WASM_UNSUPPORTED', 'instantiate', `this runtime cannot compile the ${build} build (${(e as Error).message})`, { cause: e });
  }
  let memoryRef: WebAssembly.Memory | null = null;
  const env: Record<string, (...a: number[]) => void> = {
    abort(msg: number, file: number, line: number, col: number) {
      const text = memoryRef ? `${readString(memoryRef, msg)} at ${readString(memoryRef, file)}:${line}:${col}` : 'abort';
      throw new SimdnetError('ERR_WASM_TRAP', 'wasm', `kernel assertion failed: ${text}`);
    },
  };
  const instance = await WebAssembly.instantiate(module, { env });
  const exports = instance.exports as unknown as RawExports & { memory: WebAssembly.Memory };
  memoryRef = exports.memory;
  const arena = new Arena(exports.memory, (exports.heapBase() as number) >>> 0);
  return { build, exports, memory: exports.memory, arena, module };
}

/** The builds this runtime can run, fastest first. */
export async function supportedBuilds(): Promise<BuildName[]> {
  await enableRelaxedSimd();
  const out: BuildName[] = [];
  for (const b of BUILD_NAMES) if (WebAssembly.validate(await buildBytes(b))) out.push(b);
  return out;
}

function envBuild(): BuildName | undefined {
  const v = typeof process !== 'undefined' ? process.env?.SIMDNET_WASM : undefined;
  if (v === undefined || v === '') return undefined;
  if (!BUILD_NAMES.includes(v as BuildName)) throw new ValidationError('ready', 'SIMDNET_WASM', `one of ${BUILD_NAMES.join(', ')}`, v);
  return v as BuildName;
}

async function enableRelaxedSimd(): Promise<void> {
  if (relaxedFlagTried) return;
  relaxedFlagTried = true;
  const node = typeof process !== 'undefined' ? process.versions?.node : undefined;
  if (!node || Number(node.split('.')[0]) >= 22 || 'Bun' in globalThis || 'Deno' in globalThis) return;
  try {
    const v8 = await import('node:v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // Not Node, or flags locked: validate() below then rejects the relaxed build and plain is used.
  }
}

function buildBytes(build: BuildName): Promise<Uint8Array<ArrayBuffer>> {
  let p = bytesCache.get(build);
  if (!p) {
    p = readBuild(new URL(`../../build/simdnet.${build}.wasm`, import.meta.url));
    bytesCache.set(build, p);
  }
  return p;
}

async function readBuild(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  try {
    if (url.protocol === 'file:' && typeof process !== 'undefined' && process.versions?.node) {
      const fs = await import('node:fs/promises');
      return new Uint8Array(await fs.readFile(url));
    }
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new SimdnetError('ERR_IO', 'ready', `cannot read ${url.href}: run \`npm run build\` (${(e as Error).message})`, { cause: e });
  }
}

/** Reads an AssemblyScript string (UTF-16LE, byte length stored at ptr - 4) for abort messages. */
function readString(memory: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return '';
  const len = new Uint32Array(memory.buffer, ptr - 4, 1)[0] >>> 1;
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, len));
}
