// The BLIS loop nest of sgemm (gemm.ts: method, sources, the meaning of every argument), shared by
// sgemmVariant and conv2dGemm (convGemm.ts). The one difference between them is where the A panels
// come from: with patches = false, op(A) is a matrix in memory at a (lda, transA); with patches =
// true, op(A) is the patch matrix of an NHWC image that im2colPack.ts packs straight from the input
// (implicit im2col; the geometry was set by setPatches, a and lda are unused). Not exported from the
// module: its callers are.
import { ACT_LINEAR, ACT_RELU } from '../codes';
import { activationForward } from './activation';
import { FIRST, LAST, BETA, BIAS, RELU, storeEdge } from './gemmEpilogue';
import { packPanel } from './gemmPack';
import { packPatchRows, packPatchColumns } from './im2colPack';
import { normalise, runTile, tileMR, tileNR, variantMC, variantKC, variantNC, runTilePacking, runTileTransposing, hasTransposingTile } from './gemmVariants';

export function gemmDriver(
  variant: i32, transA: i32, transB: i32, M: i32, N: i32, K: i32, alpha: f32, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f32, c: usize, ldc: i32, bias: usize, act: i32, actParam: f32, ws: usize, patches: bool,
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
  // B is packed by the first row tile of each panel (gemm.ts): from op(B)'s rows when B is not
  // transposed, by 4 x 4 transposes when it is (dX = dY·Wᵀ), which needs whole groups of 4 k and a
  // tile with such a kernel: a K slice whose kc is not a multiple of 4 (only the last one can be), or
  // a 6x8/6x8s/5x8 tile, packs B up front.
  const fuseT = transB && hasTransposingTile(t);

  // Equal K slices (K = 784: 3 x 264 rather than 3 x 256 + 16): the epilogue runs once per slice.
  // A multiple of 4 (the packer's transpose width), at most KC + 3.
  const kSlices = (K + KC - 1) / KC;
  const kcStep = (((K + kSlices - 1) / kSlices) + 3) & ~3;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += kcStep) {
      const kc = min(kcStep, K - pc);
      const flags = common | (pc == 0 ? FIRST : 0) | (pc + kc == K ? LAST : 0);
      const fuseB = !transB || (fuseT && (kc & 3) == 0);
      // B panels are packed up front, or (fused) by the first tile of each panel in the first MC block.
      if (!fuseB) {
        for (let jp = 0; jp < nc; jp += NR) {
          packPanel(packedB + <usize>(jp * kc) * 4, b + (<usize>pc * sBk + <usize>(jc + jp) * sBj) * 4, sBj, sBk, min(NR, nc - jp), NR, kc);
        }
      }
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        if (patches && transA) packPatchColumns(packedA, ic, pc, mc, MR, kc);
        else {
          for (let ip = 0; ip < mc; ip += MR) {
            const dst = packedA + <usize>(ip * kc) * 4;
            if (patches) packPatchRows(dst, ic + ip, pc, min(MR, mc - ip), MR, kc);
            else packPanel(dst, a + (<usize>(ic + ip) * sAi + <usize>pc * sAk) * 4, sAi, sAk, min(MR, mc - ip), MR, kc);
          }
        }
        for (let jp = 0; jp < nc; jp += NR) {
          const nr = min(NR, nc - jp);
          const pb = packedB + <usize>(jp * kc) * 4;
          const biasJ = bias + <usize>(jc + jp) * 4;
          const cj = c + (<usize>ic * <usize>ldc + <usize>(jc + jp)) * 4;
          let ip = 0;
          if (fuseB && ic == 0) {
            const src = b + (<usize>pc * sBk + <usize>(jc + jp) * sBj) * 4;
            if (nr == NR && mc >= MR) {
              if (transB) runTileTransposing(t, kc, packedA, src, sBj * 4, pb, cj, <usize>ldc * 4, alpha, beta, flags, biasJ);
              else runTilePacking(t, kc, packedA, src, sBk * 4, pb, cj, <usize>ldc * 4, alpha, beta, flags, biasJ);
              ip = MR;
            } else packPanel(pb, src, sBj, sBk, nr, NR, kc);
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
