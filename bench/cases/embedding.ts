// Bench cases for the embedding kernels at the sequence bench's size (bench/train/sequence.ts):
// 32 x 64 tokens of width 64 from a 20,000-word table. Memory-bound; reported in GB/s from the
// registry's byte counts. Peer: the plain-TS references. Backward's cost is per token: V does not enter.
import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';
import { embeddingReferences as R } from '../../tests/reference/embedding.js';

const sizes = [{ n: 32 * 64, D: 64, V: 20000 }];

function buf(m: WasmModule, n: number, rng: Rng): number {
  const p = m.arena.alloc(n * 4);
  const v = m.arena.f32(p, n);
  for (let i = 0; i < n; i++) v[i] = rng.range(-1, 1);
  return p;
}
const arr = (n: number, rng: Rng) => Float32Array.from({ length: n }, () => rng.range(-1, 1));

function ids(n: number, V: number): Int32Array {
  const rng = new Rng(2);
  return Int32Array.from({ length: n }, () => rng.int(V));
}

function idBuf(m: WasmModule, n: number, V: number): number {
  const p = m.arena.alloc(n * 4);
  new Int32Array(m.memory.buffer, p, n).set(ids(n, V));
  return p;
}

export const embeddingCases: Record<string, BenchCase> = {
  embeddingForward: {
    sizes,
    setup(m, { n, D, V }) {
      const rng = new Rng(1);
      const idp = idBuf(m, n, V);
      const [t, y, mask] = [buf(m, V * D, rng), buf(m, n * D, rng), buf(m, n, rng)];
      return () => m.exports.embeddingForward(idp, t, y, mask, n, D);
    },
    reference({ n, D, V }) {
      const rng = new Rng(1);
      const [t, y, mask, id] = [arr(V * D, rng), arr(n * D, rng), arr(n, rng), ids(n, V)];
      return () => R.embeddingForward(id, t, y, mask, n, D);
    },
  },
  embeddingBackward: {
    sizes,
    setup(m, { n, D, V }) {
      const rng = new Rng(1);
      const idp = idBuf(m, n, V);
      const [dy, dt] = [buf(m, n * D, rng), buf(m, V * D, rng)];
      return () => m.exports.embeddingBackward(idp, dy, dt, n, D);
    },
    reference({ n, D, V }) {
      const rng = new Rng(1);
      const [dy, dt, id] = [arr(n * D, rng), arr(V * D, rng), ids(n, V)];
      return () => R.embeddingBackward(id, dy, dt, n, D);
    },
  },
};
