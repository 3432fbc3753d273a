import type { BenchCase } from './index.js';
import { gemmWorkspace } from '../../bindings/gemm.js';
import { Rng } from '../../src/rng.js';

// Bench cases for the gemm kernels, keyed by wasm export name. The MLP shapes are mnist_mlp's
// (784-512-512-10, batch 128): forward NN, then the backprop NT (dX = dY·Wᵀ) and TN (dW = Xᵀ·dY).
// tA/tB: transposes; sizes are those of op(A)[M,K] and op(B)[K,N].
export const GEMM_SHAPES: Record<string, number>[] = [
  { M: 512, N: 512, K: 512, tA: 0, tB: 0 },
  { M: 128, N: 512, K: 784, tA: 0, tB: 0 }, // dense 784->512 forward
  { M: 128, N: 512, K: 512, tA: 0, tB: 0 }, // dense 512->512 forward
  { M: 512, N: 512, K: 512, tA: 0, tB: 1 },
  { M: 512, N: 512, K: 512, tA: 1, tB: 0 },
  { M: 128, N: 784, K: 512, tA: 0, tB: 1 }, // dX[128,784] = dY[128,512]·W[784,512]ᵀ
  { M: 784, N: 512, K: 128, tA: 1, tB: 0 }, // dW[784,512] += X[128,784]ᵀ·dY[128,512]
  { M: 128, N: 512, K: 512, tA: 0, tB: 1 }, // dX of the 512->512 layer
  { M: 512, N: 512, K: 128, tA: 1, tB: 0 }, // dW of the 512->512 layer
];

/** Fills `n` floats at a fresh arena block with uniform [-1, 1) values. */
export function randomBlock(m: Parameters<BenchCase['setup']>[0], n: number, rng: Rng): number {
  const p = m.arena.alloc(n * 4);
  const v = m.arena.f32(p, n);
  for (let i = 0; i < n; i++) v[i] = rng.range(-1, 1);
  return p;
}

export const gemmCases: Record<string, BenchCase> = {
  sgemm: {
    sizes: GEMM_SHAPES,
    setup(m, { M, N, K, tA, tB }) {
      const rng = new Rng(1);
      const a = randomBlock(m, M * K, rng);
      const b = randomBlock(m, K * N, rng);
      const c = randomBlock(m, M * N, rng);
      const ws = gemmWorkspace(m);
      const lda = tA ? M : K;
      const ldb = tB ? K : N;
      // The training-step call: beta = 1 for TN (dW accumulates), 0 otherwise.
      const beta = tA ? 1 : 0;
      return () => m.exports.sgemm(tA, tB, M, N, K, 1, a, lda, b, ldb, beta, c, N, 0, 0, 0, ws);
    },
  },
};
