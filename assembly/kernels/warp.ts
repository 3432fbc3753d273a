// The affine warp for image augmentation: a gather with bilinear or nearest interpolation and four
// fill modes (brightness and contrast are in color.ts). Images are channels-last f32.
// Legend: N images, H rows, W columns, C channels; x and out are (N,H,W,C), m is (N,6).
//
// Coordinates are pixel centres: pixel (row i, column j) is the point (x=j, y=i), as in
// tf.raw_ops.ImageProjectiveTransformV3, which Keras 3's affine_transform calls. The matrix of image n,
// m[n] = [a0 a1 a2 b0 b1 b2], maps an OUTPUT pixel (x, y) to the INPUT point
//   (x', y') = (a0 x + a1 y + a2, b0 x + b1 y + b2)
// (TF's first six transform entries; it is the inverse of the visual transform).
// Fill modes (Keras docs): constant (k k k k | a b c d | k k k k), nearest (a a a a | a b c d | d d d d),
// reflect (d c b a | a b c d | d c b a), wrap (a b c d | a b c d | a b c d). They are applied to the
// integer neighbour indices after choosing them, so bilinear interpolation sees the extended image.
// For constant, nearest and reflect this equals TF's kernel (which folds the real coordinate and
// clamps); for wrap it differs only between the last and the first pixel, where we interpolate across
// the seam (as scipy's "grid-wrap") and TF clamps. Nearest interpolation rounds half away from zero
// (std::round, as TF). Input coordinates are clamped to +-2^22 first (NaN to -2^22), which keeps every
// index computation exact in f32 for H, W <= 2^20 (checked by bindings/warp.ts); a 0-weight neighbour
// that is Inf or NaN still poisons the sum (0 * Inf), as in TF.
// The host guarantees: out does not overlap x (a gather cannot run in place), H*W*C*4 < 2^31.
// Layout of the work: coordinates, weights and neighbour indices for 4 output pixels at a time in
// f32x4/i32x4; then C = 1 gathers each neighbour's 4 values into one vector (replace_lane loads) and
// blends 4 pixels at once, C > 1 blends one pixel at a time with its channels in f32x4 chunks.

const INTERP_NEAREST: i32 = 0; // mirror: bindings/warp.ts INTERPOLATION_CODES
const FILL_CONSTANT: i32 = 0; // mirror: bindings/warp.ts FILL_MODE_CODES
const FILL_REFLECT: i32 = 2;
const FILL_WRAP: i32 = 3;
const COORD_LIMIT: f32 = 4194304.0; // 2^22

/** Warps each image by its matrix: out[n](x, y) = x[n](m[n] * (x, y, 1)). */
export function warpAffine(x: usize, out: usize, m: usize, n: i32, h: i32, w: i32, c: i32, interp: i32, fillMode: i32, fillValue: f32): void {
  const image = <usize>h * <usize>w * <usize>c * 4;
  for (let i = 0; i < n; i++) {
    const src = x + <usize>i * image;
    const dst = out + <usize>i * image;
    const mi = m + <usize>i * 24;
    for (let y = 0; y < h; y++) {
      const row = dst + <usize>y * <usize>w * <usize>c * 4;
      if (interp == INTERP_NEAREST) rowNearest(src, row, mi, y, h, w, c, fillMode, fillValue);
      else rowBilinear(src, row, mi, y, h, w, c, fillMode, fillValue);
    }
  }
}

/** One output row with bilinear weights; coordinates for 4 output pixels at a time. */
function rowBilinear(src: usize, row: usize, mi: usize, y: i32, h: i32, w: i32, c: i32, fillMode: i32, fill: f32): void {
  const a0 = f32x4.splat(load<f32>(mi, 0));
  const b0 = f32x4.splat(load<f32>(mi, 12));
  const rx = f32x4.splat(load<f32>(mi, 4) * <f32>y + load<f32>(mi, 8));
  const ry = f32x4.splat(load<f32>(mi, 16) * <f32>y + load<f32>(mi, 20));
  const one = f32x4.splat(1);
  const wf = <f32>w;
  const hf = <f32>h;
  const fillV = f32x4.splat(fill);
  const rowStride = i32x4.splat(w);
  const constant = fillMode == FILL_CONSTANT;
  for (let x = 0; x < w; x += 4) {
    const xs = f32x4.add(f32x4.splat(<f32>x), f32x4(0, 1, 2, 3));
    const xin = clampCoord(f32x4.add(f32x4.mul(a0, xs), rx));
    const yin = clampCoord(f32x4.add(f32x4.mul(b0, xs), ry));
    const x0 = f32x4.floor(xin);
    const y0 = f32x4.floor(yin);
    const fx = f32x4.sub(xin, x0);
    const fy = f32x4.sub(yin, y0);
    const gx = f32x4.sub(one, fx);
    const gy = f32x4.sub(one, fy);
    const x1 = f32x4.add(x0, one);
    const y1 = f32x4.add(y0, one);
    // Validity masks matter only for constant fill; the other modes fold every index into range.
    const vx0 = inRange(x0, wf);
    const vx1 = inRange(x1, wf);
    const vy0 = inRange(y0, hf);
    const vy1 = inRange(y1, hf);
    const ix0 = fold(x0, wf, fillMode);
    const ix1 = fold(x1, wf, fillMode);
    const r0 = i32x4.mul(fold(y0, hf, fillMode), rowStride);
    const r1 = i32x4.mul(fold(y1, hf, fillMode), rowStride);
    let p00 = i32x4.add(r0, ix0);
    let p01 = i32x4.add(r0, ix1);
    let p10 = i32x4.add(r1, ix0);
    let p11 = i32x4.add(r1, ix1);
    const count = min(4, w - x);
    if (c == 1) {
      let v00 = gather(src, p00);
      let v01 = gather(src, p01);
      let v10 = gather(src, p10);
      let v11 = gather(src, p11);
      if (constant) {
        v00 = v128.bitselect(v00, fillV, v128.and(vy0, vx0));
        v01 = v128.bitselect(v01, fillV, v128.and(vy0, vx1));
        v10 = v128.bitselect(v10, fillV, v128.and(vy1, vx0));
        v11 = v128.bitselect(v11, fillV, v128.and(vy1, vx1));
      }
      const top = f32x4.add(f32x4.mul(gx, v00), f32x4.mul(fx, v01));
      const bot = f32x4.add(f32x4.mul(gx, v10), f32x4.mul(fx, v11));
      storeLanes(row + (<usize>x << 2), f32x4.add(f32x4.mul(gy, top), f32x4.mul(fy, bot)), count);
      continue;
    }
    if (constant) {
      // -1 marks a neighbour outside the image: pixelBilinear reads the fill value for it.
      const neg = i32x4.splat(-1);
      p00 = v128.bitselect(p00, neg, v128.and(vy0, vx0));
      p01 = v128.bitselect(p01, neg, v128.and(vy0, vx1));
      p10 = v128.bitselect(p10, neg, v128.and(vy1, vx0));
      p11 = v128.bitselect(p11, neg, v128.and(vy1, vx1));
    }
    const dst = row + <usize>x * <usize>c * 4;
    const px = <usize>c * 4;
    // C not a multiple of 4: a pixel's last channels run as one f32x4 whose extra lanes (fewer than
    // C) read and write the start of the next pixel (written again, correctly, later), except where
    // that lies beyond the image: the input's last pixel, the output's last pixel.
    let wide = i32x4.splat(0);
    if ((c & 3) != 0) {
      const last = i32x4.splat(h * w - 1);
      wide = v128.and(v128.and(i32x4.ne(p00, last), i32x4.ne(p01, last)), v128.and(i32x4.ne(p10, last), i32x4.ne(p11, last)));
      if (y == h - 1 && w - x <= 4) wide = v128.and(wide, i32x4.ne(i32x4(0, 1, 2, 3), i32x4.splat(count - 1)));
    }
    pixelBilinear(src, dst, c, fill, i32x4.extract_lane(wide, 0),
      i32x4.extract_lane(p00, 0), i32x4.extract_lane(p01, 0), i32x4.extract_lane(p10, 0), i32x4.extract_lane(p11, 0),
      f32x4.extract_lane(gx, 0), f32x4.extract_lane(fx, 0), f32x4.extract_lane(gy, 0), f32x4.extract_lane(fy, 0));
    if (count > 1) pixelBilinear(src, dst + px, c, fill, i32x4.extract_lane(wide, 1),
      i32x4.extract_lane(p00, 1), i32x4.extract_lane(p01, 1), i32x4.extract_lane(p10, 1), i32x4.extract_lane(p11, 1),
      f32x4.extract_lane(gx, 1), f32x4.extract_lane(fx, 1), f32x4.extract_lane(gy, 1), f32x4.extract_lane(fy, 1));
    if (count > 2) pixelBilinear(src, dst + 2 * px, c, fill, i32x4.extract_lane(wide, 2),
      i32x4.extract_lane(p00, 2), i32x4.extract_lane(p01, 2), i32x4.extract_lane(p10, 2), i32x4.extract_lane(p11, 2),
      f32x4.extract_lane(gx, 2), f32x4.extract_lane(fx, 2), f32x4.extract_lane(gy, 2), f32x4.extract_lane(fy, 2));
    if (count > 3) pixelBilinear(src, dst + 3 * px, c, fill, i32x4.extract_lane(wide, 3),
      i32x4.extract_lane(p00, 3), i32x4.extract_lane(p01, 3), i32x4.extract_lane(p10, 3), i32x4.extract_lane(p11, 3),
      f32x4.extract_lane(gx, 3), f32x4.extract_lane(fx, 3), f32x4.extract_lane(gy, 3), f32x4.extract_lane(fy, 3));
  }
}

/** One output row, nearest neighbour: the input pixel at the rounded coordinate, or the fill value. */
function rowNearest(src: usize, row: usize, mi: usize, y: i32, h: i32, w: i32, c: i32, fillMode: i32, fill: f32): void {
  const a0 = f32x4.splat(load<f32>(mi, 0));
  const b0 = f32x4.splat(load<f32>(mi, 12));
  const rx = f32x4.splat(load<f32>(mi, 4) * <f32>y + load<f32>(mi, 8));
  const ry = f32x4.splat(load<f32>(mi, 16) * <f32>y + load<f32>(mi, 20));
  const wf = <f32>w;
  const hf = <f32>h;
  const rowStride = i32x4.splat(w);
  const constant = fillMode == FILL_CONSTANT;
  for (let x = 0; x < w; x += 4) {
    const xs = f32x4.add(f32x4.splat(<f32>x), f32x4(0, 1, 2, 3));
    const xr = roundHalfAway(clampCoord(f32x4.add(f32x4.mul(a0, xs), rx)));
    const yr = roundHalfAway(clampCoord(f32x4.add(f32x4.mul(b0, xs), ry)));
    const valid = v128.and(inRange(xr, wf), inRange(yr, hf));
    let p = i32x4.add(i32x4.mul(fold(yr, hf, fillMode), rowStride), fold(xr, wf, fillMode));
    const count = min(4, w - x);
    if (c == 1) {
      let v = gather(src, p);
      if (constant) v = v128.bitselect(v, f32x4.splat(fill), valid);
      storeLanes(row + (<usize>x << 2), v, count);
      continue;
    }
    if (constant) p = v128.bitselect(p, i32x4.splat(-1), valid);
    const dst = row + <usize>x * <usize>c * 4;
    const px = <usize>c * 4;
    copyPixel(src, dst, c, fill, i32x4.extract_lane(p, 0));
    if (count > 1) copyPixel(src, dst + px, c, fill, i32x4.extract_lane(p, 1));
    if (count > 2) copyPixel(src, dst + 2 * px, c, fill, i32x4.extract_lane(p, 2));
    if (count > 3) copyPixel(src, dst + 3 * px, c, fill, i32x4.extract_lane(p, 3));
  }
}

/** Clamps coordinates to +-2^22; NaN becomes -2^22 (pmax keeps its first operand when unordered). */
// @ts-ignore: decorator
@inline function clampCoord(v: v128): v128 {
  return f32x4.pmin(f32x4.splat(COORD_LIMIT), f32x4.pmax(f32x4.splat(-COORD_LIMIT), v));
}

/** Lane mask: 0 <= i <= len - 1 for integral i. */
// @ts-ignore: decorator
@inline function inRange(i: v128, len: f32): v128 {
  return v128.and(f32x4.ge(i, f32x4.splat(0)), f32x4.le(i, f32x4.splat(len - 1)));
}

/** Maps integral coordinates into [0, len - 1] by the fill mode and converts to i32 indices.
 *  reflect: period 2len, second half mirrored; wrap: period len; constant and nearest: clamp. The
 *  final clamp is the memory-safety guard for every mode. Exact in f32 for |i| <= 2^22, len <= 2^20. */
// @ts-ignore: decorator
@inline function fold(i: v128, len: f32, mode: i32): v128 {
  let t = i;
  if (mode == FILL_REFLECT) {
    const p = f32x4.splat(len * 2);
    t = f32x4.sub(i, f32x4.mul(p, f32x4.floor(f32x4.div(i, p))));
    const mirrored = f32x4.sub(f32x4.sub(p, f32x4.splat(1)), t);
    t = v128.bitselect(mirrored, t, f32x4.ge(t, f32x4.splat(len)));
  } else if (mode == FILL_WRAP) {
    const p = f32x4.splat(len);
    t = f32x4.sub(i, f32x4.mul(p, f32x4.floor(f32x4.div(i, p))));
  }
  t = f32x4.pmin(f32x4.splat(len - 1), f32x4.pmax(f32x4.splat(0), t));
  return i32x4.trunc_sat_f32x4_s(t);
}

/** round(v) with ties away from zero (C's std::round, used by TF's nearest interpolation). */
// @ts-ignore: decorator
@inline function roundHalfAway(v: v128): v128 {
  const t = f32x4.trunc(v);
  const d = f32x4.sub(v, t);
  const one = f32x4.splat(1);
  const up = v128.and(f32x4.ge(d, f32x4.splat(0.5)), one);
  const down = v128.and(f32x4.le(d, f32x4.splat(-0.5)), one);
  return f32x4.sub(f32x4.add(t, up), down);
}

/** Four f32 loads at element indices p (i32x4) from base. */
// @ts-ignore: decorator
@inline function gather(base: usize, p: v128): v128 {
  let v = f32x4.splat(load<f32>(base + (<usize>i32x4.extract_lane(p, 0) << 2)));
  v = f32x4.replace_lane(v, 1, load<f32>(base + (<usize>i32x4.extract_lane(p, 1) << 2)));
  v = f32x4.replace_lane(v, 2, load<f32>(base + (<usize>i32x4.extract_lane(p, 2) << 2)));
  return f32x4.replace_lane(v, 3, load<f32>(base + (<usize>i32x4.extract_lane(p, 3) << 2)));
}

/** Stores the first `count` (1..4) lanes of v at p. */
// @ts-ignore: decorator
@inline function storeLanes(p: usize, v: v128, count: i32): void {
  if (count == 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** One output pixel of C channels from four neighbours (pixel indices, -1 = fill), channels by 4;
 *  wide != 0: the last C % 4 channels too, as one f32x4 spilling into the next pixel. */
function pixelBilinear(src: usize, dst: usize, c: i32, fill: f32, wide: i32, q00: i32, q01: i32, q10: i32, q11: i32, gx: f32, fx: f32, gy: f32, fy: f32): void {
  const stride = <usize>c * 4;
  const s00 = src + <usize>max(q00, 0) * stride;
  const s01 = src + <usize>max(q01, 0) * stride;
  const s10 = src + <usize>max(q10, 0) * stride;
  const s11 = src + <usize>max(q11, 0) * stride;
  const fillV = f32x4.splat(fill);
  const gxV = f32x4.splat(gx);
  const fxV = f32x4.splat(fx);
  const gyV = f32x4.splat(gy);
  const fyV = f32x4.splat(fy);
  const end = wide ? (c + 3) & ~3 : c;
  let k = 0;
  for (; k + 4 <= end; k += 4) {
    const o = <usize>k << 2;
    const v00 = select<v128>(v128.load(s00 + o), fillV, q00 >= 0);
    const v01 = select<v128>(v128.load(s01 + o), fillV, q01 >= 0);
    const v10 = select<v128>(v128.load(s10 + o), fillV, q10 >= 0);
    const v11 = select<v128>(v128.load(s11 + o), fillV, q11 >= 0);
    const top = f32x4.add(f32x4.mul(gxV, v00), f32x4.mul(fxV, v01));
    const bot = f32x4.add(f32x4.mul(gxV, v10), f32x4.mul(fxV, v11));
    v128.store(dst + o, f32x4.add(f32x4.mul(gyV, top), f32x4.mul(fyV, bot)));
  }
  for (; k < c; k++) {
    const o = <usize>k << 2;
    const v00 = select<f32>(load<f32>(s00 + o), fill, q00 >= 0);
    const v01 = select<f32>(load<f32>(s01 + o), fill, q01 >= 0);
    const v10 = select<f32>(load<f32>(s10 + o), fill, q10 >= 0);
    const v11 = select<f32>(load<f32>(s11 + o), fill, q11 >= 0);
    store<f32>(dst + o, gy * (gx * v00 + fx * v01) + fy * (gx * v10 + fx * v11));
  }
}

/** Copies the C channels of input pixel q (or the fill value when q = -1) to dst. */
function copyPixel(src: usize, dst: usize, c: i32, fill: f32, q: i32): void {
  if (q < 0) {
    for (let k = 0; k < c; k++) store<f32>(dst + (<usize>k << 2), fill);
    return;
  }
  memory.copy(dst, src + <usize>q * <usize>c * 4, <usize>c * 4);
}
