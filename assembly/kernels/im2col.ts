// im2col / col2im for NHWC 2-D convolution: the patch matrix that turns a convolution into one GEMM
// (Chellapilla, Puri & Simard, "High Performance Convolutional Neural Networks for Document
// Processing", 2006; the layout Caffe and TensorFlow's Conv2DBackpropFilter use).
//   forward   Y[B*OH*OW, F]  = col[B*OH*OW, K] · kernel[K, F] (+ bias, activation)   K = KH*KW*C
//   dKernel  [K, F]         += colᵀ · dY                                             TN GEMM
//   dCol     [B*OH*OW, K]    = dY · kernelᵀ                                          NT GEMM, then
//   dX       [B,H,W,C]      += col2im(dCol)                                          scatter-add
// Legend: B samples, H x W x C input (NHWC, channels last), OH x OW output pixels, KH x KW kernel,
// SH/SW strides, DH/DW dilations, PT/PL the zero rows/columns added at the top/left (the bottom/right
// padding follows from OH, OW: TensorFlow's 'same' puts the odd one there). Row r = (b*OH + oh)*OW + ow
// of col holds the patch of output pixel (oh, ow) of sample b; its column (kh*KW + kw)*C + c is input
// pixel (oh*SH - PT + kh*DH, ow*SW - PL + kw*DW), channel c, or 0 outside the image. That is the
// row-major flattening of a Keras kernel [KH, KW, C, F], so the kernel is the GEMM's B as stored.
// With DW = 1 the KW*C values of one kernel row are contiguous in NHWC input: one span copy per kh.
// x, col, dx are byte offsets; sizes are trusted (the layer validated them).

/** dst[0 .. n) = src[0 .. n), f32x4 then a scalar tail. */
// @ts-ignore: decorator
@inline function copySpan(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** dst[0 .. n) += src[0 .. n). */
// @ts-ignore: decorator
@inline function addSpan(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = dst + (<usize>i << 2);
    v128.store(p, f32x4.add(v128.load(p), v128.load(src + (<usize>i << 2))));
  }
  for (; i < n; i++) {
    const p = dst + (<usize>i << 2);
    store<f32>(p, load<f32>(p) + load<f32>(src + (<usize>i << 2)));
  }
}

/** dst[0 .. n) = 0. */
// @ts-ignore: decorator
@inline function zeroSpan(dst: usize, n: i32): void {
  if (n > 0) memory.fill(dst, 0, <usize>n << 2);
}

/** The valid kw range [lo, hi) of a patch row whose first input column is iw0 (W columns, dilation DW). */
// @ts-ignore: decorator
@inline function kwLow(iw0: i32, DW: i32): i32 {
  return iw0 >= 0 ? 0 : (-iw0 + DW - 1) / DW;
}
// @ts-ignore: decorator
@inline function kwHigh(iw0: i32, W: i32, KW: i32, DW: i32): i32 {
  if (iw0 >= W) return 0;
  return min(KW, (W - 1 - iw0) / DW + 1);
}

/**
 * col[B*OH*OW, KH*KW*C] = the patches of x[B, H, W, C] (zeros where a patch leaves the image).
 * Writes every element of col.
 */
export function im2col(
  x: usize, col: usize, B: i32, H: i32, W: i32, C: i32, KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
  PT: i32, PL: i32, OH: i32, OW: i32,
): void {
  const rowC = <usize>W * <usize>C; // floats per input row
  const K = KH * KW * C;
  let dst = col;
  for (let b = 0; b < B; b++) {
    const xb = x + <usize>b * <usize>H * rowC * 4;
    for (let oh = 0; oh < OH; oh++) {
      const ih0 = oh * SH - PT;
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * SW - PL;
        const lo = min(KW, kwLow(iw0, DW));
        const hi = max(lo, kwHigh(iw0, W, KW, DW));
        for (let kh = 0; kh < KH; kh++) {
          const ih = ih0 + kh * DH;
          const d = dst + <usize>(kh * KW * C) * 4;
          if (ih < 0 || ih >= H) {
            zeroSpan(d, KW * C);
            continue;
          }
          const src = xb + (<usize>ih * rowC + <usize>(iw0 + lo * DW) * <usize>C) * 4;
          zeroSpan(d, lo * C);
          if (DW == 1) copySpan(d + <usize>(lo * C) * 4, src, (hi - lo) * C);
          else for (let kw = lo; kw < hi; kw++) copySpan(d + <usize>(kw * C) * 4, src + <usize>((kw - lo) * DW * C) * 4, C);
          zeroSpan(d + <usize>(hi * C) * 4, (KW - hi) * C);
        }
        dst += <usize>K * 4;
      }
    }
  }
}

/**
 * dx[B, H, W, C] += col2im(col[B*OH*OW, KH*KW*C]): every patch element is added back to the input
 * pixel it was copied from (the adjoint of im2col); padding positions are dropped.
 */
export function col2im(
  col: usize, dx: usize, B: i32, H: i32, W: i32, C: i32, KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
  PT: i32, PL: i32, OH: i32, OW: i32,
): void {
  col2imRows(col, dx, 0, B * OH * OW, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
}

/**
 * col2im of rows [r0, r0 + n) of the batch's patch matrix, held at col (row r0 first), into dx (the
 * batch's first sample). Rows are visited in order, so rows taken in consecutive blocks add to every
 * dx element in the same order as one call over all of them (conv2dInputGrad relies on it).
 */
export function col2imRows(
  col: usize, dx: usize, r0: i32, n: i32, H: i32, W: i32, C: i32, KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
  PT: i32, PL: i32, OH: i32, OW: i32,
): void {
  const rowC = <usize>W * <usize>C;
  const K = KH * KW * C;
  const ohw = OH * OW;
  let b = r0 / ohw;
  let oh = (r0 - b * ohw) / OW;
  let ow = r0 - b * ohw - oh * OW;
  let src = col;
  for (let i = 0; i < n; i++) {
    const xb = dx + <usize>b * <usize>H * rowC * 4;
    const ih0 = oh * SH - PT;
    const iw0 = ow * SW - PL;
    const lo = min(KW, kwLow(iw0, DW));
    const hi = kwHigh(iw0, W, KW, DW);
    if (hi > lo) {
      for (let kh = 0; kh < KH; kh++) {
        const ih = ih0 + kh * DH;
        if (ih < 0 || ih >= H) continue;
        const s = src + <usize>((kh * KW + lo) * C) * 4;
        const d = xb + (<usize>ih * rowC + <usize>(iw0 + lo * DW) * <usize>C) * 4;
        if (DW == 1) addSpan(d, s, (hi - lo) * C);
        else for (let kw = lo; kw < hi; kw++) addSpan(d + <usize>((kw - lo) * DW * C) * 4, s + <usize>((kw - lo) * C) * 4, C);
      }
    }
    src += <usize>K * 4;
    if (++ow == OW) {
      ow = 0;
      if (++oh == OH) {
        oh = 0;
        b++;
      }
    }
  }
}
