// Plain-TypeScript references for the convolution kernels (assembly/kernels/im2col.ts, depthwise.ts),
// keyed by wasm export name, plus direct (no im2col) conv2d forward/backward that the layer tests
// compare with. Same arguments as the exports, arrays in place of pointers; float64 accumulation.
// Shapes (NHWC): x [B,H,W,C], col [B*OH*OW, KH*KW*C], conv kernel [KH,KW,C,F], depthwise kernel
// [KH,KW,C,DM], y [B,OH,OW,F or C*DM]. Input pixel of tap (kh, kw) at output (oh, ow):
// (oh*SH - PT + kh*DH, ow*SW - PL + kw*DW), zero outside the image.
type Arr = { [i: number]: number; length: number };

/** Convolution geometry (the kernels' trailing size arguments). */
export interface Geometry {
  B: number; H: number; W: number; C: number; KH: number; KW: number; SH: number; SW: number;
  DH: number; DW: number; PT: number; PL: number; OH: number; OW: number;
}

/** Visits every (sample, output pixel, tap) whose input pixel lies in the image. */
function forTaps(g: Geometry, f: (b: number, oh: number, ow: number, kh: number, kw: number, ih: number, iw: number) => void): void {
  for (let b = 0; b < g.B; b++)
    for (let oh = 0; oh < g.OH; oh++)
      for (let ow = 0; ow < g.OW; ow++)
        for (let kh = 0; kh < g.KH; kh++)
          for (let kw = 0; kw < g.KW; kw++) {
            const ih = oh * g.SH - g.PT + kh * g.DH;
            const iw = ow * g.SW - g.PL + kw * g.DW;
            if (ih >= 0 && ih < g.H && iw >= 0 && iw < g.W) f(b, oh, ow, kh, kw, ih, iw);
          }
}

const geo = (a: number[]): Geometry => {
  const [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW] = a;
  return { B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW };
};

export function im2colRef(x: ArrayLike<number>, col: Arr, ...sizes: number[]): void {
  const g = geo(sizes);
  const K = g.KH * g.KW * g.C;
  for (let i = 0; i < g.B * g.OH * g.OW * K; i++) col[i] = 0;
  forTaps(g, (b, oh, ow, kh, kw, ih, iw) => {
    const r = (b * g.OH + oh) * g.OW + ow;
    for (let c = 0; c < g.C; c++) col[r * K + (kh * g.KW + kw) * g.C + c] = x[((b * g.H + ih) * g.W + iw) * g.C + c];
  });
}

export function col2imRef(col: ArrayLike<number>, dx: Arr, ...sizes: number[]): void {
  const g = geo(sizes);
  const K = g.KH * g.KW * g.C;
  forTaps(g, (b, oh, ow, kh, kw, ih, iw) => {
    const r = (b * g.OH + oh) * g.OW + ow;
    for (let c = 0; c < g.C; c++) dx[((b * g.H + ih) * g.W + iw) * g.C + c] += col[r * K + (kh * g.KW + kw) * g.C + c];
  });
}

/** P[pr, pk] of the patch matrix im2col(x) (the geometry without B and KH), read straight from x. */
export function patchAt(x: ArrayLike<number>, g: Omit<Geometry, 'B' | 'KH'>, pr: number, pk: number): number {
  const ow = pr % g.OW, oh = Math.floor(pr / g.OW) % g.OH, b = Math.floor(pr / (g.OW * g.OH));
  const c = pk % g.C, kw = Math.floor(pk / g.C) % g.KW, kh = Math.floor(pk / (g.C * g.KW));
  const ih = oh * g.SH - g.PT + kh * g.DH, iw = ow * g.SW - g.PL + kw * g.DW;
  return ih >= 0 && ih < g.H && iw >= 0 && iw < g.W ? x[((b * g.H + ih) * g.W + iw) * g.C + c] : 0;
}

/**
 * conv2dGemm (assembly/kernels/convGemm.ts): c = op(P) · b + beta*c (+ bias) (relu if act = 1),
 * op(P)(i, k) = P[r0 + i, k0 + k] (transA 0) or P[r0 + k, k0 + i] (transA 1); the textbook triple
 * loop over patchAt, float64. variant and actParam do not change the product.
 */
export function conv2dGemmRef(
  _variant: number, transA: number, M: number, N: number, K: number, x: ArrayLike<number>, r0: number, k0: number,
  H: number, W: number, C: number, KW: number, SH: number, SW: number, DH: number, DW: number, PT: number, PL: number, OH: number, OW: number,
  b: ArrayLike<number>, ldb: number, beta: number, c: Arr, ldc: number, bias: ArrayLike<number> | null, act: number,
): void {
  if (act !== 0 && act !== 1) throw new Error(`conv2dGemmRef: activation code ${act} is not modelled here`);
  const g = { H, W, C, KW, SH, SW, DH, DW, PT, PL, OH, OW };
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (transA ? patchAt(x, g, r0 + k, k0 + i) : patchAt(x, g, r0 + i, k0 + k)) * b[k * ldb + j];
      let v = s + (beta === 0 ? 0 : beta * c[i * ldc + j]) + (bias ? bias[j] : 0);
      if (act === 1) v = v > 0 ? v : Number.isNaN(v) ? v : 0;
      c[i * ldc + j] = v;
    }
  }
}

/**
 * conv2dInputGrad (assembly/kernels/convInputGrad.ts): dx += col2im(dz · wᵀ), the direct sum over taps
 * (float64; the row blocks, variant, regions, col and ws do not change the result beyond rounding).
 */
export function conv2dInputGradRef(_variant: number, _rb: number, _regions: number, dz: ArrayLike<number>, w: ArrayLike<number>, F: number, _col: unknown, dx: Arr, ...sizes: number[]): void {
  const g = geo(sizes);
  forTaps(g, (b, oh, ow, kh, kw, ih, iw) => {
    const yo = ((b * g.OH + oh) * g.OW + ow) * F;
    for (let c = 0; c < g.C; c++) {
      const wo = ((kh * g.KW + kw) * g.C + c) * F;
      let s = 0;
      for (let f = 0; f < F; f++) s += dz[yo + f] * w[wo + f];
      dx[((b * g.H + ih) * g.W + iw) * g.C + c] += s;
    }
  });
}

/** y[B,OH,OW,F] = conv(x, w[KH,KW,C,F]) + bias, no activation: the direct six-deep loop. */
export function conv2dRef(x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | null, F: number, g: Geometry): Float64Array {
  const y = new Float64Array(g.B * g.OH * g.OW * F);
  for (let r = 0; r < g.B * g.OH * g.OW; r++) for (let f = 0; f < F; f++) y[r * F + f] = bias ? bias[f] : 0;
  forTaps(g, (b, oh, ow, kh, kw, ih, iw) => {
    const yo = ((b * g.OH + oh) * g.OW + ow) * F;
    for (let c = 0; c < g.C; c++) {
      const xv = x[((b * g.H + ih) * g.W + iw) * g.C + c];
      const wo = ((kh * g.KW + kw) * g.C + c) * F;
      for (let f = 0; f < F; f++) y[yo + f] += xv * w[wo + f];
    }
  });
  return y;
}

/** The gradients of conv2dRef for dy[B,OH,OW,F]: dx [B,H,W,C], dw [KH,KW,C,F], db [F]. */
export function conv2dBackwardRef(x: ArrayLike<number>, w: ArrayLike<number>, dy: ArrayLike<number>, F: number, g: Geometry): { dx: Float64Array; dw: Float64Array; db: Float64Array } {
  const dx = new Float64Array(g.B * g.H * g.W * g.C);
  const dw = new Float64Array(g.KH * g.KW * g.C * F);
  const db = new Float64Array(F);
  for (let r = 0; r < g.B * g.OH * g.OW; r++) for (let f = 0; f < F; f++) db[f] += dy[r * F + f];
  forTaps(g, (b, oh, ow, kh, kw, ih, iw) => {
    const yo = ((b * g.OH + oh) * g.OW + ow) * F;
    for (let c = 0; c < g.C; c++) {
      const xi = ((b * g.H + ih) * g.W + iw) * g.C + c;
      const wo = ((kh * g.KW + kw) * g.C + c) * F;
      for (let f = 0; f < F; f++) {
        dx[xi] += dy[yo + f] * w[wo + f];
        dw[wo + f] += x[xi] * dy[yo + f];
      }
    }
  });
  return { dx, dw, db };
}

/** Depthwise geometry: the conv geometry plus the depth multiplier (export argument order). */
const dgeo = (a: number[]): Geometry & { DM: number } => {
  const [B, H, W, C, DM, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW] = a;
  return { B, H, W, C, DM, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW };
};

export function depthwiseConv2dForwardRef(x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | null, y: Arr, ...sizes: number[]): void {
  const g = dgeo(sizes);
  const O = g.C * g.DM;
  for (let r = 0; r < g.B * g.OH * g.OW; r++) for (let o = 0; o < O; o++) y[r * O + o] = bias ? bias[o] : 0;
  forTaps(g, (b, oh, ow, kh, kw, ih, iw) => {
    const yo = ((b * g.OH + oh) * g.OW + ow) * O;
    for (let o = 0; o < O; o++) y[yo + o] += x[((b * g.H + ih) * g.W + iw) * g.C + Math.floor(o / g.DM)] * w[(kh * g.KW + kw) * O + o];
  });
}

export function depthwiseConv2dBackwardInputRef(dy: ArrayLike<number>, w: ArrayLike<number>, dx: Arr, ...sizes: number[]): void {
  const g = dgeo(sizes);
  const O = g.C * g.DM;
  forTaps(g, (b, oh, ow, kh, kw, ih, iw) => {
    const yo = ((b * g.OH + oh) * g.OW + ow) * O;
    for (let o = 0; o < O; o++) dx[((b * g.H + ih) * g.W + iw) * g.C + Math.floor(o / g.DM)] += dy[yo + o] * w[(kh * g.KW + kw) * O + o];
  });
}

/** sizes: the depthwise geometry, then optionally c0, c1 (input channels [c0, c1) only; default all). */
export function depthwiseConv2dBackwardFilterRef(x: ArrayLike<number>, dy: ArrayLike<number>, dw: Arr, db: Arr | null, ...sizes: number[]): void {
  const g = dgeo(sizes);
  const O = g.C * g.DM;
  const o0 = (sizes[15] ?? 0) * g.DM, o1 = (sizes[16] ?? g.C) * g.DM;
  if (db) for (let r = 0; r < g.B * g.OH * g.OW; r++) for (let o = o0; o < o1; o++) db[o] += dy[r * O + o];
  forTaps(g, (b, oh, ow, kh, kw, ih, iw) => {
    const yo = ((b * g.OH + oh) * g.OW + ow) * O;
    for (let o = o0; o < o1; o++) dw[(kh * g.KW + kw) * O + o] += x[((b * g.H + ih) * g.W + iw) * g.C + Math.floor(o / g.DM)] * dy[yo + o];
  });
}

export const convReferences: Record<string, Function> = {
  im2col: im2colRef,
  col2im: col2imRef,
  conv2dGemm: conv2dGemmRef,
  conv2dInputGrad: conv2dInputGradRef,
  depthwiseConv2dForward: depthwiseConv2dForwardRef,
  depthwiseConv2dBackwardInput: depthwiseConv2dBackwardInputRef,
  depthwiseConv2dBackwardFilter: depthwiseConv2dBackwardFilterRef,
};
