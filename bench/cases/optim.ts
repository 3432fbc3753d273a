import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';

// Bench cases for the optimizer steps, keyed by wasm export name. Sizes: the parameter count of
// mnist_mlp (784-512-512-10: 669,706, one step per batch over the whole arena, ~19 MB of Adam
// traffic, memory-bound) and a small model that fits in L2 (65,536).
const SIZES = [{ n: 669_706 }, { n: 65_536 }];

/** Allocates p and g (random, seeded) and `states` zero-filled buffers; returns their pointers. */
function buffers(m: WasmModule, n: number, states: number): number[] {
  const rng = new Rng(n);
  const p = m.arena.alloc(4 * n);
  const g = m.arena.alloc(4 * n);
  const pv = m.arena.f32(p, n);
  const gv = m.arena.f32(g, n);
  for (let i = 0; i < n; i++) {
    pv[i] = rng.range(-1, 1);
    gv[i] = rng.range(-0.01, 0.01);
  }
  const s = Array.from({ length: states }, () => m.arena.calloc(4 * n));
  return [p, g, ...s];
}

/** A case whose call is `kernel(p, g, ...states, n, ...rest)`; `rest` holds lr, hyperparameters,
 *  t = 10 and the common tail (no clipping, weight decay 0.004 so the decay path is timed too). */
function step(kernel: string, states: number, rest: number[]): BenchCase {
  return {
    sizes: SIZES,
    setup(m, { n }) {
      const ptrs = buffers(m, n, states);
      const fn = m.exports[kernel];
      return () => void fn(...ptrs, n, ...rest);
    },
  };
}

export const optimCases: Record<string, BenchCase> = {
  sgdStep: step('sgdStep', 1, [0.01, 0.9, 10, 1, 0, 0.004, 1]),
  rmspropStep: step('rmspropStep', 3, [0.001, 0.9, 0, 1e-7, 10, 1, 0, 0.004, 0]),
  adamStep: step('adamStep', 3, [0.001, 0.9, 0.999, 1e-7, 10, 1, 0, 0.004, 0]),
  adagradStep: step('adagradStep', 1, [0.001, 1e-7, 10, 1, 0, 0.004]),
  adadeltaStep: step('adadeltaStep', 2, [0.001, 0.95, 1e-7, 10, 1, 0, 0.004]),
  adamaxStep: step('adamaxStep', 2, [0.001, 0.9, 0.999, 1e-7, 10, 1, 0, 0.004]),
  nadamStep: step('nadamStep', 2, [0.001, 0.9, 0.999, 1e-7, 10, 1, 0, 0.004]),
  addRegularizerGrad: {
    sizes: SIZES,
    setup(m, { n }) {
      const [p, g] = buffers(m, n, 0);
      return () => void m.exports.addRegularizerGrad(p, g, n, 1e-5, 1e-5);
    },
  },
};
