// Bench cases for the recurrent-cell kernels at the sizes of issue 15's sequence bench: one step of
// an LSTM(128) / GRU(128) on a batch of 32, the transpose of a [32, 64, 128] sequence, and
// Bidirectional's merge of two [32, 64, 128] outputs (mode 1, mul: the costliest backward).
// Memory-bound; reported in GB/s from the registry's byte counts. Peer: the plain-TS references.
import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';
import { recurrentReferences as R } from '../../tests/reference/recurrent.js';

const step = [{ B: 32, U: 128 }];
const TANH = 9;
const SIGMOID = 8;

function buf(m: WasmModule, n: number, rng: Rng): number {
  const p = m.arena.alloc(n * 4);
  const v = m.arena.f32(p, n);
  for (let i = 0; i < n; i++) v[i] = rng.range(-1, 1);
  return p;
}
const arr = (n: number, rng: Rng) => Float32Array.from({ length: n }, () => rng.range(-1, 1));

/** A step kernel: `widths` are each pointer argument's floats per (B*U); `tail` the scalar arguments after B, U. */
function stepCase(name: string, widths: number[], tail: number[]): BenchCase {
  return {
    sizes: step,
    setup(m, { B, U }) {
      const rng = new Rng(1);
      const ptrs = widths.map((w) => (w === 0 ? 0 : buf(m, w * B * U, rng)));
      const f = m.exports[name];
      return () => void f(...ptrs, B, U, ...tail);
    },
    reference({ B, U }) {
      const rng = new Rng(1);
      const arrays = widths.map((w) => (w === 0 ? null : arr(w * B * U, rng)));
      return () => void R[name](...arrays, B, U, ...tail);
    },
  };
}

const seqSizes = [{ I: 32, J: 64, C: 128 }];
const mergeSizes = [{ n: 32 * 64 * 128 }];

/** A merge kernel over `arrays` buffers of n floats, mode 1 (mul). */
function mergeCase(name: string, arrays: number): BenchCase {
  return {
    sizes: mergeSizes,
    setup(m, { n }) {
      const rng = new Rng(1);
      const ptrs = Array.from({ length: arrays }, () => buf(m, n, rng));
      const f = m.exports[name];
      return () => void f(...ptrs, n, 1);
    },
    reference({ n }) {
      const rng = new Rng(1);
      const bufs = Array.from({ length: arrays }, () => arr(n, rng));
      return () => void R[name](...bufs, n, 1);
    },
  };
}

export const recurrentCases: Record<string, BenchCase> = {
  seqTranspose: {
    sizes: seqSizes,
    setup(m, { I, J, C }) {
      const rng = new Rng(1);
      const [s, d] = [buf(m, I * J * C, rng), buf(m, I * J * C, rng)];
      return () => m.exports.seqTranspose(s, C, d, C, I, J, C, 2);
    },
    reference({ I, J, C }) {
      const rng = new Rng(1);
      const [s, d] = [arr(I * J * C, rng), arr(I * J * C, rng)];
      return () => R.seqTranspose(s, C, d, C, I, J, C, 2);
    },
  },
  // Masks are 0 (none): the mask test is one load per row.
  lstmStepForward: stepCase('lstmStepForward', [4, 1, 1, 1, 1, 1, 0], [TANH, SIGMOID]),
  lstmStepBackward: stepCase('lstmStepBackward', [4, 1, 1, 1, 1, 4, 1, 0], [TANH, SIGMOID]),
  gruGatesForward: stepCase('gruGatesForward', [3, 3, 1, 1], [SIGMOID]),
  gruCandidateForward: stepCase('gruCandidateForward', [3, 3, 1, 1, 0], [TANH, 1]),
  gruCandidateBackward: stepCase('gruCandidateBackward', [3, 3, 1, 1, 3, 3, 1, 0], [TANH, SIGMOID, 1]),
  gruResetBackward: stepCase('gruResetBackward', [3, 1, 1, 3, 3, 1], [SIGMOID]),
  mergeForward: mergeCase('mergeForward', 3),
  mergeBackward: mergeCase('mergeBackward', 5),
};
