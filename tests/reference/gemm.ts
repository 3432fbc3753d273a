// Plain-TypeScript references for the gemm kernels, keyed by wasm export name. Same arguments as the
// wasm export, with arrays (and element offsets 0) in place of pointers. Accumulates in float64, so
// it also serves as the "naive TS loop" baseline in the benches.
export interface GemmArrays {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  /** Read when beta != 0, written with the result. */
  c: { [i: number]: number; length: number };
  bias: ArrayLike<number> | null;
  /** Optional out: |alpha|·Σ_k |A_ik B_kj| + |beta·C_ij| + |bias_j| per element (for error bounds). */
  magnitude?: { [i: number]: number };
}

/**
 * C = alpha·op(A)·op(B) + beta·C (+ bias) (activation), the textbook triple loop. act: 0 linear,
 * 1 relu (assembly/codes.ts); other activations are tested by their own family.
 */
export function sgemmRef(
  transA: number, transB: number, M: number, N: number, K: number, alpha: number, lda: number, ldb: number,
  beta: number, ldc: number, act: number, { a, b, c, bias, magnitude }: GemmArrays,
): void {
  if (act !== 0 && act !== 1) throw new Error(`sgemmRef: activation code ${act} is not modelled here`);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      let mag = 0;
      for (let k = 0; k < K; k++) {
        const x = transA ? a[k * lda + i] : a[i * lda + k];
        const y = transB ? b[j * ldb + k] : b[k * ldb + j];
        s += x * y;
        mag += Math.abs(x * y);
      }
      const old = beta === 0 ? 0 : beta * c[i * ldc + j]; // beta = 0 ignores C, even NaN
      let v = alpha * s + old + (bias ? bias[j] : 0);
      if (act === 1) v = v > 0 ? v : Number.isNaN(v) ? v : 0;
      c[i * ldc + j] = v;
      if (magnitude) magnitude[i * ldc + j] = Math.abs(alpha) * mag + Math.abs(old) + (bias ? Math.abs(bias[j]) : 0);
    }
  }
}

/** sgemmVariant: every variant computes the same product (up to summation order). */
export function sgemmVariantRef(_variant: number, ...args: Parameters<typeof sgemmRef>): void {
  sgemmRef(...args);
}

export const gemmReferences: Record<string, Function> = { sgemm: sgemmRef, sgemmVariant: sgemmVariantRef };
