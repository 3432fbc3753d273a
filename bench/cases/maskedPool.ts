import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';
import * as ref from '../../tests/reference/maskedPool.js';

// Bench cases for the masked global 1-D pooling kernels: a text CNN's feature maps [64, 60, 128]
// (batch 64, 60 tokens, 128 filters) and an odd C = 5 (tails), each with a third of the steps padding.
const SIZES = [
  { N: 64, T: 60, C: 128, n: 64 * 128 },
  { N: 16, T: 33, C: 5, n: 16 * 5 },
];

function values(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.range(-1, 1));
}

/** Sequence n has its last floor(T / 3) + (n % 3) steps as padding (at least one real step kept). */
function maskOf(N: number, T: number): Float32Array {
  const m = new Float32Array(N * T);
  for (let n = 0; n < N; n++) for (let t = 0; t < T; t++) m[n * T + t] = t < Math.max(1, T - Math.floor(T / 3) - (n % 3)) ? 1 : 0;
  return m;
}

function put(m: WasmModule, v: Float32Array | Int32Array): number {
  const p = m.arena.alloc(4 * v.length);
  new (v.constructor as Float32ArrayConstructor)(m.memory.buffer, p, v.length).set(v as Float32Array);
  return p;
}

export const maskedPoolCases: Record<string, BenchCase> = {
  maskedMaxPool1dForward: {
    sizes: SIZES,
    setup(m, s) {
      const x = put(m, values(s.N * s.T * s.C, 1)), mask = put(m, maskOf(s.N, s.T)), y = put(m, new Float32Array(s.n)), am = put(m, new Int32Array(s.n));
      return () => m.exports.maskedMaxPool1dForward(x, mask, y, am, s.N, s.T, s.C);
    },
    reference(s) {
      const x = values(s.N * s.T * s.C, 1), mask = maskOf(s.N, s.T), y = new Float32Array(s.n), am = new Int32Array(s.n);
      return () => ref.maskedMaxPool1dForward(x, mask, y, am, s.N, s.T, s.C);
    },
  },
  maskedMaxPool1dBackward: {
    sizes: SIZES,
    setup(m, s) {
      const x = put(m, values(s.N * s.T * s.C, 1)), mask = put(m, maskOf(s.N, s.T)), y = put(m, new Float32Array(s.n)), am = put(m, new Int32Array(s.n));
      const dx = put(m, new Float32Array(s.N * s.T * s.C));
      m.exports.maskedMaxPool1dForward(x, mask, y, am, s.N, s.T, s.C);
      return () => m.exports.maskedMaxPool1dBackward(y, am, dx, s.n);
    },
    reference(s) {
      const x = values(s.N * s.T * s.C, 1), mask = maskOf(s.N, s.T), y = new Float32Array(s.n), am = new Int32Array(s.n), dx = new Float32Array(s.N * s.T * s.C);
      ref.maskedMaxPool1dForward(x, mask, y, am, s.N, s.T, s.C);
      return () => ref.maskedMaxPool1dBackward(y, am, dx, s.n);
    },
  },
  maskedAvgPool1dForward: {
    sizes: SIZES,
    setup(m, s) {
      const x = put(m, values(s.N * s.T * s.C, 1)), mask = put(m, maskOf(s.N, s.T)), y = put(m, new Float32Array(s.n));
      return () => m.exports.maskedAvgPool1dForward(x, mask, y, s.N, s.T, s.C);
    },
    reference(s) {
      const x = values(s.N * s.T * s.C, 1), mask = maskOf(s.N, s.T), y = new Float32Array(s.n);
      return () => ref.maskedAvgPool1dForward(x, mask, y, s.N, s.T, s.C);
    },
  },
  maskedAvgPool1dBackward: {
    sizes: SIZES,
    setup(m, s) {
      const dy = put(m, values(s.n, 2)), mask = put(m, maskOf(s.N, s.T)), dx = put(m, new Float32Array(s.N * s.T * s.C));
      return () => m.exports.maskedAvgPool1dBackward(dy, mask, dx, s.N, s.T, s.C);
    },
    reference(s) {
      const dy = values(s.n, 2), mask = maskOf(s.N, s.T), dx = new Float32Array(s.N * s.T * s.C);
      return () => ref.maskedAvgPool1dBackward(dy, mask, dx, s.N, s.T, s.C);
    },
  },
};
