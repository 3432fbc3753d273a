import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import type { Optimizer } from '@tensorflow/tfjs-core';
import type { Tf } from '../tfjs.js';
import { Rng } from '../../src/rng.js';
import { optimReferences } from '../../tests/reference/optim.js';
import { nadamMomentumProduct } from '../../bindings/optim.js';

// Bench cases for the optimizer steps, keyed by wasm export name. Sizes: the parameter count of
// mnist_mlp (784-512-512-10: 669,706, one step per batch over the whole arena, ~19 MB of Adam
// traffic, memory-bound) and a small model that fits in L2 (65,536). Peers: the TS reference on
// Float32Arrays, and the tfjs optimizer of the same name applying one gradient to one variable of n
// floats (tfjs has no Nadam and no weight decay; its "sgd" here is tf.train.momentum with Nesterov).
const SIZES = [{ n: 669_706 }, { n: 65_536 }];

function randoms(n: number, seed: number, scale: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.range(-scale, scale));
}

/** Arena copies of p (random), g (random, small) and `states` zero-filled buffers. */
function buffers(m: WasmModule, n: number, states: number): number[] {
  const put = (a: Float32Array) => {
    const q = m.arena.alloc(4 * n);
    m.arena.f32(q, n).set(a);
    return q;
  };
  return [put(randoms(n, 1, 1)), put(randoms(n, 2, 0.01)), ...Array.from({ length: states }, () => m.arena.calloc(4 * n))];
}

let variables = 0;

/** A case whose call is `kernel(p, g, ...states, n, ...rest)`; `rest` holds lr, hyperparameters,
 *  t = 10 and the common tail (no clipping, weight decay 0.004 so the decay path is timed too). */
function step(kernel: string, states: number, rest: number[], peer?: (tf: Tf) => Optimizer): BenchCase {
  return {
    sizes: SIZES,
    setup(m, { n }) {
      const ptrs = buffers(m, n, states);
      const fn = m.exports[kernel];
      return () => void fn(...ptrs, n, ...rest);
    },
    reference({ n }) {
      const p = randoms(n, 1, 1), g = randoms(n, 2, 0.01);
      const s = Array.from({ length: states }, () => new Float32Array(n));
      return () => void optimReferences[kernel](p, g, ...s, n, ...rest);
    },
    tfjs: peer
      ? (tf, { n }) => {
          const name = `bench_w${variables++}`;
          tf.variable(tf.tensor1d(randoms(n, 1, 1)), true, name);
          const grads = { [name]: tf.tensor1d(randoms(n, 2, 0.01)) };
          const opt = peer(tf);
          return () => opt.applyGradients(grads);
        }
      : undefined,
  };
}

export const optimCases: Record<string, BenchCase> = {
  sgdStep: step('sgdStep', 1, [0.01, 0.9, 10, 1, 0, 0.004, 1], (tf) => tf.train.momentum(0.01, 0.9, true)),
  rmspropStep: step('rmspropStep', 3, [0.001, 0.9, 0, 1e-7, 10, 1, 0, 0.004, 0], (tf) => tf.train.rmsprop(0.001, 0.9, 0, 1e-7)),
  adamStep: step('adamStep', 3, [0.001, 0.9, 0.999, 1e-7, 10, 1, 0, 0.004, 0], (tf) => tf.train.adam(0.001, 0.9, 0.999, 1e-7)),
  adagradStep: step('adagradStep', 1, [0.001, 1e-7, 10, 1, 0, 0.004], (tf) => tf.train.adagrad(0.001, 0.1)),
  adadeltaStep: step('adadeltaStep', 2, [0.001, 0.95, 1e-7, 10, 1, 0, 0.004], (tf) => tf.train.adadelta(0.001, 0.95, 1e-7)),
  adamaxStep: step('adamaxStep', 2, [0.001, 0.9, 0.999, 1e-7, 10, 1, 0, 0.004], (tf) => tf.train.adamax(0.001, 0.9, 0.999, 1e-7)),
  nadamStep: step('nadamStep', 2, [0.001, 0.9, 0.999, 1e-7, 10, 1, 0, 0.004, nadamMomentumProduct(10, () => 0.9)]),
  addRegularizerGrad: {
    sizes: SIZES,
    setup(m, { n }) {
      const [p, g] = buffers(m, n, 0);
      return () => void m.exports.addRegularizerGrad(p, g, n, 1e-5, 1e-5);
    },
    reference({ n }) {
      const p = randoms(n, 1, 1), g = randoms(n, 2, 0.01);
      return () => optimReferences.addRegularizerGrad(p, g, n, 1e-5, 1e-5);
    },
  },
};
