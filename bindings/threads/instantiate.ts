// The multi-threaded form of a build: the `*-threads` module (asconfig.json: --enable threads,
// --importMemory --sharedMemory --maximumMemory 65536) instantiated on a shared WebAssembly.Memory
// the host creates, plus a ThreadPool of workers instantiating the same compiled module on that
// memory. The returned WasmModule is used like any other: its `exports.sgemm` is the split version
// (gemm.ts), as are conv2d's implicit-im2col GEMM (convGemm.ts) and input gradient (convInputGrad.ts), the large elementwise kernels
// (elementwise.ts) and the depthwise convolution kernels (depthwise.ts), so the dense layers, optimizers and
// the training engine use every thread without knowing it.
import { Arena } from '../arena.js';
import { compileCached, readString, type WasmModule, type RawExports } from '../loader.js';
import { assetUrl } from '../assets.js';
import { enableRelaxedSimd } from '../features.js';
import { SimdnetError, ValidationError } from '../../src/errors.js';
import { ThreadPool } from './pool.js';
import { parallelSgemm } from './gemm.js';
import { parallelConvGemm } from './convGemm.js';
import { parallelConvInputGrad } from './convInputGrad.js';
import { ELEMENTWISE_EXPORTS, parallelElementwise } from './elementwise.js';
import { DEPTHWISE_EXPORTS, parallelDepthwise } from './depthwise.js';
import { MAX_THREADS } from './protocol.js';

export type ThreadsBuild = 'relaxed' | 'plain';

/** Exports the workers run (pool.ts refers to them by index); peakProbe measures scaling (bench/threads.bench.ts). */
export const POOL_EXPORTS: readonly string[] = ['sgemmVariant', 'peakProbe', ...ELEMENTWISE_EXPORTS, ...DEPTHWISE_EXPORTS, 'conv2dGemm', 'conv2dInputGrad'];

/** Largest memory tried first; a runtime that cannot reserve it (32-bit browsers) gets a smaller one. */
const MAX_PAGES = [65536, 16384, 4096];

/** Whether this agent can share wasm memory with workers (browsers: only when cross-origin isolated). */
export function sharedMemoryAvailable(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean };
  return typeof SharedArrayBuffer === 'function' && g.crossOriginIsolated !== false;
}

/**
 * A fresh threaded instance of `build` with `threads` threads (the caller + threads - 1 workers), its
 * own shared memory and arena. Call `pool.dispose()` (or dispose the module) when done; the workers
 * never keep the process alive either way.
 */
export async function instantiateThreaded(build: ThreadsBuild, threads: number): Promise<WasmModule> {
  const fn = 'instantiateThreaded';
  if (build !== 'relaxed' && build !== 'plain') throw new ValidationError(fn, 'build', "'relaxed' or 'plain' (debug has no threads build)", build);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) throw new ValidationError(fn, 'threads', `an integer in [1, ${MAX_THREADS}]`, threads);
  if (!sharedMemoryAvailable()) throw new SimdnetError('ERR_UNSUPPORTED', fn, 'SharedArrayBuffer is not available here (browsers need cross-origin isolation)');
  await enableRelaxedSimd(); // Node 20: the V8 flag, as instantiate() sets it (bindings/features.ts)
  const { module, loadedBy } = await compileCached(assetUrl(`${build}-threads`), `${build}-threads`);
  const { memory, maximum } = sharedMemory();
  const env = {
    memory,
    abort(msg: number, file: number, line: number, col: number) {
      throw new SimdnetError('ERR_WASM_TRAP', 'wasm', `kernel assertion failed: ${readString(memory, msg)} at ${readString(memory, file)}:${line}:${col}`);
    },
  };
  const instance = await WebAssembly.instantiate(module, { env });
  const raw = instance.exports as unknown as RawExports;
  const arena = new Arena(memory, (raw.heapBase() as number) >>> 0, maximum);
  const pool = await ThreadPool.create(module, raw, memory, arena, POOL_EXPORTS, raw.gemmWorkspaceBytes(), threads);
  const exports: RawExports = { ...raw, sgemm: parallelSgemm(pool, raw, POOL_EXPORTS.indexOf('sgemmVariant')) };
  exports.conv2dGemm = parallelConvGemm(pool, raw, POOL_EXPORTS.indexOf('conv2dGemm'));
  exports.conv2dInputGrad = parallelConvInputGrad(pool, raw, POOL_EXPORTS.indexOf('conv2dInputGrad'));
  for (const name of ELEMENTWISE_EXPORTS) exports[name] = parallelElementwise(pool, raw[name], POOL_EXPORTS.indexOf(name), name);
  Object.assign(exports, parallelDepthwise(pool, raw as never, (name) => POOL_EXPORTS.indexOf(name)));
  return { build, loadedBy, exports, memory, arena, module, pool };
}

function sharedMemory(): { memory: WebAssembly.Memory; maximum: number } {
  let last: unknown;
  for (const maximum of MAX_PAGES) {
    try {
      return { memory: new WebAssembly.Memory({ initial: 1, maximum, shared: true }), maximum };
    } catch (e) {
      last = e;
    }
  }
  throw new SimdnetError('ERR_OUT_OF_MEMORY', 'instantiateThreaded', `cannot reserve a shared wasm memory (${(last as Error).message})`, { cause: last });
}
