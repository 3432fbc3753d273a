// conv2d's GEMMs with implicit im2col: the packed sgemm (gemm.ts, gemmDriver.ts) whose A is the patch
// matrix P = im2col(x) (im2col.ts: layout and legend) packed straight from the NHWC input
// (im2colPack.ts), so P is never stored:
//   forward  Y[R, F]  = P[r0 .., :] · kernel[K, F] (+ bias, activation)   transA = 0, M = rows, K = KH*KW*C
//   dKernel  [K, F]  += P[:, k0 ..]ᵀ · dY[R, F]                          transA = 1, M = patch columns, K = R
// R = B*OH*OW output pixels. r0 and k0 shift op(P) by whole rows or columns: the thread pool splits
// the forward by rows (r0) and dKernel by kernel rows (k0), as it splits sgemm (bindings/threads/gemm.ts).
// B is stored (ldb), C too (ldc), as in sgemm; alpha is 1. The input gradient has no patches to pack
// (it scatters into x's pixels): conv2d keeps dP = dY · kernelᵀ and col2im for it.
import { gemmDriver } from './gemmDriver';
import { setPatches } from './im2colPack';
import { gemmChoose } from './gemmVariants';

/**
 * C[M,N] = op(P)[M,K] · B[K,N] + beta*C (+ bias) (activation), P the patch matrix of x (byte
 * offset) for the geometry H .. OW, op(P)(i, k) = P[r0 + i, k0 + k] (transA = 0) or
 * P[r0 + k, k0 + i] (transA = 1). variant < 0: the one this instance selected for the shape
 * (gemmChoose, as sgemm would choose for the stored P); otherwise as sgemmVariant.
 */
export function conv2dGemm(
  variant: i32, transA: i32, M: i32, N: i32, K: i32, x: usize, r0: i32, k0: i32,
  H: i32, W: i32, C: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32, OH: i32, OW: i32,
  b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, bias: usize, act: i32, actParam: f32, ws: usize,
): void {
  setPatches(x, r0, k0, H, W, C, KW, SH, SW, DH, DW, PT, PL, OH, OW);
  const v = variant < 0 ? gemmChoose(transA, 0, M, N, K) : variant;
  gemmDriver(v, transA, 0, M, N, K, 1, 0, 0, b, ldb, beta, c, ldc, bias, act, actParam, ws, true);
}
