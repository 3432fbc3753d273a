import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../tfjs.js';
import { ACTIVATION_CODES } from '../../bindings/codes.js';
import { activationReferences as R } from '../../tests/reference/activation.js';
import { Rng } from '../../src/rng.js';

// Bench cases for the activation kernels, keyed by wasm export name. Elementwise kernels run on
// 2^16 and 2^20 floats (in cache / out of cache) with sigmoid (a transcendental with a tfjs peer,
// tf.sigmoid); row kernels on a batch of 128 rows of 10 and 1000 classes (tf.softmax,
// tf.logSoftmax). Peers: the float64 TS references (softmax backward's is the O(cols^2) Jacobian
// product, too slow to be a fair loop, so it has none) and tfjs where it has the forward op.
// bench/elementwise.bench.ts compares more activations against tfjs in one table.
const N = [{ n: 1 << 16 }, { n: 1 << 20 }];
const ROWS = [
  { rows: 128, cols: 10 },
  { rows: 128, cols: 1000 },
];
const SIGMOID = ACTIVATION_CODES.sigmoid;

function randoms(count: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: count }, () => rng.range(-4, 4));
}

function filled(m: WasmModule, count: number, seed: number): number {
  const p = m.arena.alloc(4 * count);
  m.arena.f32(p, count).set(randoms(count, seed));
  return p;
}

type TfOp = (tf: Tf, x: Tensor) => Tensor;

function tfPeer(op: TfOp, shape: (s: Record<string, number>) => number[]) {
  return (tf: Tf, s: Record<string, number>) => {
    const dims = shape(s);
    const x = tf.tensor(randoms(dims.reduce((a, b) => a * b, 1), 1), dims);
    return () => op(tf, x).dispose();
  };
}

/** An elementwise kernel over `buffers` (n) arrays; `args` builds the call from them. */
function elementwise(name: string, buffers: number, args: (p: number[], n: number) => number[], tfjs?: TfOp): BenchCase {
  return {
    sizes: N,
    setup(m, { n }) {
      const a = args(Array.from({ length: buffers }, (_, i) => filled(m, n, i + 1)), n);
      const f = m.exports[name];
      return () => void f(...a);
    },
    reference({ n }) {
      const a = args(Array.from({ length: buffers }, (_, i) => i), n) as unknown[];
      const arrays = Array.from({ length: buffers }, (_, i) => randoms(n, i + 1));
      const call = a.map((v, i) => (i > 0 && i <= buffers ? arrays[v as number] : v));
      return () => void R[name](...call);
    },
    tfjs: tfjs ? tfPeer(tfjs, ({ n }) => [n]) : undefined,
  };
}

function rowwise(name: string, buffers: number, tfjs?: TfOp, withReference = true): BenchCase {
  return {
    sizes: ROWS,
    setup(m, { rows, cols }) {
      const p = Array.from({ length: buffers }, (_, i) => filled(m, rows * cols, i + 1));
      const f = m.exports[name];
      return () => void f(...p, rows, cols);
    },
    reference: withReference
      ? ({ rows, cols }) => {
          const p = Array.from({ length: buffers }, (_, i) => randoms(rows * cols, i + 1));
          return () => void R[name](...p, rows, cols);
        }
      : undefined,
    tfjs: tfjs ? tfPeer(tfjs, ({ rows, cols }) => [rows, cols]) : undefined,
  };
}

export const activationCases: Record<string, BenchCase> = {
  // Argument 0 is the code; buffer arguments are 1..buffers (the reference gets arrays there).
  activationForward: elementwise('activationForward', 2, ([x, y], n) => [SIGMOID, x, y, n, 0], (tf, x) => tf.sigmoid(x)),
  activationBackward: elementwise('activationBackward', 4, ([x, y, dy, dx], n) => [SIGMOID, x, y, dy, dx, n, 0]),
  // mnist_mlp's hidden layers (128 x 512, relu): the fused bias gradient (step bench: before/after).
  activationBackwardBias: {
    sizes: [{ rows: 128, cols: 512 }],
    setup(m, { rows, cols }) {
      const [x, y, dy, dx] = [1, 2, 3, 4].map((seed) => filled(m, rows * cols, seed));
      const db = filled(m, cols, 5);
      return () => void m.exports.activationBackwardBias(ACTIVATION_CODES.relu, x, y, dy, dx, db, rows, cols, 0);
    },
    reference({ rows, cols }) {
      const [x, y, dy, dx] = [1, 2, 3, 4].map((seed) => randoms(rows * cols, seed));
      const db = randoms(cols, 5);
      return () => void R.activationBackwardBias(ACTIVATION_CODES.relu, x, y, dy, dx, db, rows, cols, 0);
    },
  },
  softmaxForward: rowwise('softmaxForward', 2, (tf, x) => tf.softmax(x)),
  softmaxBackward: rowwise('softmaxBackward', 3, undefined, false),
  logSoftmaxForward: rowwise('logSoftmaxForward', 2, (tf, x) => tf.logSoftmax(x)),
  logSoftmaxBackward: rowwise('logSoftmaxBackward', 3, undefined, false),
  mathMap: elementwise('mathMap', 2, ([x, y], n) => [0, x, y, n], (tf, x) => tf.exp(x)),
};
