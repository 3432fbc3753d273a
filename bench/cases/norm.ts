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

export const normCases: Record<string, BenchCase> = {
  batchNormForwardTrain: {
    sizes,
    setup(m, { B, C }) {
      const [x, y, gamma, beta, mean, invStd, rm, rv] = buffers(m, [B * C, B * C, C, C, C, C, C, C]);
      return () => void m.exports.batchNormForwardTrain(x, y, gamma, beta, mean, invStd, rm, rv, B, C, 0.99, EPS);
    },
    reference({ B, C }) {
      const [x, y, gamma, beta, mean, invStd, rm, rv] = arrays([B * C, B * C, C, C, C, C, C, C]);
      return () => ref.batchNormForwardTrain(x, y, gamma, beta, mean, invStd, rm, rv, B, C, 0.99, EPS);
    },
    tfjs(tf, { B, C }) {
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
  },
  batchNormForwardInfer: {
    sizes,
    setup(m, { B, C }) {
      const [x, y, gamma, beta, rm, rv] = buffers(m, [B * C, B * C, C, C, C, C]);
      return () => void m.exports.batchNormForwardInfer(x, y, gamma, beta, rm, rv, B, C, EPS);
    },
    reference({ B, C }) {
      const [x, y, gamma, beta, rm, rv] = arrays([B * C, B * C, C, C, C, C]);
      return () => ref.batchNormForwardInfer(x, y, gamma, beta, rm, rv, B, C, EPS);
    },
    tfjs(tf, { B, C }) {
      const x = tf.randomUniform([B, C], 0.5, 1.5, 'float32', 1);
      const [gamma, beta, rm, rv] = [2, 3, 4, 5].map((s) => tf.randomUniform([C], 0.5, 1.5, 'float32', s));
      return () => tf.batchNorm(x, rm, rv, beta, gamma, EPS).dispose();
    },
  },
  batchNormBackward: {
    sizes,
    setup(m, { B, C }) {
      const [x, dy, dx, gamma, mean, invStd, dg, db] = buffers(m, [B * C, B * C, B * C, C, C, C, C, C]);
      return () => void m.exports.batchNormBackward(x, dy, dx, gamma, mean, invStd, dg, db, B, C);
    },
    reference({ B, C }) {
      const [x, dy, dx, gamma, mean, invStd, dg, db] = arrays([B * C, B * C, B * C, C, C, C, C, C]);
      return () => ref.batchNormBackward(x, dy, dx, gamma, mean, invStd, dg, db, B, C);
    },
  },
  layerNormForward: {
    sizes,
    setup(m, { B, C }) {
      const [x, y, gamma, beta, mean, invStd] = buffers(m, [B * C, B * C, C, C, B, B]);
      return () => void m.exports.layerNormForward(x, y, gamma, beta, mean, invStd, B, C, EPS);
    },
    reference({ B, C }) {
      const [x, y, gamma, beta, mean, invStd] = arrays([B * C, B * C, C, C, B, B]);
      return () => ref.layerNormForward(x, y, gamma, beta, mean, invStd, B, C, EPS);
    },
    tfjs(tf, { B, C }) {
      const x = tf.randomUniform([B, C], 0.5, 1.5, 'float32', 1);
      const [gamma, beta] = [2, 3].map((s) => tf.randomUniform([C], 0.5, 1.5, 'float32', s));
      return () =>
        tf.tidy(() => {
          const { mean, variance } = tf.moments(x, -1, true);
          void tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPS))), gamma), beta);
        });
    },
  },
  layerNormBackward: {
    sizes,
    setup(m, { B, C }) {
      const [x, dy, dx, gamma, mean, invStd, dg, db] = buffers(m, [B * C, B * C, B * C, C, B, B, C, C]);
      return () => void m.exports.layerNormBackward(x, dy, dx, gamma, mean, invStd, dg, db, B, C);
    },
    reference({ B, C }) {
      const [x, dy, dx, gamma, mean, invStd, dg, db] = arrays([B * C, B * C, B * C, C, B, B, C, C]);
      return () => ref.layerNormBackward(x, dy, dx, gamma, mean, invStd, dg, db, B, C);
    },
  },
};
