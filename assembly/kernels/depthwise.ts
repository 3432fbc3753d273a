// Depthwise 2-D convolution, NHWC, direct (no GEMM: each output channel sees one input channel, so
// there is no reduction over channels to hand to a matrix multiply). SIMD runs over the channels of
// one pixel, which are contiguous in NHWC. Keras DepthwiseConv2D: kernel [KH, KW, C, DM], output
// channel o = c*DM + m reads input channel c = o / DM (DM = depthMultiplier), so with the kernel
// viewed as [KH, KW, C*DM] every output pixel is
//   y[b, oh, ow, o] = bias[o] + Σ_{kh,kw} x[b, oh*SH - PT + kh*DH, ow*SW - PL + kw*DW, o / DM] * w[kh, kw, o]
// (input pixels outside the image count as 0). Backward (the adjoints of that sum):
//   dx[b, ih, iw, c] += Σ_{m} dy[b, oh, ow, c*DM + m] * w[kh, kw, c*DM + m]  over the taps that read (ih, iw)
//   dw[kh, kw, o]    += Σ_{b,oh,ow} x[b, ih, iw, o / DM] * dy[b, oh, ow, o]
//   db[o]            += Σ_{b,oh,ow} dy[b, oh, ow, o]
// Legend as in im2col.ts: B samples, H x W x C input, OH x OW output, KH x KW kernel, SH/SW strides,
// DH/DW dilations, PT/PL top/left padding; O = C*DM output channels. Pointers are byte offsets,
// sizes are trusted (the layer validated them). The activation is the layer's (activation kernels).

/** acc[o] += x[o / DM] * v[o] for o < C*DM: the tap of one pixel (forward and filter gradient). */
// @ts-ignore: decorator
@inline function tap(acc: usize, x: usize, v: usize, C: i32, DM: i32): void {
  if (DM == 1) {
    let i = 0;
    for (; i + 4 <= C; i += 4) {
      const o = <usize>i << 2;
      v128.store(acc + o, f32x4.add(v128.load(acc + o), f32x4.mul(v128.load(x + o), v128.load(v + o))));
    }
    for (; i < C; i++) {
      const o = <usize>i << 2;
      store<f32>(acc + o, load<f32>(acc + o) + load<f32>(x + o) * load<f32>(v + o));
    }
    return;
  }
  for (let c = 0; c < C; c++) {
    const xc = load<f32>(x + (<usize>c << 2));
    const xs = f32x4.splat(xc);
    const base = <usize>(c * DM) << 2;
    let m = 0;
    for (; m + 4 <= DM; m += 4) {
      const o = base + (<usize>m << 2);
      v128.store(acc + o, f32x4.add(v128.load(acc + o), f32x4.mul(xs, v128.load(v + o))));
    }
    for (; m < DM; m++) {
      const o = base + (<usize>m << 2);
      store<f32>(acc + o, load<f32>(acc + o) + xc * load<f32>(v + o));
    }
  }
}

/** dx[c] += Σ_m dy[c*DM + m] * w[c*DM + m] for c < C: the input-gradient tap of one pixel. */
// @ts-ignore: decorator
@inline function tapBack(dx: usize, dy: usize, w: usize, C: i32, DM: i32): void {
  if (DM == 1) {
    tap(dx, dy, w, C, 1);
    return;
  }
  for (let c = 0; c < C; c++) {
    const base = <usize>(c * DM) << 2;
    let s: f32 = 0;
    for (let m = 0; m < DM; m++) s += load<f32>(dy + base + (<usize>m << 2)) * load<f32>(w + base + (<usize>m << 2));
    const p = dx + (<usize>c << 2);
    store<f32>(p, load<f32>(p) + s);
  }
}

/**
 * y[B, OH, OW, C*DM] = depthwise(x[B, H, W, C], w[KH, KW, C, DM]) + bias[C*DM] (bias 0: none).
 * Writes every element of y.
 */
export function depthwiseConv2dForward(
  x: usize, w: usize, bias: usize, y: usize, B: i32, H: i32, W: i32, C: i32, DM: i32, KH: i32, KW: i32,
  SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32, OH: i32, OW: i32,
): void {
  const O = C * DM;
  const oBytes = <usize>O << 2;
  let yp = y;
  for (let b = 0; b < B; b++) {
    const xb = x + <usize>b * <usize>H * <usize>W * <usize>C * 4;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        if (bias) memory.copy(yp, bias, oBytes);
        else memory.fill(yp, 0, oBytes);
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * SH - PT + kh * DH;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW - PL + kw * DW;
            if (iw < 0 || iw >= W) continue;
            tap(yp, xb + (<usize>ih * <usize>W + <usize>iw) * <usize>C * 4, w + <usize>(kh * KW + kw) * oBytes, C, DM);
          }
        }
        yp += oBytes;
      }
    }
  }
}

/** dx[B, H, W, C] += the input gradient of depthwiseConv2dForward for dy[B, OH, OW, C*DM]. */
export function depthwiseConv2dBackwardInput(
  dy: usize, w: usize, dx: usize, B: i32, H: i32, W: i32, C: i32, DM: i32, KH: i32, KW: i32,
  SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32, OH: i32, OW: i32,
): void {
  const oBytes = <usize>(C * DM) << 2;
  let dyp = dy;
  for (let b = 0; b < B; b++) {
    const xb = dx + <usize>b * <usize>H * <usize>W * <usize>C * 4;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * SH - PT + kh * DH;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW - PL + kw * DW;
            if (iw < 0 || iw >= W) continue;
            tapBack(xb + (<usize>ih * <usize>W + <usize>iw) * <usize>C * 4, dyp, w + <usize>(kh * KW + kw) * oBytes, C, DM);
          }
        }
        dyp += oBytes;
      }
    }
  }
}

/**
 * dw[KH, KW, C*DM] += Σ x ⊗ dy over pixels and samples; db[C*DM] += Σ dy (db 0: skipped), for the
 * input channels [c0, c1) only (their output channels [c0*DM, c1*DM)): the thread pool splits this
 * reduction by channels, which keeps every element's summation order, so a split is bit-identical
 * (f32x4 lanes and the scalar tail do the same f32 mul and add). The whole gradient: c0 = 0, c1 = C.
 */
export function depthwiseConv2dBackwardFilter(
  x: usize, dy: usize, dw: usize, db: usize, B: i32, H: i32, W: i32, C: i32, DM: i32, KH: i32, KW: i32,
  SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32, OH: i32, OW: i32, c0: i32, c1: i32,
): void {
  const O = C * DM;
  const oBytes = <usize>O << 2;
  const nc = c1 - c0;
  const oSkip = <usize>(c0 * DM) << 2;
  const dwc = dw + oSkip;
  const dbc = db ? db + oSkip : 0;
  let dyp = dy + oSkip;
  for (let b = 0; b < B; b++) {
    const xb = x + <usize>b * <usize>H * <usize>W * <usize>C * 4 + (<usize>c0 << 2);
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        if (dbc) addRow(dbc, dyp, nc * DM);
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * SH - PT + kh * DH;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW - PL + kw * DW;
            if (iw < 0 || iw >= W) continue;
            tap(dwc + <usize>(kh * KW + kw) * oBytes, xb + (<usize>ih * <usize>W + <usize>iw) * <usize>C * 4, dyp, nc, DM);
          }
        }
        dyp += oBytes;
      }
    }
  }
}

/** acc[0 .. n) += v[0 .. n). */
// @ts-ignore: decorator
@inline function addRow(acc: usize, v: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(acc + o, f32x4.add(v128.load(acc + o), v128.load(v + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(acc + o, load<f32>(acc + o) + load<f32>(v + o));
  }
}
