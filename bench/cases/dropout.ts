// Bench cases for the PRNG, dropout and noise kernels: n = one MLP activation batch (128 x 512) and a
// larger one; memory-bound or PRNG-bound, reported in GB/s from the registry's byte counts. Peers: the
// plain-TS references (tests/reference/dropout.ts, drawing from the TS twin stream) and the same
// layer math in tfjs 4.22 (tf.dropout; x + tf.randomNormal; x * tf.randomNormal(1, sd); dy * mask + dx).
import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import type { Tf } from '../tfjs.js';
import { Rng } from '../../src/rng.js';
import { RngStream } from '../../src/rngStream.js';
import { dropoutReferences } from '../../tests/reference/dropout.js';

const sizes = [{ n: 128 * 512 }, { n: 1 << 20 }];
const RATE = 0.5;

function buffers(m: WasmModule, n: number, count: number): number[] {
  const rng = new Rng(1);
  return Array.from({ length: count }, () => {
    const p = m.arena.alloc(n * 4);
    const v = m.arena.f32(p, n);
    for (let i = 0; i < n; i++) v[i] = rng.range(-1, 1);
    return p;
  });
}

function arrays(n: number, count: number): Float32Array[] {
  const rng = new Rng(1);
  return Array.from({ length: count }, () => new Float32Array(n).map(() => rng.range(-1, 1)));
}

function seeded(m: WasmModule): number {
  const state = m.arena.alloc(64);
  m.exports.rngSeed(state, 42);
  return state;
}

/** A forward (x, y, mask, n, rate, state) kernel, its TS reference, and optionally a tfjs equivalent. */
function rateForward(name: string, tfjs?: (tf: Tf, x: ReturnType<Tf['tensor']>, n: number) => () => void): BenchCase {
  return {
    sizes,
    setup(m, { n }) {
      const [x, y, mask] = buffers(m, n, 3);
      const state = seeded(m);
      const f = m.exports[name];
      return () => void f(x, y, mask, n, RATE, state);
    },
    reference({ n }) {
      const [x, y, mask] = arrays(n, 3);
      const stream = new RngStream(42);
      return () => dropoutReferences[name](x, y, mask, n, RATE, stream);
    },
    tfjs: tfjs && ((tf, { n }) => tfjs(tf, tf.randomUniform([n], -1, 1, 'float32', 1), n)),
  };
}

// Noise-shape broadcast: SpatialDropout1D on [128, 32, 64] (mask [128, 1, 64]) and SpatialDropout2D
// channels_first on [128, 16, 16, 16] (mask [128, 16, 1, 1]: inner = 1). Peer: tfjs's broadcasting mul.
const broadcastSizes = [{ outer: 128, mid: 32, inner: 64 }, { outer: 128 * 16, mid: 256, inner: 1 }];

function broadcastCase(name: 'dropoutBroadcastForward' | 'dropoutBroadcastBackward'): BenchCase {
  return {
    sizes: broadcastSizes,
    setup(m, { outer, mid, inner }) {
      const [a, b] = buffers(m, outer * mid * inner, 2);
      const [mask] = buffers(m, outer * inner, 1);
      const f = m.exports[name];
      return () => void f(a, mask, b, outer, mid, inner);
    },
    reference({ outer, mid, inner }) {
      const [a, b] = arrays(outer * mid * inner, 2);
      const [mask] = arrays(outer * inner, 1);
      return () => dropoutReferences[name](a, mask, b, outer, mid, inner);
    },
    tfjs(tf, { outer, mid, inner }) {
      const a = tf.randomUniform([outer, mid, inner], -1, 1, 'float32', 1);
      const b = tf.randomUniform([outer, mid, inner], -1, 1, 'float32', 2);
      const mask = tf.randomUniform([outer, 1, inner], 0, 2, 'float32', 3);
      return name === 'dropoutBroadcastForward' ? () => tf.mul(a, mask).dispose() : () => tf.tidy(() => void tf.add(b, tf.mul(a, mask)));
    },
  };
}

export const dropoutCases: Record<string, BenchCase> = {
  dropoutBroadcastForward: broadcastCase('dropoutBroadcastForward'),
  dropoutBroadcastBackward: broadcastCase('dropoutBroadcastBackward'),
  rngSeed: {
    sizes: [{ n: 1 }],
    setup(m) {
      const state = m.arena.alloc(64);
      return () => void m.exports.rngSeed(state, 7);
    },
    reference: () => () => void new RngStream(7),
  },
  rngFillU32: {
    sizes,
    setup(m, { n }) {
      const [out] = buffers(m, n, 1);
      const state = seeded(m);
      return () => void m.exports.rngFillU32(state, out, n);
    },
    reference({ n }) {
      const stream = new RngStream(42);
      const out = new Uint32Array(n);
      return () => dropoutReferences.rngFillU32(stream, out, n);
    },
    tfjs: (tf, { n }) => () => tf.randomUniform([n], 0, 1, 'float32', 42).dispose(),
  },
  dropoutForward: rateForward('dropoutForward', (tf, x) => () => tf.dropout(x, RATE, undefined, 42).dispose()),
  gaussianDropoutForward: rateForward('gaussianDropoutForward', (tf, x, n) => () => {
    const sd = Math.sqrt(RATE / (1 - RATE));
    tf.tidy(() => tf.mul(x, tf.randomNormal([n], 1, sd, 'float32', 42)));
  }),
  alphaDropoutForward: rateForward('alphaDropoutForward'),
  dropoutBackward: {
    sizes,
    setup(m, { n }) {
      const [dy, mask, dx] = buffers(m, n, 3);
      return () => void m.exports.dropoutBackward(dy, mask, dx, n);
    },
    reference({ n }) {
      const [dy, mask, dx] = arrays(n, 3);
      return () => dropoutReferences.dropoutBackward(dy, mask, dx, n);
    },
    tfjs(tf, { n }) {
      const [dy, mask, dx] = [1, 2, 3].map((s) => tf.randomUniform([n], -1, 1, 'float32', s));
      return () => tf.tidy(() => void tf.add(dx, tf.mul(dy, mask)));
    },
  },
  gaussianNoiseForward: {
    sizes,
    setup(m, { n }) {
      const [x, y] = buffers(m, n, 2);
      const state = seeded(m);
      return () => void m.exports.gaussianNoiseForward(x, y, n, 0.1, state);
    },
    reference({ n }) {
      const [x, y] = arrays(n, 2);
      const stream = new RngStream(42);
      return () => dropoutReferences.gaussianNoiseForward(x, y, n, 0.1, stream);
    },
    tfjs(tf, { n }) {
      const x = tf.randomUniform([n], -1, 1, 'float32', 1);
      return () => tf.tidy(() => void tf.add(x, tf.randomNormal([n], 0, 0.1, 'float32', 42)));
    },
  },
  gaussianNoiseBackward: {
    sizes,
    setup(m, { n }) {
      const [dy, dx] = buffers(m, n, 2);
      return () => void m.exports.gaussianNoiseBackward(dy, dx, n);
    },
    reference({ n }) {
      const [dy, dx] = arrays(n, 2);
      return () => dropoutReferences.gaussianNoiseBackward(dy, dx, n);
    },
    tfjs(tf, { n }) {
      const [dy, dx] = [1, 2].map((s) => tf.randomUniform([n], -1, 1, 'float32', s));
      return () => tf.add(dx, dy).dispose();
    },
  },
};
