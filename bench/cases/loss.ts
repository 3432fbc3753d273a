import type { BenchCase } from './index.js';
import { Rng } from '../../src/rng.js';
import { SPARSE_LOSSES, LOSS_KERNELS } from '../../bindings/loss.js';

// Bench cases for the loss kernels, keyed by wasm export name: a batch of 128 rows of 10 classes
// (MNIST head) and 1000 classes, inputs in (0, 1) so that the probability losses stay unclipped.
const SIZES = [
  { rows: 128, cols: 10 },
  { rows: 128, cols: 1000 },
];

function lossCase(name: string): BenchCase {
  const sparse = (SPARSE_LOSSES as readonly string[]).includes(name);
  return {
    sizes: SIZES,
    setup(m, s) {
      const n = s.rows * s.cols;
      const rng = new Rng(7);
      const input = m.arena.alloc(4 * n);
      const target = m.arena.alloc(4 * (sparse ? s.rows : n));
      const grad = m.arena.alloc(4 * n);
      const x = m.arena.f32(input, n);
      for (let i = 0; i < n; i++) x[i] = rng.range(0.01, 0.99);
      if (sparse) {
        const l = new Int32Array(m.memory.buffer, target, s.rows);
        for (let r = 0; r < s.rows; r++) l[r] = rng.int(s.cols);
      } else {
        const t = m.arena.f32(target, n);
        for (let i = 0; i < n; i++) t[i] = rng.range(0, 1);
      }
      const f = m.exports[name];
      return () => void f(input, target, grad, 0, s.rows, s.cols, 1 / s.rows);
    },
  };
}

export const lossCases: Record<string, BenchCase> = Object.fromEntries(LOSS_KERNELS.map((k) => [k, lossCase(k)]));
