import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tfjs.js';
import { Rng } from '../../src/rng.js';
import { reduceReferences as R } from '../../tests/reference/reduce.js';

// Bench cases for the reductions, keyed by wasm export name. Whole-buffer reductions run over the
// mnist_mlp gradient arena (669,706 floats: l2Norm for global_clipnorm, hasNonFinite per step) and
// an L1-resident 16,384; row-wise ones over a batch of logits (128 x 10) and a wide case (128 x 1000).
// Peers: the TS references, and tfjs (tf.sum, tf.norm, tf.argMax, ...) where it has the operation.
const FLAT = [{ n: 669_706 }, { n: 16_384 }];
const ROWS = [{ rows: 128, cols: 10 }, { rows: 128, cols: 1000 }];

function randoms(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.range(lo, hi));
}

function put(m: WasmModule, a: Float32Array | Int32Array): number {
  const q = m.arena.alloc(4 * a.length);
  new (a.constructor as Float32ArrayConstructor)(m.memory.buffer, q, a.length).set(a as Float32Array);
  return q;
}

const labels = (rows: number, cols: number) => Int32Array.from({ length: rows }, (_, i) => i % cols);
const binaryTargets = (n: number) => randoms(n, 2, 0, 1).map((v) => (v > 0.5 ? 1 : 0));

type TfCall = (tf: Tf, x: Tensor) => Tensor;

function flat(kernel: string, rest: number[], peer?: TfCall): BenchCase {
  return {
    sizes: FLAT,
    setup(m, { n }) {
      const x = put(m, randoms(n, n));
      const fn = m.exports[kernel];
      return () => void fn(x, n, ...rest);
    },
    reference({ n }) {
      const x = randoms(n, n);
      return () => void R[kernel](x, n, ...rest);
    },
    tfjs: peer
      ? (tf, { n }) => {
          const x = tf.tensor1d(randoms(n, n));
          return () => {
            const y = tf.tidy(() => peer(tf, x));
            y.dataSync(); // the scalar reaches JS, as simdnet's result does
            y.dispose();
          };
        }
      : undefined,
  };
}

/** Row-wise kernels: rowMax/rowArgmax write `out`; accuracy counts read targets or labels. */
function rowwise(kernel: string, second: 'out' | 'target' | 'labels', peer?: TfCall): BenchCase {
  return {
    sizes: ROWS,
    setup(m, { rows, cols }) {
      const x = put(m, randoms(rows * cols, rows * cols));
      const y = second === 'target' ? put(m, randoms(rows * cols, 7)) : second === 'labels' ? put(m, labels(rows, cols)) : m.arena.alloc(4 * rows);
      const fn = m.exports[kernel];
      return second === 'out' ? () => void fn(x, rows, cols, y) : () => void fn(x, y, rows, cols);
    },
    reference({ rows, cols }) {
      const x = randoms(rows * cols, rows * cols);
      const y = second === 'target' ? randoms(rows * cols, 7) : second === 'labels' ? labels(rows, cols) : new Float32Array(rows);
      return second === 'out' ? () => R[kernel](x, rows, cols, y) : () => void R[kernel](x, y, rows, cols);
    },
    tfjs: peer
      ? (tf, { rows, cols }) => {
          const x = tf.tensor2d(randoms(rows * cols, rows * cols), [rows, cols]);
          return () => {
            const y = tf.tidy(() => peer(tf, x));
            y.dataSync();
            y.dispose();
          };
        }
      : undefined,
  };
}

export const reduceCases: Record<string, BenchCase> = {
  sum: flat('sum', [], (tf, x) => tf.sum(x)),
  sumSquares: flat('sumSquares', [], (tf, x) => tf.sum(tf.square(x))),
  sumAbs: flat('sumAbs', [], (tf, x) => tf.sum(tf.abs(x))),
  regularizerPenalty: flat('regularizerPenalty', [1e-5, 1e-5]),
  l2Norm: flat('l2Norm', [], (tf, x) => tf.norm(x)),
  hasNonFinite: flat('hasNonFinite', [], (tf, x) => tf.any(tf.logicalNot(tf.isFinite(x)))),
  rowMax: rowwise('rowMax', 'out', (tf, x) => tf.max(x, 1)),
  rowArgmax: rowwise('rowArgmax', 'out', (tf, x) => tf.argMax(x, 1)),
  categoricalAccuracyCount: rowwise('categoricalAccuracyCount', 'target'),
  sparseAccuracyCount: rowwise('sparseAccuracyCount', 'labels'),
  binaryAccuracyCount: {
    sizes: FLAT,
    setup(m, { n }) {
      const pred = put(m, randoms(n, 1, 0, 1));
      const target = put(m, binaryTargets(n));
      return () => void m.exports.binaryAccuracyCount(pred, target, n, 0.5);
    },
    reference({ n }) {
      const pred = randoms(n, 1, 0, 1), target = binaryTargets(n);
      return () => void R.binaryAccuracyCount(pred, target, n, 0.5);
    },
  },
};
