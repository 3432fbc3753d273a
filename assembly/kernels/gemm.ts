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
// MC x KC blocks into MR-row panels (k-major, zero-padded at the edges), so the micro-kernel streams
// both operands contiguously whatever the transposes; the transposed cases cost only the packing,
// which uses 4x4 shuffle transposes (PLATFORM.md: scalar strided packing cost 10-15% at M = 128).
// The MR x NR register tile of C lives in MR*NR/4 f32x4 accumulators for a whole KC slice.
// Edge tiles (M % MR, N % NR) run the same micro-kernel into a scratch tile, then a scalar epilogue
// writes the valid part. All scratch lives in the caller's workspace `ws` (gemmWorkspaceBytes()).
import { ACT_LINEAR, ACT_RELU } from '../codes';
import { madd, atLeast, storeTransposed4 } from '../simd';
import { activationForward } from './activation';

// Register tile: 4 rows x 8 columns of C in 8 f32x4 accumulators, for both builds. V8 (x64) hands
// out 15 xmm registers and schedules every load of a loop iteration ahead of the arithmetic, so all
// MR splats + NR/4 B vectors are live at once next to the accumulators: 4x8 needs 8 + 2 + 4 = 14.
// 6x8 (18) and 5x8 (16) spill (measured 2x slower); 3x12, 2x16 and 5x8 with shuffle-splats fit but
// ran within 3% of 4x8 here (AMD EPYC, Node 20), so the simplest tile stays.
const MR: i32 = 4;
const NR: i32 = 8;
// Cache blocks: a KC x NR panel of B (8 KB) stays in L1 while MC/MR panels of A (MC*KC*4 = 120 KB)
// stream from L2; the KC x NC block of B (512 KB) is reused for every MC block of rows. MC is a
// multiple of MR. PLATFORM.md: within +-5% over nearby sizes.
const KC: i32 = 256;
const MC: i32 = 120;
const NC: i32 = 512;

// Epilogue flags for one KC slice.
const FIRST: i32 = 1; // first K slice: C = alpha*acc (+ beta*C); later slices: C += alpha*acc
const LAST: i32 = 2; // last K slice: add bias, apply the activation
const BETA: i32 = 4; // beta != 0 (beta = 0 must not read C: it may hold NaN)
const BIAS: i32 = 8;
const RELU: i32 = 16;

/** Bytes of packing workspace sgemm needs: packed A block, packed B block, one edge tile. */
export function gemmWorkspaceBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

/**
 * C = alpha * op(A) · op(B) + beta * C (+ bias) (activation). a, b, c, bias, ws are byte offsets;
 * bias is (N) or 0 for none; act is a code from assembly/codes.ts: relu runs in the register epilogue,
 * the others (activationForward) on each MC x NC block of C right after its last K slice, while hot.
 */
export function sgemm(
  transA: i32, transB: i32, M: i32, N: i32, K: i32, alpha: f32, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f32, c: usize, ldc: i32, bias: usize, act: i32, actParam: f32, ws: usize,
): void {
  assert(M >= 1 && N >= 1 && K >= 1, 'sgemm: sizes must be >= 1');
  // Element (i, k) of op(A) is at a + (i*sAi + k*sAk)*4; element (k, j) of op(B) at b + (k*sBk + j*sBj)*4.
  const sAi: usize = transA ? 1 : <usize>lda;
  const sAk: usize = transA ? <usize>lda : 1;
  const sBk: usize = transB ? 1 : <usize>ldb;
  const sBj: usize = transB ? <usize>ldb : 1;
  const packedA = ws;
  const packedB = ws + <usize>(MC * KC) * 4;
  const tile = packedB + <usize>(KC * NC) * 4;
  const common = (beta != 0 ? BETA : 0) | (bias ? BIAS : 0) | (act == ACT_RELU ? RELU : 0);

  // Equal K slices (K = 784: 3 x 264 rather than 3 x 256 + 16): the epilogue runs once per slice.
  // A multiple of 4 (the packer's transpose width) and still <= KC.
  const kSlices = (K + KC - 1) / KC;
  const kcStep = (((K + kSlices - 1) / kSlices) + 3) & ~3;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += kcStep) {
      const kc = min(kcStep, K - pc);
      const flags = common | (pc == 0 ? FIRST : 0) | (pc + kc == K ? LAST : 0);
      for (let jp = 0; jp < nc; jp += NR) {
        const src = b + (<usize>pc * sBk + <usize>(jc + jp) * sBj) * 4;
        packPanel(packedB + <usize>(jp * kc) * 4, src, sBj, sBk, min(NR, nc - jp), NR, kc);
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
          for (let ip = 0; ip < mc; ip += MR) {
            const mr = min(MR, mc - ip);
            const pa = packedA + <usize>(ip * kc) * 4;
            const cij = c + (<usize>(ic + ip) * <usize>ldc + <usize>(jc + jp)) * 4;
            if (mr == MR && nr == NR) {
              microKernel(kc, pa, pb, cij, <usize>ldc * 4, alpha, beta, flags, biasJ);
            } else {
              microKernel(kc, pa, pb, tile, <usize>NR * 4, 1, 0, FIRST, 0);
              storeEdge(tile, mr, nr, cij, <usize>ldc, alpha, beta, flags, biasJ);
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

/**
 * The 4 x 8 register tile: acc[4,8] = Σ_k pa[k,4] ⊗ pb[k,8] over one KC slice, then the epilogue into
 * c (row stride ldcBytes). pa holds 4 floats per k, pb 8 (packPanel layout).
 */
function microKernel(kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize, alpha: f32, beta: f32, flags: i32, bias: usize): void {
  const z = f32x4.splat(0);
  let c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z;
  const pbEnd = pb + <usize>kc * NR * 4;
  while (pb < pbEnd) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const x0 = v128.load32_splat(pa);
    c0a = madd(x0, b0, c0a);
    c0b = madd(x0, b1, c0b);
    const x1 = v128.load32_splat(pa, 4);
    c1a = madd(x1, b0, c1a);
    c1b = madd(x1, b1, c1b);
    const x2 = v128.load32_splat(pa, 8);
    c2a = madd(x2, b0, c2a);
    c2b = madd(x2, b1, c2b);
    const x3 = v128.load32_splat(pa, 12);
    c3a = madd(x3, b0, c3a);
    c3b = madd(x3, b1, c3b);
    pa += <usize>MR * 4;
    pb += <usize>NR * 4;
  }
  const av = f32x4.splat(alpha);
  const bv = f32x4.splat(beta);
  storeRow(c0a, c0b, c, av, bv, flags, bias);
  storeRow(c1a, c1b, c + ldcBytes, av, bv, flags, bias);
  storeRow(c2a, c2b, c + 2 * ldcBytes, av, bv, flags, bias);
  storeRow(c3a, c3b, c + 3 * ldcBytes, av, bv, flags, bias);
}

// @ts-ignore: decorator
@inline function storeRow(x0: v128, x1: v128, c: usize, av: v128, bv: v128, flags: i32, bias: usize): void {
  storeQuad(x0, c, av, bv, flags, bias);
  storeQuad(x1, c + 16, av, bv, flags, bias + 16);
}

/** Epilogue of 4 columns: the SIMD twin of storeEdge's inner loop. */
// @ts-ignore: decorator
@inline function storeQuad(acc: v128, c: usize, av: v128, bv: v128, flags: i32, bias: usize): void {
  let v = f32x4.mul(acc, av);
  if (flags & FIRST) {
    if (flags & BETA) v = madd(bv, v128.load(c), v);
  } else v = f32x4.add(v, v128.load(c));
  if (flags & LAST) {
    if (flags & BIAS) v = f32x4.add(v, v128.load(bias));
    if (flags & RELU) v = atLeast(v, f32x4.splat(0));
  }
  v128.store(c, v);
}

/** Epilogue of a partial tile: tile[MR,NR] (raw accumulators) -> the valid mr x nr part of C. */
function storeEdge(tile: usize, mr: i32, nr: i32, c: usize, ldc: usize, alpha: f32, beta: f32, flags: i32, bias: usize): void {
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const p = c + (<usize>i * ldc + <usize>j) * 4;
      let v = alpha * load<f32>(tile + <usize>(i * NR + j) * 4);
      if (flags & FIRST) {
        if (flags & BETA) v += beta * load<f32>(p);
      } else v += load<f32>(p);
      if (flags & LAST) {
        if (flags & BIAS) v += load<f32>(bias + <usize>j * 4);
        if (flags & RELU) v = max<f32>(v, 0);
      }
      store<f32>(p, v);
    }
  }
}

/**
 * Packs one panel: dst[k, W] (k-major, W floats per k) = X(r, k) for r < w, zero for w <= r < W,
 * where X(r, k) is the float at src + (r*sr + k*sk)*4. A panels are (r = row of op(A), W = MR) and B
 * panels (r = column of op(B), W = NR); W is a multiple of 4. One of sr, sk is 1 (the direction in
 * which the matrix is stored contiguously); that picks the fast path. Partial panels go scalar.
 */
function packPanel(dst: usize, src: usize, sr: usize, sk: usize, w: i32, W: i32, kc: i32): void {
  if (w < W) packScalar(dst, src, sr, sk, w, W, 0, kc);
  else if (sr == 1) packCopy(dst, src, sk, W, kc);
  else {
    const k4 = kc & ~3;
    packTransposed(dst, src, sr, W, k4);
    packScalar(dst, src, sr, 1, w, W, k4, kc);
  }
}

/** r contiguous: each k copies W floats, f32x4 at a time. */
function packCopy(dst: usize, src: usize, sk: usize, W: i32, kc: i32): void {
  const rowBytes = <usize>W * 4;
  const srcStep = sk * 4;
  for (let k = 0; k < kc; k++) {
    for (let r: usize = 0; r < rowBytes; r += 16) v128.store(dst + r, v128.load(src + r));
    src += srcStep;
    dst += rowBytes;
  }
}

/** k contiguous, k < k4 (a multiple of 4): 4 rows x 4 k blocks, each transposed in registers. */
function packTransposed(dst: usize, src: usize, sr: usize, W: i32, k4: i32): void {
  const rowBytes = <usize>W * 4;
  const srBytes = sr * 4;
  for (let k = 0; k < k4; k += 4) {
    for (let r = 0; r < W; r += 4) {
      const p = src + (<usize>r * sr + <usize>k) * 4;
      const rows = v128.load(p);
      storeTransposed4(rows, v128.load(p + srBytes), v128.load(p + 2 * srBytes), v128.load(p + 3 * srBytes), dst + (<usize>k * W + r) * 4, rowBytes);
    }
  }
}

/** Scalar packing of k in [k0, kc), zero padding for rows w <= r < W. */
function packScalar(dst: usize, src: usize, sr: usize, sk: usize, w: i32, W: i32, k0: i32, kc: i32): void {
  for (let k = k0; k < kc; k++) {
    for (let r = 0; r < W; r++) {
      const v: f32 = r < w ? load<f32>(src + (<usize>r * sr + <usize>k * sk) * 4) : 0;
      store<f32>(dst + (<usize>(k * W + r)) * 4, v);
    }
  }
}
