import type { BenchCase } from './index.js';
import { copyF32, fillF32, gatherRows } from '../../tests/reference/memory.js';

// Bench cases for the bulk buffer writes: the mnist_mlp gradient arena (669,706 floats, zeroed every
// step) and an L1-resident 16,384. The references are the plain loops of tests/reference/memory.ts on unshared arrays.
const SIZES = [{ n: 669_706 }, { n: 16_384 }];

export const memoryCases: Record<string, BenchCase> = {
  fillF32: {
    sizes: SIZES,
    setup(m, { n }) {
      const x = m.arena.alloc(4 * n);
      return () => m.exports.fillF32(x, n, 0);
    },
    reference({ n }) {
      const x = new Float32Array(n);
      return () => fillF32(x, n, 0);
    },
  },
  copyF32: {
    sizes: SIZES,
    setup(m, { n }) {
      const x = m.arena.alloc(4 * n);
      const y = m.arena.alloc(4 * n);
      return () => m.exports.copyF32(x, y, n);
    },
    reference({ n }) {
      const x = new Float32Array(n);
      const y = new Float32Array(n);
      return () => copyF32(x, y, n);
    },
  },
  // A 128-row batch of a small model's 784-float rows, gathered at random from 4,096 resident rows.
  gatherRows: {
    sizes: [{ rows: 128, rowWords: 784 }],
    setup(m, { rows, rowWords }) {
      const n = 4096;
      const src = m.arena.alloc(4 * n * rowWords);
      const dst = m.arena.alloc(4 * rows * rowWords);
      const idx = m.arena.alloc(4 * rows);
      new Int32Array(m.memory.buffer, idx, rows).set(Int32Array.from({ length: rows }, (_, r) => (r * 2654435761) % n));
      return () => m.exports.gatherRows(src, dst, idx, rows, rowWords);
    },
    reference({ rows, rowWords }) {
      const n = 4096;
      const src = new Float32Array(n * rowWords), dst = new Float32Array(rows * rowWords);
      const idx = Int32Array.from({ length: rows }, (_, r) => (r * 2654435761) % n);
      return () => gatherRows(src, dst, idx, rows, rowWords);
    },
  },
};
