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
// loop that waits on them (issue 19; BENCHMARKS.md has the figures). Same values, same summation
// order: the results are bit-identical to packing first. Edge tiles (M % MR, N % NR) run the same
// micro-kernel into a scratch tile, then a scalar epilogue writes the valid part. All scratch lives in the caller's
// workspace `ws` (gemmWorkspaceBytes()). Tile and blocking: a variant (gemmVariants.ts), the one
// this instance selected for the shape's class (sgemm) or an explicit one (sgemmVariant).
import { ACT_LINEAR, ACT_RELU } from '../codes';
import { activationForward } from './activation';
import { FIRST, LAST, BETA, BIAS, RELU, storeEdge } from './gemmEpilogue';
import { packPanel } from './gemmPack';
import { PACK_FLOATS, TILE_FLOATS, gemmChoose, normalise, runTile, tileMR, tileNR, variantMC, variantKC, variantNC, runTilePacking } from './gemmVariants';

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
  assert(M >= 1 && N >= 1 && K >= 1, 'sgemm: sizes must be >= 1');
  const v = normalise(variant);
  const t = v & 15;
  const MR = tileMR(t);
  const NR = tileNR(t);
  const MC = variantMC(v);
  const KC = variantKC(v);
  const NC = (variantNC(v) / NR) * NR; // whole panels: edge tiles only at N's end, wherever a split starts
  // Element (i, k) of op(A) is at a + (i*sAi + k*sAk)*4; element (k, j) of op(B) at b + (k*sBk + j*sBj)*4.
  const sAi: usize = transA ? 1 : <usize>lda;
  const sAk: usize = transA ? <usize>lda : 1;
  const sBk: usize = transB ? 1 : <usize>ldb;
  const sBj: usize = transB ? <usize>ldb : 1;
  const packedA = ws;
  const packedB = ws + <usize>(MC * KC) * 4;
  const tile = packedB + <usize>(KC * NC) * 4;
  const common = (beta != 0 ? BETA : 0) | (bias ? BIAS : 0) | (act == ACT_RELU ? RELU : 0);
  const tileLd = <usize>NR * 4;
  // B packed by its first row tile (header) where op(B) has NR contiguous floats per k: B not transposed.
  const fuseB = !transB;

  // Equal K slices (K = 784: 3 x 264 rather than 3 x 256 + 16): the epilogue runs once per slice.
  // A multiple of 4 (the packer's transpose width), at most KC + 3.
  const kSlices = (K + KC - 1) / KC;
  const kcStep = (((K + kSlices - 1) / kSlices) + 3) & ~3;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += kcStep) {
      const kc = min(kcStep, K - pc);
      const flags = common | (pc == 0 ? FIRST : 0) | (pc + kc == K ? LAST : 0);
      // B panels are packed up front, or (fused) by the first tile of each panel in the first MC block.
      if (!fuseB) {
        for (let jp = 0; jp < nc; jp += NR) {
          packPanel(packedB + <usize>(jp * kc) * 4, b + (<usize>pc * sBk + <usize>(jc + jp) * sBj) * 4, sBj, sBk, min(NR, nc - jp), NR, kc);
        }
      }
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        for (let ip = 0; ip < mc; ip += MR) {
          const src = a + (<usize>(ic + ip) * sAi + <usize>pc * sAk) * 4;
          packPanel(packedA + <usize>(ip * kc) * 4, src, sAi, sAk, min(MR, mc - ip), MR, kc);
        }
        for (let jp = 0; jp < nc; jp += NR) {
          const nr = min(NR, nc - jp);
          const pb = packedB + <usize>(jp * kc) * 4;
          const biasJ = bias + <usize>(jc + jp) * 4;
          const cj = c + (<usize>ic * <usize>ldc + <usize>(jc + jp)) * 4;
          let ip = 0;
          if (fuseB && ic == 0) {
            const src = b + (<usize>pc * sBk + <usize>(jc + jp)) * 4;
            if (nr == NR && mc >= MR) {
              runTilePacking(t, kc, packedA, src, sBk * 4, pb, cj, <usize>ldc * 4, alpha, beta, flags, biasJ);
              ip = MR;
            } else packPanel(pb, src, 1, sBk, nr, NR, kc);
          }
          for (; ip < mc; ip += MR) {
            const mr = min(MR, mc - ip);
            const pa = packedA + <usize>(ip * kc) * 4;
            const cij = cj + <usize>ip * <usize>ldc * 4;
            if (mr == MR && nr == NR) {
              runTile(t, kc, pa, pb, cij, <usize>ldc * 4, alpha, beta, flags, biasJ);
            } else {
              runTile(t, kc, pa, pb, tile, tileLd, 1, 0, FIRST, 0);
              storeEdge(tile, NR, mr, nr, cij, <usize>ldc, alpha, beta, flags, biasJ);
            }
          }
        }
        if (flags & LAST && act != ACT_LINEAR && act != ACT_RELU) {
          for (let i = ic; i < ic + mc; i++) {
            const row = c + (<usize>i * <usize>ldc + <usize>jc) * 4;
            activationForward(act, row, row, nc, actParam);
          }
        }
      }
    }
  }
}
