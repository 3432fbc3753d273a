// Plain-TypeScript references for the warp kernels, keyed by wasm export name. Same arguments as the
// exports but on Float32Arrays; one pixel and one channel at a time, integer index folding with `%`
// (the kernel folds in f32 vector arithmetic), and Math.fround wherever the kernel rounds to f32, so
// that a correct kernel matches bit for bit (see assembly/kernels/warp.ts for the conventions).
const f = Math.fround;
const COORD_LIMIT = 4194304; // 2^22, as the kernel

/** Integer index -> index inside [0, len) for a fill mode, or -1 for 'constant' outside the image. */
export function foldIndex(i: number, len: number, fillMode: number): number {
  if (i >= 0 && i < len) return i;
  switch (fillMode) {
    case 0: // constant
      return -1;
    case 1: // nearest: a a a a | a b c d | d d d d
      return i < 0 ? 0 : len - 1;
    case 2: {
      // reflect: d c b a | a b c d | d c b a (period 2 len)
      const t = ((i % (2 * len)) + 2 * len) % (2 * len);
      return t < len ? t : 2 * len - 1 - t;
    }
    default:
      // wrap: a b c d | a b c d | a b c d
      return ((i % len) + len) % len;
  }
}

function clampCoord(v: number): number {
  if (Number.isNaN(v)) return -COORD_LIMIT;
  return Math.min(COORD_LIMIT, Math.max(-COORD_LIMIT, v));
}

function roundHalfAway(v: number): number {
  return Math.sign(v) * Math.floor(Math.abs(v) + 0.5);
}

export function warpAffine(
  x: Float32Array, out: Float32Array, m: Float32Array,
  n: number, h: number, w: number, c: number, interp: number, fillMode: number, fillValue: number,
): void {
  const fill = f(fillValue);
  for (let i = 0; i < n; i++) {
    const [a0, a1, a2, b0, b1, b2] = m.subarray(6 * i, 6 * i + 6);
    const base = i * h * w * c;
    const read = (yy: number, xx: number, k: number): number => {
      const fy = foldIndex(yy, h, fillMode);
      const fx = foldIndex(xx, w, fillMode);
      return fy < 0 || fx < 0 ? fill : x[base + (fy * w + fx) * c + k];
    };
    for (let y = 0; y < h; y++) {
      const rx = f(f(a1 * y) + a2);
      const ry = f(f(b1 * y) + b2);
      for (let xo = 0; xo < w; xo++) {
        const xin = clampCoord(f(f(a0 * xo) + rx));
        const yin = clampCoord(f(f(b0 * xo) + ry));
        const o = base + (y * w + xo) * c;
        if (interp === 0) {
          const xr = roundHalfAway(xin);
          const yr = roundHalfAway(yin);
          for (let k = 0; k < c; k++) out[o + k] = read(yr, xr, k);
          continue;
        }
        const x0 = Math.floor(xin);
        const y0 = Math.floor(yin);
        const fx = f(xin - x0);
        const fy = f(yin - y0);
        const gx = f(1 - fx);
        const gy = f(1 - fy);
        for (let k = 0; k < c; k++) {
          const top = f(f(gx * read(y0, x0, k)) + f(fx * read(y0, x0 + 1, k)));
          const bot = f(f(gx * read(y0 + 1, x0, k)) + f(fx * read(y0 + 1, x0 + 1, k)));
          out[o + k] = f(f(gy * top) + f(fy * bot));
        }
      }
    }
  }
}

export function adjustBrightness(
  x: Float32Array, out: Float32Array, scale: Float32Array, delta: Float32Array, n: number, s: number, lo: number, hi: number,
): void {
  for (let i = 0; i < n; i++) {
    for (let k = i * s; k < (i + 1) * s; k++) out[k] = Math.min(Math.max(f(f(x[k] * scale[i]) + delta[i]), f(lo)), f(hi));
  }
}

export function adjustContrast(
  x: Float32Array, out: Float32Array, factor: Float32Array, n: number, p: number, c: number, lo: number, hi: number,
): void {
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c; k++) {
      let sum = 0;
      for (let j = 0; j < p; j++) sum += x[(i * p + j) * c + k];
      const mean = f(sum / p);
      for (let j = 0; j < p; j++) {
        const o = (i * p + j) * c + k;
        out[o] = Math.min(Math.max(f(f(f(x[o] - mean) * factor[i]) + mean), f(lo)), f(hi));
      }
    }
  }
}

export const warpReferences: Record<string, Function> = { warpAffine, adjustBrightness, adjustContrast };
