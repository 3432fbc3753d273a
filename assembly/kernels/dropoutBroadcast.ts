// Dropout with a Keras `noise_shape`: the keep/drop mask is drawn for a smaller shape (dropoutForward
// over the mask alone, src/layers/noiseShape.ts) and broadcast over the dimensions where the noise
// shape is 1. These two kernels apply such a mask to a block viewed as [outer, mid, inner] with the
// mask [outer, 1, inner], i.e. the same mask row repeats along `mid`:
//   x, y, dy, dx: (outer, mid, inner) f32; mask: (outer, inner) f32.
// Keras's SpatialDropout1D ([B, T, C], noise [B, 1, C]) is outer = B, mid = T, inner = C; its
// SpatialDropout2D channels_first ([B, C, H, W], noise [B, C, 1, 1]) is outer = B*C, mid = H*W,
// inner = 1. Other noise shapes are several such blocks (the layer loops over the leading dims).
import { loadK, storeK } from '../lanes';

// inner >= 2: each (o, m) row of `inner` floats is multiplied by mask row o (SIMD along inner, tail
// by loadK/storeK). inner == 1: the mask is one scalar per o, and the `mid` floats it scales are
// contiguous, so that run is the SIMD axis instead (otherwise every vector would be a 1-lane tail).

// @ts-ignore: decorator
@inline function applyChunk(x: usize, m: v128, y: usize, o: usize, k: i32, accumulate: bool): void {
  if (accumulate) {
    // Backward: dx += dy * mask, plain product as dropoutBackward (a dropped Inf/NaN in dy gives NaN).
    storeK(y + o, f32x4.add(loadK(y + o, k), f32x4.mul(loadK(x + o, k), m)), k);
  } else {
    // Forward: a dropped element is 0 even when x is Inf or NaN, as dropoutForward gives.
    storeK(y + o, v128.and(f32x4.ne(m, f32x4.splat(0)), f32x4.mul(loadK(x + o, k), m)), k);
  }
}

// @ts-ignore: decorator
@inline function applyBroadcast(x: usize, mask: usize, y: usize, outer: i32, mid: i32, inner: i32, accumulate: bool): void {
  if (inner == 1) {
    const run = <usize>mid << 2;
    const full = <usize>(mid & ~3) << 2;
    for (let o = 0; o < outer; o++) {
      const m = v128.load32_splat(mask + (<usize>o << 2));
      const base = <usize>o * run;
      for (let i: usize = 0; i < full; i += 16) applyChunk(x, m, y, base + i, 4, accumulate);
      if (mid & 3) applyChunk(x, m, y, base + full, mid & 3, accumulate);
    }
    return;
  }
  const row = <usize>inner << 2;
  const full = <usize>(inner & ~3) << 2;
  for (let o = 0; o < outer; o++) {
    const mrow = mask + <usize>o * row;
    for (let j = 0; j < mid; j++) {
      const base = (<usize>o * <usize>mid + <usize>j) * row;
      for (let i: usize = 0; i < full; i += 16) applyChunk(x + base, v128.load(mrow + i), y + base, i, 4, accumulate);
      if (inner & 3) applyChunk(x + base, loadK(mrow + full, inner & 3), y + base, full, inner & 3, accumulate);
    }
  }
}

/** y[o, j, i] = x[o, j, i] * mask[o, i] (0 where the mask is 0). In place (y == x) is allowed. */
export function dropoutBroadcastForward(x: usize, mask: usize, y: usize, outer: i32, mid: i32, inner: i32): void {
  applyBroadcast(x, mask, y, outer, mid, inner, false);
}

/** dx[o, j, i] += dy[o, j, i] * mask[o, i]: the backward of dropoutBroadcastForward. */
export function dropoutBroadcastBackward(dy: usize, mask: usize, dx: usize, outer: i32, mid: i32, inner: i32): void {
  applyBroadcast(dy, mask, dx, outer, mid, inner, true);
}
