// Bench cases for the normalization kernels on MLP activation shapes (B rows of C features), a
// power-of-two width (the case column walks are worst at) and a non-power-of-two one. Peers: the f64
// TS references (tests/reference/norm.ts) and tfjs 4.22 as tfjs-layers computes these layers in its
// forward pass (tf.moments + tf.batchNorm; layer norm as moments over the last axis, then scale and
// shift). Backward kernels have no tfjs row: tfjs only has them inside tf.grads of the whole forward.
import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';
import { normReferences as ref } from '../../tests/reference/norm.js';

const sizes = [{ B: 128, C: 512 }, { B: 128, C: 100 }, { B: 1024, C: 64 }];
const EPS = 1e-3;

function buffers(m: WasmModule, lengths: number[]): number[] {
  const rng = new Rng(2);
  return lengths.map((n) => {
    const p = m.arena.alloc(n * 4);
    const v = m.arena.f32(p, n);
    for (let i = 0; i < n; i++) v[i] = rng.range(0.5, 1.5);
    return p;
  });
}

function arrays(lengths: number[]): Float32Array[] {
  const rng = new Rng(2);
  return lengths.map((n) => new Float32Array(n).map(() => rng.range(0.5, 1.5)));
}

/**
 * A case that times the kernel `name` and its f64 reference on fresh buffers of the given lengths,
 * passed in that order and followed by the scalars. Calls are pre-bound, so the timed closure
 * spreads nothing.
 */
function kernelCase(name: string, lengths: (B: number, C: number) => number[], scalars: (B: number, C: number) => number[], tfjs?: BenchCase['tfjs']): BenchCase {
  return {
    sizes,
    setup(m, { B, C }) {
      const call = m.exports[name].bind(null, ...buffers(m, lengths(B, C)), ...scalars(B, C));
      return () => void call();
    },
    reference({ B, C }) {
      const call = ref[name].bind(null, ...arrays(lengths(B, C)), ...scalars(B, C));
      return () => void call();
    },
    tfjs,
  };
}

export const normCases: Record<string, BenchCase> = {
  // x, y, gamma, beta, mean, invStd, running mean, running variance; momentum, epsilon
  batchNormForwardTrain: kernelCase(
    'batchNormForwardTrain',
    (B, C) => [B * C, B * C, C, C, C, C, C, C],
    (B, C) => [B, C, 0.99, EPS],
    (tf, { B, C }) => {
      const x = tf.randomUniform([B, C], 0.5, 1.5, 'float32', 1);
      const [gamma, beta] = [2, 3].map((s) => tf.randomUniform([C], 0.5, 1.5, 'float32', s));
      let rm = tf.zeros([C]);
      let rv = tf.ones([C]);
      return () => {
        const [nm, nv] = tf.tidy(() => {
          const { mean, variance } = tf.moments(x, 0);
          tf.keep(tf.batchNorm(x, mean, variance, beta, gamma, EPS)).dispose();
          return [tf.add(tf.mul(rm, 0.99), tf.mul(mean, 0.01)), tf.add(tf.mul(rv, 0.99), tf.mul(variance, 0.01))];
        });
        rm.dispose();
        rv.dispose();
        [rm, rv] = [nm, nv];
      };
    },
  ),
  // x, y, gamma, beta, running mean, running variance; epsilon
  batchNormForwardInfer: kernelCase(
    'batchNormForwardInfer',
    (B, C) => [B * C, B * C, C, C, C, C],
    (B, C) => [B, C, EPS],
    (tf, { B, C }) => {
      const x = tf.randomUniform([B, C], 0.5, 1.5, 'float32', 1);
      const [gamma, beta, rm, rv] = [2, 3, 4, 5].map((s) => tf.randomUniform([C], 0.5, 1.5, 'float32', s));
      return () => tf.batchNorm(x, rm, rv, beta, gamma, EPS).dispose();
    },
  ),
  // x, dy, dx, gamma, mean, invStd, dgamma, dbeta
  batchNormBackward: kernelCase('batchNormBackward', (B, C) => [B * C, B * C, B * C, C, C, C, C, C], (B, C) => [B, C]),
  // x, y, gamma, beta, mean (B), invStd (B); epsilon
  layerNormForward: kernelCase(
    'layerNormForward',
    (B, C) => [B * C, B * C, C, C, B, B],
    (B, C) => [B, C, EPS],
    (tf, { B, C }) => {
      const x = tf.randomUniform([B, C], 0.5, 1.5, 'float32', 1);
      const [gamma, beta] = [2, 3].map((s) => tf.randomUniform([C], 0.5, 1.5, 'float32', s));
      return () =>
        tf.tidy(() => {
          const { mean, variance } = tf.moments(x, -1, true);
          void tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPS))), gamma), beta);
        });
    },
  ),
  // x, dy, dx, gamma, mean (B), invStd (B), dgamma, dbeta
  layerNormBackward: kernelCase('layerNormBackward', (B, C) => [B * C, B * C, B * C, C, B, B, C, C], (B, C) => [B, C]),
};
