import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';
import * as ref from '../../tests/reference/pool.js';

// Bench cases for the pooling kernels: mnist_cnn's maxPooling2d(2) on [128, 24, 24, 64], a 3x3
// stride-2 'same' pool on an odd image with C = 5 (tails), and global pooling of [32, 7, 7, 256].
const SIZES = [
  { N: 128, H: 24, W: 24, C: 64, OH: 12, OW: 12, PH: 2, PW: 2, SH: 2, SW: 2, PT: 0, PL: 0 },
  { N: 16, H: 33, W: 33, C: 5, OH: 17, OW: 17, PH: 3, PW: 3, SH: 2, SW: 2, PT: 1, PL: 1 },
  { N: 32, H: 7, W: 7, C: 256, OH: 1, OW: 1, PH: 7, PW: 7, SH: 1, SW: 1, PT: 0, PL: 0 },
];
const geometry = (s: Record<string, number>) => [s.N, s.H, s.W, s.C, s.OH, s.OW, s.PH, s.PW, s.SH, s.SW, s.PT, s.PL] as const;
const nIn = (s: Record<string, number>) => s.N * s.H * s.W * s.C;
const nOut = (s: Record<string, number>) => s.N * s.OH * s.OW * s.C;

function random(m: WasmModule, n: number, seed: number): number {
  const p = m.arena.alloc(4 * n);
  const rng = new Rng(seed);
  const v = m.arena.f32(p, n);
  for (let i = 0; i < n; i++) v[i] = rng.range(-1, 1);
  return p;
}

function randomArray(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.range(-1, 1));
}

export const poolCases: Record<string, BenchCase> = {
  maxPool2dForward: {
    sizes: SIZES,
    setup(m, s) {
      const x = random(m, nIn(s), 1), y = m.arena.alloc(4 * nOut(s)), am = m.arena.alloc(4 * nOut(s));
      return () => m.exports.maxPool2dForward(x, y, am, ...geometry(s));
    },
    reference(s) {
      const x = randomArray(nIn(s), 1), y = new Float32Array(nOut(s)), am = new Int32Array(nOut(s));
      return () => ref.maxPool2dForward(x, y, am, ...geometry(s));
    },
  },
  maxPool2dBackward: {
    sizes: SIZES.map((s) => ({ ...s, n: nOut(s) })),
    setup(m, s) {
      const x = random(m, nIn(s), 1), y = m.arena.alloc(4 * s.n), am = m.arena.alloc(4 * s.n), dx = m.arena.alloc(4 * nIn(s));
      m.exports.maxPool2dForward(x, y, am, ...geometry(s));
      return () => m.exports.maxPool2dBackward(y, am, dx, s.n);
    },
    reference(s) {
      const x = randomArray(nIn(s), 1), y = new Float32Array(s.n), am = new Int32Array(s.n), dx = new Float32Array(nIn(s));
      ref.maxPool2dForward(x, y, am, ...geometry(s));
      return () => ref.maxPool2dBackward(y, am, dx, s.n);
    },
  },
  avgPool2dForward: {
    sizes: SIZES,
    setup(m, s) {
      const x = random(m, nIn(s), 1), y = m.arena.alloc(4 * nOut(s));
      return () => m.exports.avgPool2dForward(x, y, ...geometry(s));
    },
    reference(s) {
      const x = randomArray(nIn(s), 1), y = new Float32Array(nOut(s));
      return () => ref.avgPool2dForward(x, y, ...geometry(s));
    },
  },
  avgPool2dBackward: {
    sizes: SIZES,
    setup(m, s) {
      const dy = random(m, nOut(s), 2), dx = m.arena.alloc(4 * nIn(s));
      return () => m.exports.avgPool2dBackward(dy, dx, ...geometry(s));
    },
    reference(s) {
      const dy = randomArray(nOut(s), 2), dx = new Float32Array(nIn(s));
      return () => ref.avgPool2dBackward(dy, dx, ...geometry(s));
    },
  },
};

// Zero padding: a 28x28 MNIST batch padded by 2 (LeNet-5's 32x32 input) and an odd C = 3 image padded asymmetrically.
const PAD_SIZES = [
  { N: 128, H: 28, W: 28, C: 1, PT: 2, PB: 2, PL: 2, PR: 2 },
  { N: 8, H: 57, W: 31, C: 3, PT: 0, PB: 1, PL: 3, PR: 0 },
];
const pad = (s: Record<string, number>) => [s.N, s.H, s.W, s.C, s.PT, s.PB, s.PL, s.PR] as const;
const nPadded = (s: Record<string, number>) => s.N * (s.H + s.PT + s.PB) * (s.W + s.PL + s.PR) * s.C;

export const padCases: Record<string, BenchCase> = {
  zeroPad2dForward: {
    sizes: PAD_SIZES,
    setup(m, s) {
      const x = random(m, nIn(s), 1), y = m.arena.alloc(4 * nPadded(s));
      return () => m.exports.zeroPad2dForward(x, y, ...pad(s));
    },
    reference(s) {
      const x = randomArray(nIn(s), 1), y = new Float32Array(nPadded(s));
      return () => ref.zeroPad2dForward(x, y, ...pad(s));
    },
  },
  zeroPad2dBackward: {
    sizes: PAD_SIZES,
    setup(m, s) {
      const dy = random(m, nPadded(s), 1), dx = m.arena.alloc(4 * nIn(s));
      return () => m.exports.zeroPad2dBackward(dy, dx, ...pad(s));
    },
    reference(s) {
      const dy = randomArray(nPadded(s), 1), dx = new Float32Array(nIn(s));
      return () => ref.zeroPad2dBackward(dy, dx, ...pad(s));
    },
  },
};
