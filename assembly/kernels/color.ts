// Photometric image kernels for augmentation: brightness and contrast (the affine warp is in
// warp.ts). Images are channels-last f32; both kernels clamp to the value range [lo, hi] and may run
// in place. Legend: N images, S = H*W*C values per image, P = H*W pixels, C channels.

/** Keras RandomBrightness (scale 1, delta per image) and ImageDataGenerator brightness (scale per image,
 *  delta 0): out = min(max(x * scale[n] + delta[n], lo), hi). x, out are (N,S) with S = H*W*C; scale and
 *  delta are (N). In place allowed. */
export function adjustBrightness(x: usize, out: usize, scale: usize, delta: usize, n: i32, s: i32, lo: f32, hi: f32): void {
  const loV = f32x4.splat(lo);
  const hiV = f32x4.splat(hi);
  for (let i = 0; i < n; i++) {
    const a = load<f32>(scale + (<usize>i << 2));
    const b = load<f32>(delta + (<usize>i << 2));
    const aV = f32x4.splat(a);
    const bV = f32x4.splat(b);
    const src = x + <usize>i * <usize>s * 4;
    const dst = out + <usize>i * <usize>s * 4;
    let k = 0;
    for (; k + 4 <= s; k += 4) {
      const o = <usize>k << 2;
      v128.store(dst + o, f32x4.min(f32x4.max(f32x4.add(f32x4.mul(v128.load(src + o), aV), bV), loV), hiV));
    }
    for (; k < s; k++) {
      const o = <usize>k << 2;
      store<f32>(dst + o, min(max(load<f32>(src + o) * a + b, lo), hi));
    }
  }
}

/** Keras RandomContrast: per image and channel, mean = average over H*W, then
 *  out = min(max((x - mean) * factor[n] + mean, lo), hi). x, out are (N,P,C) with P = H*W; factor (N).
 *  The mean is summed in f64. C = 1 runs in f32x4 / f64x2; C > 1 walks each channel with stride C.
 *  In place allowed. */
export function adjustContrast(x: usize, out: usize, factor: usize, n: i32, p: i32, c: i32, lo: f32, hi: f32): void {
  const image = <usize>p * <usize>c * 4;
  for (let i = 0; i < n; i++) {
    const f = load<f32>(factor + (<usize>i << 2));
    const src = x + <usize>i * image;
    const dst = out + <usize>i * image;
    if (c == 1) contrastPlane(src, dst, p, f, lo, hi);
    else for (let k = 0; k < c; k++) contrastStrided(src + (<usize>k << 2), dst + (<usize>k << 2), p, c, f, lo, hi);
  }
}

function contrastPlane(src: usize, dst: usize, p: i32, f: f32, lo: f32, hi: f32): void {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= p; k += 4) {
    const v = v128.load(src + (<usize>k << 2));
    acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(v));
    acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
  }
  let sum = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) + f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
  for (let j = k; j < p; j++) sum += <f64>load<f32>(src + (<usize>j << 2));
  const mean = <f32>(sum / <f64>p);
  const meanV = f32x4.splat(mean);
  const fV = f32x4.splat(f);
  const loV = f32x4.splat(lo);
  const hiV = f32x4.splat(hi);
  k = 0;
  for (; k + 4 <= p; k += 4) {
    const o = <usize>k << 2;
    const v = f32x4.add(f32x4.mul(f32x4.sub(v128.load(src + o), meanV), fV), meanV);
    v128.store(dst + o, f32x4.min(f32x4.max(v, loV), hiV));
  }
  for (; k < p; k++) {
    const o = <usize>k << 2;
    store<f32>(dst + o, min(max((load<f32>(src + o) - mean) * f + mean, lo), hi));
  }
}

function contrastStrided(src: usize, dst: usize, p: i32, c: i32, f: f32, lo: f32, hi: f32): void {
  const stride = <usize>c << 2;
  let sum: f64 = 0;
  for (let j = 0; j < p; j++) sum += <f64>load<f32>(src + <usize>j * stride);
  const mean = <f32>(sum / <f64>p);
  for (let j = 0; j < p; j++) {
    const o = <usize>j * stride;
    store<f32>(dst + o, min(max((load<f32>(src + o) - mean) * f + mean, lo), hi));
  }
}
