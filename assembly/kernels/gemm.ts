// SGEMM, row-major f32: C[M,N] = alpha * op(A)[M,K] · op(B)[K,N] + beta * C, then + bias[N] (per
// column, broadcast over rows) and an activation, in place. This is the one kernel dense layers use:
//   forward  Y[B,OC] = X[B,C] · W[C,OC] + b         NN, bias and activation fused
//   dX[B,C]  = dY[B,OC] · W[C,OC]ᵀ                   NT
//   dW[C,OC] += X[B,C]ᵀ · dY[B,OC]                   TN, beta = 1
// Legend: M rows of C, N columns of C, K the reduced dimension; lda/ldb/ldc are row strides in floats.
// A is stored [M,lda] (transA = 0) or [K,lda] (transA = 1); B is [K,ldb] (transB = 0) or [N,ldb].
//
// Method: the BLIS loop nest (Van Zee & van de Geijn, "BLIS: A Framework for Rapidly Instantiating
// BLAS Functionality", ACM TOMS 2015). B is packed in KC x NC blocks into NR-column panels and A in
// MC x KC blocks into MR-row panels (gemmPack.ts), so the micro-kernel streams both operands
// contiguously whatever the transposes. The MR x NR register tile of C lives in MR*NR/4 f32x4
// accumulators for a whole KC slice. When B is not transposed (NN forward, TN dW), no packing pass
// runs for B: the first row tile of each B panel reads op(B) itself and stores the panel as it goes
// (gen/gemmTiles.ts `...p` kernels), so the B block (the weights in a forward: 1-1.6 MB for mnist_mlp,
// beyond L2) is read once, by a loop whose loads overlap its multiply-adds rather than by a copy
// loop that waits on them (issue 19; BENCHMARKS.md has the figures). When B is transposed (dX = dY·Wᵀ)
// the first tile packs it too, by 4 x 4 transposes of 4 k at a time (`...t` kernels; 4x8, 4x8s, 3x12
// and 2x16, K slices of a multiple of 4 k; otherwise a packing pass runs first). Same values, same
// summation order: the results are bit-identical to packing first. Edge tiles (M % MR, N % NR) run the same
// micro-kernel into a scratch tile, then a scalar epilogue writes the valid part. All scratch lives in the caller's
// workspace `ws` (gemmWorkspaceBytes()). Tile and blocking: a variant (gemmVariants.ts), the one
// this instance selected for the shape's class (sgemm) or an explicit one (sgemmVariant).
// The loop nest itself is gemmDriver.ts, which conv2dGemm (convGemm.ts) shares.
import { gemmDriver } from './gemmDriver';
import { PACK_FLOATS, TILE_FLOATS, gemmChoose } from './gemmVariants';

export { gemmSetSelection, gemmChoose, gemmClass, gemmTile, gemmVariantCount } from './gemmVariants';

/** Bytes of packing workspace sgemm needs (any variant): packed A block, packed B block, one edge tile. */
export function gemmWorkspaceBytes(): i32 {
  return (PACK_FLOATS + TILE_FLOATS) * 4;
}

/**
 * C = alpha * op(A) · op(B) + beta * C (+ bias) (activation). a, b, c, bias, ws are byte offsets;
 * bias is (N) or 0 for none; act is a code from assembly/codes.ts: relu runs in the register epilogue,
 * the others (activationForward) on each MC x NC block of C right after its last K slice, while hot.
 * Runs the variant this instance selected for the shape (gemmChoose).
 */
export function sgemm(
  transA: i32, transB: i32, M: i32, N: i32, K: i32, alpha: f32, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f32, c: usize, ldc: i32, bias: usize, act: i32, actParam: f32, ws: usize,
): void {
  const v = gemmChoose(transA, transB, M, N, K);
  sgemmVariant(v, transA, transB, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc, bias, act, actParam, ws);
}

/**
 * sgemm with an explicit variant (tile | blocking << 4, gemmVariants.ts; one this build lacks runs as
 * 4x8 / B0). The result depends on the variant only through the summation order: deterministic per
 * variant. The threads split calls it on every part with the variant of the full shape.
 */
export function sgemmVariant(
  variant: i32, transA: i32, transB: i32, M: i32, N: i32, K: i32, alpha: f32, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f32, c: usize, ldc: i32, bias: usize, act: i32, actParam: f32, ws: usize,
): void {
  gemmDriver(variant, transA, transB, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc, bias, act, actParam, ws, false);
}
