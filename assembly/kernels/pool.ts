// 2-D pooling over channels-last images: max pooling (forward records the argmax, backward routes dy
// to it) and average pooling (forward averages the window, backward spreads dy over it). Global
// pooling is the same kernels with the window set to the whole image (PH = H, PW = W, one output).
//
// Legend: N images, H x W input pixels, C channels, OH x OW output pixels, PH x PW window, SH x SW
// strides, PT / PL rows / columns of implicit padding before the image (TensorFlow's 'same' rule:
// total = max((O - 1) * S + P - I, 0), before = floor(total / 2); 'valid' is 0). Buffers:
//   x, dx: (N,H,W,C)   y, dy: (N,OH,OW,C)   argmax: (N,OH,OW,C) i32, the flat index into x
// Padded cells are never part of a window (TF: max ignores them, average divides by the number of
// real cells, tf.nn.avg_pool with 'SAME'). Every window holds at least one real cell, so count >= 1:
// with TF's sizes, 0 <= PT <= (P - 1) / 2 and every window starts at o * S - PT <= I - 1 (the layer
// computes the sizes: src/layers/windowGeometry.ts; the kernels trust them).
// SIMD over channels, 4 per vector; the last C % 4 channels go through loadK/storeK (lanes.ts).
// Max: a cell replaces the running max when it is strictly greater, so ties keep the first cell in
// row-major window order, as TensorFlow's CPU MaxPool / MaxPoolGrad; a NaN replaces a non-NaN max, so
// a window holding NaN gives its first NaN (and the gradient goes there).
import { loadK, storeK } from '../lanes';

/** First real row/column of a window and one past its last, clipped to [0, len). */
@inline function lo(o: i32, s: i32, pad: i32): i32 {
  return max(o * s - pad, 0);
}
@inline function hi(o: i32, s: i32, pad: i32, p: i32, len: i32): i32 {
  return min(o * s - pad + p, len);
}

/** x (N,H,W,C) -> y (N,OH,OW,C) window maxima, argmax (N,OH,OW,C) i32 flat indices into x. */
export function maxPool2dForward(
  x: usize, y: usize, argmax: usize, N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, PH: i32, PW: i32, SH: i32, SW: i32, PT: i32, PL: i32,
): void {
  const row = <usize>W * <usize>C; // floats per input row
  for (let n = 0; n < N; n++) {
    const img = <usize>n * <usize>H * row;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = lo(oh, SH, PT), h1 = hi(oh, SH, PT, PH, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = lo(ow, SW, PL), w1 = hi(ow, SW, PL, PW, W);
        const out = ((<usize>n * <usize>OH + <usize>oh) * <usize>OW + <usize>ow) * <usize>C;
        for (let c = 0; c < C; c += 4) {
          const k = C - c;
          const first = img + <usize>h0 * row + <usize>w0 * <usize>C + <usize>c;
          let m = loadK(x + (first << 2), k);
          let at = i32x4.add(i32x4.splat(<i32>first), i32x4(0, 1, 2, 3));
          for (let h = h0; h < h1; h++) {
            for (let w = w0; w < w1; w++) {
              const i = img + <usize>h * row + <usize>w * <usize>C + <usize>c;
              const v = loadK(x + (i << 2), k);
              // v > m, or v is NaN while m is not.
              const take = v128.or(f32x4.gt(v, m), v128.andnot(f32x4.ne(v, v), f32x4.ne(m, m)));
              m = v128.bitselect(v, m, take);
              at = v128.bitselect(i32x4.add(i32x4.splat(<i32>i), i32x4(0, 1, 2, 3)), at, take);
            }
          }
          storeK(y + ((out + <usize>c) << 2), m, k);
          storeK(argmax + ((out + <usize>c) << 2), at, k);
        }
      }
    }
  }
}

/** dx[argmax[i]] += dy[i] for the n = N*OH*OW*C outputs (overlapping windows accumulate). */
export function maxPool2dBackward(dy: usize, argmax: usize, dx: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const d = dx + (<usize>load<i32>(argmax + o) << 2);
    store<f32>(d, load<f32>(d) + load<f32>(dy + o));
  }
}

/** x (N,H,W,C) -> y (N,OH,OW,C): the mean of each window's real cells (sum, then one division). */
export function avgPool2dForward(
  x: usize, y: usize, N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, PH: i32, PW: i32, SH: i32, SW: i32, PT: i32, PL: i32,
): void {
  const row = <usize>W * <usize>C;
  for (let n = 0; n < N; n++) {
    const img = x + ((<usize>n * <usize>H * row) << 2);
    for (let oh = 0; oh < OH; oh++) {
      const h0 = lo(oh, SH, PT), h1 = hi(oh, SH, PT, PH, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = lo(ow, SW, PL), w1 = hi(ow, SW, PL, PW, W);
        const count = f32x4.splat(<f32>((h1 - h0) * (w1 - w0)));
        const out = y + ((((<usize>n * <usize>OH + <usize>oh) * <usize>OW + <usize>ow) * <usize>C) << 2);
        for (let c = 0; c < C; c += 4) {
          const k = C - c;
          let s = f32x4.splat(0);
          for (let h = h0; h < h1; h++) {
            const r = img + ((<usize>h * row + <usize>c) << 2);
            for (let w = w0; w < w1; w++) s = f32x4.add(s, loadK(r + ((<usize>w * <usize>C) << 2), k));
          }
          storeK(out + (<usize>c << 2), f32x4.div(s, count), k);
        }
      }
    }
  }
}

/** dx (N,H,W,C) += each dy (N,OH,OW,C) divided by its window's real-cell count, over that window. */
export function avgPool2dBackward(
  dy: usize, dx: usize, N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, PH: i32, PW: i32, SH: i32, SW: i32, PT: i32, PL: i32,
): void {
  const row = <usize>W * <usize>C;
  for (let n = 0; n < N; n++) {
    const img = dx + ((<usize>n * <usize>H * row) << 2);
    for (let oh = 0; oh < OH; oh++) {
      const h0 = lo(oh, SH, PT), h1 = hi(oh, SH, PT, PH, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = lo(ow, SW, PL), w1 = hi(ow, SW, PL, PW, W);
        const count = f32x4.splat(<f32>((h1 - h0) * (w1 - w0)));
        const g = dy + ((((<usize>n * <usize>OH + <usize>oh) * <usize>OW + <usize>ow) * <usize>C) << 2);
        for (let c = 0; c < C; c += 4) {
          const k = C - c;
          const share = f32x4.div(loadK(g + (<usize>c << 2), k), count);
          for (let h = h0; h < h1; h++) {
            const r = img + ((<usize>h * row + <usize>c) << 2);
            for (let w = w0; w < w1; w++) {
              const p = r + ((<usize>w * <usize>C) << 2);
              storeK(p, f32x4.add(loadK(p, k), share), k);
            }
          }
        }
      }
    }
  }
}
