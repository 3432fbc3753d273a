import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';

// Bench cases for the reductions, keyed by wasm export name. Whole-buffer reductions run over the
// mnist_mlp gradient arena (669,706 floats: l2Norm for global_clipnorm, hasNonFinite per step) and
// an L1-resident 16,384; row-wise ones over a batch of logits (128 x 10) and a wide case (128 x 1000).
const FLAT = [{ n: 669_706 }, { n: 16_384 }];
const ROWS = [{ rows: 128, cols: 10 }, { rows: 128, cols: 1000 }];

function randomBuffer(m: WasmModule, n: number, seed: number, lo = -1, hi = 1): number {
  const rng = new Rng(seed);
  const p = m.arena.alloc(4 * n);
  const v = m.arena.f32(p, n);
  for (let i = 0; i < n; i++) v[i] = rng.range(lo, hi);
  return p;
}

function flat(kernel: string, ...rest: number[]): BenchCase {
  return {
    sizes: FLAT,
    setup(m, { n }) {
      const x = randomBuffer(m, n, n);
      const fn = m.exports[kernel];
      return () => void fn(x, n, ...rest);
    },
  };
}

/** Row-wise kernels: `rowMax`/`rowArgmax` write to out; accuracy counts read a second buffer. */
function rowwise(kernel: string, second: 'out' | 'target' | 'labels'): BenchCase {
  return {
    sizes: ROWS,
    setup(m, { rows, cols }) {
      const x = randomBuffer(m, rows * cols, rows * cols);
      let y: number;
      if (second === 'target') y = randomBuffer(m, rows * cols, 7);
      else {
        y = m.arena.calloc(4 * rows);
        if (second === 'labels') new Int32Array(m.memory.buffer, y, rows).forEach((_, i, a) => (a[i] = i % cols));
      }
      const fn = m.exports[kernel];
      return second === 'out' ? () => void fn(x, rows, cols, y) : () => void fn(x, y, rows, cols);
    },
  };
}

export const reduceCases: Record<string, BenchCase> = {
  sum: flat('sum'),
  sumSquares: flat('sumSquares'),
  sumAbs: flat('sumAbs'),
  regularizerPenalty: flat('regularizerPenalty', 1e-5, 1e-5),
  l2Norm: flat('l2Norm'),
  hasNonFinite: flat('hasNonFinite'),
  rowMax: rowwise('rowMax', 'out'),
  rowArgmax: rowwise('rowArgmax', 'out'),
  categoricalAccuracyCount: rowwise('categoricalAccuracyCount', 'target'),
  sparseAccuracyCount: rowwise('sparseAccuracyCount', 'labels'),
  binaryAccuracyCount: {
    sizes: FLAT,
    setup(m, { n }) {
      const pred = randomBuffer(m, n, 1, 0, 1);
      const target = randomBuffer(m, n, 2, 0, 1);
      m.arena.f32(target, n).forEach((v, i, a) => (a[i] = v > 0.5 ? 1 : 0));
      return () => void m.exports.binaryAccuracyCount(pred, target, n, 0.5);
    },
  },
};
