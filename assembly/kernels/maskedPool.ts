// Global pooling over the real (unmasked) timesteps of a sequence: globalMaxPooling1d and
// globalAveragePooling1d when an embedding({maskZero: true}) upstream marks padding
// (src/model/mask.ts). Without a mask those layers run pool.ts with one window over all T steps.
//
// Legend: N sequences, T timesteps, C features. Buffers:
//   x, dx: (N,T,C)   mask: (N,T) f32, 0 = padding, anything else = a real step   y, dy: (N,C)
//   argmax: (N,C) i32, the flat index into x of the max, or -1 for a sequence with no real step
// Average (Keras 3 GlobalAveragePooling1D with a mask): y = Σ_t x·[mask≠0] / Σ_t [mask≠0]. Keras
// divides 0 by 0 for an all-padding sequence (NaN); we write 0 and pass no gradient, so one empty
// text does not poison a batch. Max: the max over the real steps; ties keep the first, a NaN
// replaces a non-NaN max (as pool.ts / TensorFlow's MaxPool); an all-padding sequence gives 0 and
// argmax -1 (no gradient). Keras 3's GlobalMaxPooling1D ignores the mask; docs/layers.md says so.
// SIMD over features, 4 per vector, the last C % 4 through loadK/storeK (lanes.ts).
import { loadK, storeK } from '../lanes';

/** y (N,C) = max of x (N,T,C) over the steps with mask ≠ 0; argmax (N,C) the flat x index or -1. */
export function maskedMaxPool1dForward(x: usize, mask: usize, y: usize, argmax: usize, N: i32, T: i32, C: i32): void {
  for (let n = 0; n < N; n++) {
    const seq = <usize>n * <usize>T * <usize>C;
    const m0 = mask + ((<usize>n * <usize>T) << 2);
    let first = -1;
    for (let t = 0; t < T && first < 0; t++) if (load<f32>(m0 + (<usize>t << 2)) != 0) first = t;
    const out = <usize>n * <usize>C;
    for (let c = 0; c < C; c += 4) {
      const k = C - c;
      if (first < 0) {
        storeK(y + ((out + <usize>c) << 2), f32x4.splat(0), k);
        storeK(argmax + ((out + <usize>c) << 2), i32x4.splat(-1), k);
        continue;
      }
      const i0 = seq + <usize>first * <usize>C + <usize>c;
      let m = loadK(x + (i0 << 2), k);
      let at = i32x4.add(i32x4.splat(<i32>i0), i32x4(0, 1, 2, 3));
      for (let t = first + 1; t < T; t++) {
        if (load<f32>(m0 + (<usize>t << 2)) == 0) continue;
        const i = seq + <usize>t * <usize>C + <usize>c;
        const v = loadK(x + (i << 2), k);
        const take = v128.or(f32x4.gt(v, m), v128.andnot(f32x4.ne(v, v), f32x4.ne(m, m)));
        m = v128.bitselect(v, m, take);
        at = v128.bitselect(i32x4.add(i32x4.splat(<i32>i), i32x4(0, 1, 2, 3)), at, take);
      }
      storeK(y + ((out + <usize>c) << 2), m, k);
      storeK(argmax + ((out + <usize>c) << 2), at, k);
    }
  }
}

/** dx[argmax[i]] += dy[i] for the n = N*C outputs whose argmax is not -1. */
export function maskedMaxPool1dBackward(dy: usize, argmax: usize, dx: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const a = load<i32>(argmax + o);
    if (a < 0) continue;
    const d = dx + (<usize>a << 2);
    store<f32>(d, load<f32>(d) + load<f32>(dy + o));
  }
}

/** Σ_t [mask ≠ 0] of sequence n (an exact small integer in f32). */
// @ts-ignore: decorator
@inline function realSteps(mask: usize, n: i32, T: i32): f32 {
  const m0 = mask + ((<usize>n * <usize>T) << 2);
  let count: f32 = 0;
  for (let t = 0; t < T; t++) if (load<f32>(m0 + (<usize>t << 2)) != 0) count += 1;
  return count;
}

/** y (N,C) = Σ_t x over the real steps / their number, in step order (0 for no real step). */
export function maskedAvgPool1dForward(x: usize, mask: usize, y: usize, N: i32, T: i32, C: i32): void {
  for (let n = 0; n < N; n++) {
    const count = realSteps(mask, n, T);
    const m0 = mask + ((<usize>n * <usize>T) << 2);
    const seq = x + ((<usize>n * <usize>T * <usize>C) << 2);
    const out = y + ((<usize>n * <usize>C) << 2);
    for (let c = 0; c < C; c += 4) {
      const k = C - c;
      let s = f32x4.splat(0);
      for (let t = 0; t < T; t++) {
        if (load<f32>(m0 + (<usize>t << 2)) == 0) continue;
        s = f32x4.add(s, loadK(seq + ((<usize>t * <usize>C + <usize>c) << 2), k));
      }
      storeK(out + (<usize>c << 2), count > 0 ? f32x4.div(s, f32x4.splat(count)) : f32x4.splat(0), k);
    }
  }
}

/** dx (N,T,C) += dy (N,C) / count at every real step of each sequence (nothing for no real step). */
export function maskedAvgPool1dBackward(dy: usize, mask: usize, dx: usize, N: i32, T: i32, C: i32): void {
  for (let n = 0; n < N; n++) {
    const count = realSteps(mask, n, T);
    if (count == 0) continue;
    const m0 = mask + ((<usize>n * <usize>T) << 2);
    const seq = dx + ((<usize>n * <usize>T * <usize>C) << 2);
    const g = dy + ((<usize>n * <usize>C) << 2);
    for (let c = 0; c < C; c += 4) {
      const k = C - c;
      const share = f32x4.div(loadK(g + (<usize>c << 2), k), f32x4.splat(count));
      for (let t = 0; t < T; t++) {
        if (load<f32>(m0 + (<usize>t << 2)) == 0) continue;
        const p = seq + ((<usize>t * <usize>C + <usize>c) << 2);
        storeK(p, f32x4.add(loadK(p, k), share), k);
      }
    }
  }
}
