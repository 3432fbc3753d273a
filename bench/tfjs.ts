// TensorFlow.js 4.22 as a peer in the benches: tfjs-core with its CPU backend (plain JS) and its wasm
// backend (XNNPACK compiled to wasm SIMD, one thread in Node), both devDependencies. Works offline:
// the wasm backend is pointed at the .wasm files inside node_modules instead of a CDN.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof tf;
export type TfBackend = 'wasm' | 'cpu';
export const TF_BACKENDS: readonly TfBackend[] = ['wasm', 'cpu'];

let loaded: Promise<Tf> | null = null;

/** tfjs with both backends initialised; the wasm backend reports whether it runs SIMD. */
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

/** One line about the tfjs setup for bench headers. */
export function describeTfjs(t: Tf): string {
  return `tfjs ${t.version_core} (wasm backend SIMD: ${t.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads: ${t.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')})`;
}
