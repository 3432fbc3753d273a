// TensorFlow.js 4.22 as a peer in the benches: tfjs-core with its CPU backend (plain JS) and its wasm
// backend (XNNPACK compiled to wasm SIMD), both devDependencies. Works offline: the wasm backend is
// pointed at the .wasm files inside node_modules instead of a CDN.
//
// Threads: tfjs-backend-wasm ships a pthreads build (tfjs-backend-wasm-threaded-simd.wasm) but only
// loads it when the flag WASM_HAS_MULTITHREAD_SUPPORT is true, and in 4.22 that flag returns false
// whenever IS_NODE (flags_wasm.ts, "Enable node support once tfjs issue #3830 is resolved"). So in
// Node its default is tfjs-backend-wasm-simd.wasm on one thread: the same thread count as simdnet's
// single-thread builds, which is the comparison the benches print. `tfjsThreads` re-checks this in
// every run (XNNPACK's own thread count and CPU time over wall time of a matMul loop) so that a
// tfjs upgrade that starts threads in Node shows up in the bench header instead of going unnoticed.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof tf;
export type TfBackend = 'wasm' | 'cpu';
export const TF_BACKENDS: readonly TfBackend[] = ['wasm', 'cpu'];

let loaded: Promise<Tf> | null = null;

/** tfjs with both backends initialised in their default configuration (wasm: one thread in Node). */
export function loadTfjs(): Promise<Tf> {
  loaded ??= (async () => {
    const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
    setWasmPaths(join(dirname(pkg), 'dist') + '/');
    tf.env().set('PROD', true); // only silences the "install tfjs-node" notice of the CPU backend
    for (const b of TF_BACKENDS) if (!(await tf.setBackend(b))) throw new Error(`tfjs backend ${b} failed to initialise`);
    return tf;
  })();
  return loaded;
}

/** Switches the active backend (tensors must be created under the backend that will use them). */
export async function useBackend(t: Tf, backend: TfBackend): Promise<void> {
  if (t.getBackend() !== backend && !(await t.setBackend(backend))) throw new Error(`tfjs backend ${backend} unavailable`);
}

export interface TfjsThreads {
  /** XNNPACK's thread-pool size as tfjs-backend-wasm reports it (`getThreadsCount()`). */
  threads: number;
  /** The binary tfjs picks from its SIMD and multithread flags (its getPathToWasmBinary rule). */
  binary: string;
  /** Process CPU time / wall time over a ~0.3 s tf.matMul(512x512) loop: about 1 on one thread. */
  cpuPerWall: number;
}

/** Evidence of how many threads the tfjs wasm backend computes with in this process. */
export async function tfjsThreads(t: Tf): Promise<TfjsThreads> {
  await useBackend(t, 'wasm');
  const simd = t.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const mt = t.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  const binary = `tfjs-backend-wasm${simd && mt ? '-threaded-simd' : simd ? '-simd' : ''}.wasm`;
  const a = t.randomNormal([512, 512]);
  const b = t.randomNormal([512, 512]);
  const step = () => t.matMul(a, b).dataSync(); // dataSync: wait for the result, as a user would
  t.tidy(() => void step());
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < 300) t.tidy(() => void step());
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  a.dispose();
  b.dispose();
  return { threads: getThreadsCount(), binary, cpuPerWall: (cpu.user + cpu.system) / 1000 / wall };
}

/** One line about the tfjs setup for bench headers. */
export function describeTfjs(t: Tf, threads?: TfjsThreads): string {
  const th = threads
    ? `${threads.binary}, XNNPACK threads: ${threads.threads}, CPU/wall during matMul: ${threads.cpuPerWall.toFixed(2)}`
    : `threads flag: ${t.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}`;
  return `tfjs ${t.version_core} (wasm backend SIMD: ${t.env().getBool('WASM_HAS_SIMD_SUPPORT')}, ${th})`;
}
