import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { gemmWorkspace } from '../../bindings/gemm.js';
import { sgemmRef } from '../../tests/reference/gemm.js';
import { Rng } from '../../src/rng.js';

// Bench cases for the gemm kernels, keyed by wasm export name. The MLP shapes are mnist_mlp's
// (784-512-512-10, batch 128): forward NN, then the backprop NT (dX = dY·Wᵀ) and TN (dW = Xᵀ·dY).
// tA/tB: transposes; sizes are those of op(A)[M,K] and op(B)[K,N]. Calls are the training step's:
// beta = 1 for TN (dW accumulates), 0 otherwise.
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

/** The output layer's GEMMs (512 -> 10): N or K = 10, one partial tile per row or a 10-k reduction. */
export const OUTPUT_LAYER_SHAPES: Record<string, number>[] = [
  { M: 128, N: 10, K: 512, tA: 0, tB: 0 }, // forward
  { M: 128, N: 512, K: 10, tA: 0, tB: 1 }, // dX
  { M: 512, N: 10, K: 128, tA: 1, tB: 0 }, // dW
];

function randomBlock(m: WasmModule, n: number, rng: Rng): number {
  const p = m.arena.alloc(n * 4);
  const v = m.arena.f32(p, n);
  for (let i = 0; i < n; i++) v[i] = rng.range(-1, 1);
  return p;
}

const sgemmCase: BenchCase = {
  sizes: GEMM_SHAPES,
  setup(m, { M, N, K, tA, tB }) {
    const rng = new Rng(1);
    const a = randomBlock(m, M * K, rng);
    const b = randomBlock(m, K * N, rng);
    const c = randomBlock(m, M * N, rng);
    const ws = gemmWorkspace(m);
    return () => m.exports.sgemm(tA, tB, M, N, K, 1, a, tA ? M : K, b, tB ? K : N, tA ? 1 : 0, c, N, 0, 0, 0, ws);
  },
  reference({ M, N, K, tA, tB }) {
    const rng = new Rng(1);
    const arrays = {
      a: new Float32Array(M * K).map(() => rng.range(-1, 1)),
      b: new Float32Array(K * N).map(() => rng.range(-1, 1)),
      c: new Float32Array(M * N),
      bias: null,
    };
    return () => sgemmRef(tA, tB, M, N, K, 1, tA ? M : K, tB ? K : N, tA ? 1 : 0, N, 0, arrays);
  },
  tfjs(tf, { M, N, K, tA, tB }) {
    const a = tf.randomUniform(tA ? [K, M] : [M, K], -1, 1, 'float32', 1);
    const b = tf.randomUniform(tB ? [N, K] : [K, N], -1, 1, 'float32', 2);
    // tf.matMul has no beta: the TN call is timed without the accumulation (in tfjs-layers the
    // gradient is a separate add). Execution on the wasm and cpu backends is synchronous.
    return () => tf.matMul(a, b, !!tA, !!tB).dispose();
  },
};

/** One variant (size key `variant`: a code from bindings/gemmVariants.ts) on one shape. */
export function sgemmVariantCall(m: WasmModule, { M, N, K, tA, tB, variant }: Record<string, number>): () => void {
  const rng = new Rng(1);
  const a = randomBlock(m, M * K, rng);
  const b = randomBlock(m, K * N, rng);
  const c = randomBlock(m, M * N, rng);
  const ws = gemmWorkspace(m);
  return () => m.exports.sgemmVariant(variant, tA, tB, M, N, K, 1, a, tA ? M : K, b, tB ? K : N, tA ? 1 : 0, c, N, 0, 0, 0, ws);
}

export const gemmCases: Record<string, BenchCase> = {
  sgemm: sgemmCase,
  // The kernels bench times the safe default (code 0); bench/gemm.bench.ts times every variant.
  sgemmVariant: { sizes: GEMM_SHAPES.map((s) => ({ ...s, variant: 0 })), setup: sgemmVariantCall, reference: sgemmCase.reference },
};
