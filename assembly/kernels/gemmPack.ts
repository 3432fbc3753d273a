// GEMM operand packing (the BLIS layout, gemm.ts): a panel of W rows of op(A) (W = MR) or W columns
// of op(B) (W = NR) over kc values of k becomes dst[k, W], k-major and zero-padded, so the
// micro-kernel streams it contiguously whatever the transposes. W is any tile width 2..16.
import { storeTransposed4 } from '../simd';

/**
 * Packs one panel: dst[k, W] = X(r, k) for r < w, zero for w <= r < W, where X(r, k) is the float at
 * src + (r*sr + k*sk)*4. One of sr, sk is 1 (the direction in which the matrix is stored
 * contiguously); that picks the fast path. Partial panels (w < W) go scalar.
 */
export function packPanel(dst: usize, src: usize, sr: usize, sk: usize, w: i32, W: i32, kc: i32): void {
  if (w < W) packScalar(dst, src, sr, sk, w, W, 0, kc);
  else if (sr == 1) packCopy(dst, src, sk, W, kc);
  else if (W < 4) packScalar(dst, src, sr, sk, w, W, 0, kc);
  else {
    const k4 = kc & ~3;
    packTransposed(dst, src, sr, W, k4);
    packScalar(dst, src, sr, 1, w, W, k4, kc);
  }
}

/** r contiguous: each k copies W floats, f32x4 at a time, then the W % 4 last ones. */
function packCopy(dst: usize, src: usize, sk: usize, W: i32, kc: i32): void {
  const rowBytes = <usize>W * 4;
  const vecBytes = <usize>(W & ~3) * 4;
  const srcStep = sk * 4;
  for (let k = 0; k < kc; k++) {
    let r: usize = 0;
    for (; r < vecBytes; r += 16) v128.store(dst + r, v128.load(src + r));
    for (; r < rowBytes; r += 4) store<f32>(dst + r, load<f32>(src + r));
    src += srcStep;
    dst += rowBytes;
  }
}

/**
 * k contiguous, k < k4 (a multiple of 4), W >= 4: blocks of 4 rows x 4 k, each transposed in
 * registers (PLATFORM.md: scalar strided packing cost 10-15%). When W is not a multiple of 4 the last
 * block starts at W - 4 and overlaps the one before: both write the same values there.
 */
function packTransposed(dst: usize, src: usize, sr: usize, W: i32, k4: i32): void {
  const rowBytes = <usize>W * 4;
  const srBytes = sr * 4;
  for (let k = 0; k < k4; k += 4) {
    for (let r0 = 0; r0 < W; r0 += 4) {
      const r = min(r0, W - 4);
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
