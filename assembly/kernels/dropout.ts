// Dropout and the Gaussian noise layers, forward and backward. Sizes: n elements; x, y, mask, dy, dx
// are all (n) f32; `state` is a 64-byte PRNG state (assembly/rng.ts) that each forward call advances
// by ceil(n/4) steps (element i uses stream element i of this call). In-place (y == x) is allowed.
// Forward writes what backward needs into `mask`; backward accumulates (dx += ...), so the three
// multiplicative layers share one backward, dropoutBackward.
// Formulas follow Keras 3 (keras/src/layers/regularization/*.py); keep/drop is Keras's rule
// `uniform >= rate`, made exact on integers: keep iff u32 >= floor(rate * 2^32).
import { rngNext4, rngFillSteps, uniformOpen4, RNG_TILE_BYTES } from '../rng';
import { loadK, storeK } from '../lanes';
import { madd } from '../simd';
import { log4 } from '../math';

/** floor(rate * 2^32) in every lane: rate in [0, 1) keeps u32 >= it with probability 1 - rate. */
// @ts-ignore: decorator
@inline function keepThreshold(rate: f32): v128 {
  return i32x4.splat(<i32>(<u32>(<f64>rate * 4294967296.0)));
}

// Each kernel's chunk body is @inline and takes the chunk width k: the main loop passes the constant 4
// (the optimizer then drops loadK/storeK's tail branches), the tail passes n % 4 once.

// @ts-ignore: decorator
@inline function dropoutChunk(x: usize, y: usize, mask: usize, o: usize, k: i32, bits: v128, thresh: v128, scale: v128): void {
  const keep = i32x4.ge_u(bits, thresh);
  const xv = loadK(x + o, k);
  storeK(mask + o, v128.and(keep, scale), k);
  storeK(y + o, v128.and(keep, f32x4.mul(xv, scale)), k);
}

/** Inverted dropout (Keras Dropout): mask = keep ? 1/(1-rate) : 0, y = x * mask (a dropped y is 0 even for x = Inf). rate in [0, 1). */
export function dropoutForward(x: usize, y: usize, mask: usize, n: i32, rate: f32, state: usize): void {
  assert(rate >= 0 && rate < 1);
  const thresh = keepThreshold(rate);
  const scale = f32x4.splat(<f32>1 / (<f32>1 - rate));
  const full = <usize>(n & ~3) << 2;
  // Bits first into the mask tile (rngFillSteps), then the tile is transformed in place.
  for (let t: usize = 0; t < full; t += RNG_TILE_BYTES) {
    const end = min(t + RNG_TILE_BYTES, full);
    rngFillSteps(state, mask + t, <i32>((end - t) >> 4));
    for (let o = t; o < end; o += 16) dropoutChunk(x, y, mask, o, 4, v128.load(mask + o), thresh, scale);
  }
  if (n & 3) dropoutChunk(x, y, mask, full, n & 3, rngNext4(state), thresh, scale);
}

// @ts-ignore: decorator
@inline function maskedAddChunk(dy: usize, mask: usize, dx: usize, o: usize, k: i32): void {
  const g = f32x4.mul(loadK(dy + o, k), loadK(mask + o, k));
  storeK(dx + o, f32x4.add(loadK(dx + o, k), g), k);
}

/** dx += dy * mask: the backward of dropout, gaussianDropout and alphaDropout (their masks hold dy/dx). */
export function dropoutBackward(dy: usize, mask: usize, dx: usize, n: i32): void {
  const full = <usize>(n & ~3) << 2;
  for (let o: usize = 0; o < full; o += 16) maskedAddChunk(dy, mask, dx, o, 4);
  if (n & 3) maskedAddChunk(dy, mask, dx, full, n & 3);
}

/**
 * [cos 2 pi v0, sin 2 pi v1, cos 2 pi v2, sin 2 pi v3] for v in [0, 1]. The reduction is in turns,
 * exact in f32: w = v - round(v), q = round(4w), f = w - q/4 in [-1/8, 1/8]; a = 2 pi f lies in
 * [-pi/4, pi/4] where the Cephes sinf/cosf polynomials are within 1e-7; the quadrant q rotates.
 */
// @ts-ignore: decorator
@inline function cosSinAlternating(v: v128): v128 {
  const w = f32x4.sub(v, f32x4.nearest(v));
  const q = f32x4.nearest(f32x4.mul(w, f32x4.splat(4)));
  const a = f32x4.mul(f32x4.sub(w, f32x4.mul(q, f32x4.splat(0.25))), f32x4.splat(6.2831853071795864769));
  const z = f32x4.mul(a, a);
  let ps = madd(f32x4.splat(-1.9515295891e-4), z, f32x4.splat(8.3321608736e-3));
  ps = madd(ps, z, f32x4.splat(-1.6666654611e-1));
  const sn = madd(f32x4.mul(ps, z), a, a);
  let pc = madd(f32x4.splat(2.443315711809948e-5), z, f32x4.splat(-1.388731625493765e-3));
  pc = madd(pc, z, f32x4.splat(4.166664568298827e-2));
  const cs = madd(f32x4.mul(pc, z), z, madd(z, f32x4.splat(-0.5), f32x4.splat(1)));
  // Quadrant qi = q mod 4: sin(a + qi pi/2) = (s, c, -s, -c)[qi], cos = (c, -s, -c, s)[qi].
  const qi = i32x4.trunc_sat_f32x4_s(q);
  const odd = i32x4.ne(v128.and(qi, i32x4.splat(1)), i32x4.splat(0));
  const sinQ = v128.xor(v128.bitselect(cs, sn, odd), i32x4.shl(v128.and(qi, i32x4.splat(2)), 30));
  const cosQ = v128.xor(v128.bitselect(sn, cs, odd), i32x4.shl(v128.and(i32x4.add(qi, i32x4.splat(1)), i32x4.splat(2)), 30));
  // Even lanes want the cosine, odd lanes the sine.
  return v128.shuffle<f32>(cosQ, sinQ, 0, 5, 2, 7);
}

/**
 * 4 standard normals by Box-Muller (Box & Muller 1958) from one PRNG step's bits: lanes (0, 1) and (2, 3)
 * are uniform pairs (u, v) in (0, 1] giving r cos(2 pi v), r sin(2 pi v) with r = sqrt(-2 ln u).
 * Vectorized with log4 (assembly/math.ts, relative error <= 3e-7) and the turn-reduced sin/cos above
 * (absolute error ~1e-7): each normal is within 2e-6 of exact Box-Muller (r <= 5.8 as u >= 2^-24),
 * which tests/kernels/dropout.test.ts checks against the f64 reference.
 */
// @ts-ignore: decorator
@inline function normal4(bits: v128): v128 {
  const u = uniformOpen4(bits);
  const uu = v128.shuffle<f32>(u, u, 0, 0, 2, 2);
  const vv = v128.shuffle<f32>(u, u, 1, 1, 3, 3);
  const r = f32x4.sqrt(f32x4.mul(f32x4.splat(-2), log4(uu)));
  return f32x4.mul(r, cosSinAlternating(vv));
}

// @ts-ignore: decorator
@inline function noiseChunk(x: usize, y: usize, o: usize, k: i32, sd: v128, state: usize): void {
  storeK(y + o, f32x4.add(loadK(x + o, k), f32x4.mul(normal4(rngNext4(state)), sd)), k);
}

/** Keras GaussianNoise (training): y = x + stddev * N(0, 1). Backward: gaussianNoiseBackward. */
export function gaussianNoiseForward(x: usize, y: usize, n: i32, stddev: f32, state: usize): void {
  const sd = f32x4.splat(stddev);
  const full = <usize>(n & ~3) << 2;
  for (let o: usize = 0; o < full; o += 16) noiseChunk(x, y, o, 4, sd, state);
  if (n & 3) noiseChunk(x, y, full, n & 3, sd, state);
}

// @ts-ignore: decorator
@inline function addChunk(dy: usize, dx: usize, o: usize, k: i32): void {
  storeK(dx + o, f32x4.add(loadK(dx + o, k), loadK(dy + o, k)), k);
}

/** dx += dy: additive noise passes the gradient through unchanged. */
export function gaussianNoiseBackward(dy: usize, dx: usize, n: i32): void {
  const full = <usize>(n & ~3) << 2;
  for (let o: usize = 0; o < full; o += 16) addChunk(dy, dx, o, 4);
  if (n & 3) addChunk(dy, dx, full, n & 3);
}

// @ts-ignore: decorator
@inline function gaussianMaskChunk(x: usize, y: usize, mask: usize, o: usize, k: i32, bits: v128, sd: v128): void {
  const m = f32x4.add(f32x4.splat(1), f32x4.mul(normal4(bits), sd));
  storeK(mask + o, m, k);
  storeK(y + o, f32x4.mul(loadK(x + o, k), m), k);
}

/** Keras GaussianDropout (training): mask = 1 + sqrt(rate/(1-rate)) * N(0, 1), y = x * mask. rate in [0, 1). */
export function gaussianDropoutForward(x: usize, y: usize, mask: usize, n: i32, rate: f32, state: usize): void {
  assert(rate >= 0 && rate < 1);
  const sd = f32x4.splat(<f32>Math.sqrt(<f64>rate / (1.0 - <f64>rate)));
  const full = <usize>(n & ~3) << 2;
  for (let t: usize = 0; t < full; t += RNG_TILE_BYTES) {
    const end = min(t + RNG_TILE_BYTES, full);
    rngFillSteps(state, mask + t, <i32>((end - t) >> 4));
    for (let o = t; o < end; o += 16) gaussianMaskChunk(x, y, mask, o, 4, v128.load(mask + o), sd);
  }
  if (n & 3) gaussianMaskChunk(x, y, mask, full, n & 3, rngNext4(state), sd);
}

// @ts-ignore: decorator
@inline function alphaChunk(
  x: usize, y: usize, mask: usize, o: usize, k: i32, bits: v128, thresh: v128, a: v128, b: v128, dropped: v128,
): void {
  const keep = i32x4.ge_u(bits, thresh);
  const kept = f32x4.add(f32x4.mul(loadK(x + o, k), a), b);
  storeK(mask + o, v128.and(keep, a), k);
  storeK(y + o, v128.bitselect(kept, dropped, keep), k);
}

/**
 * Keras AlphaDropout (Klambauer et al. 2017, SELU paper): dropped units take the SELU saturation
 * alpha' = -scale * alpha, then an affine map a*x + b restores mean and variance:
 * a = ((1 - rate) (1 + rate alpha'^2))^-1/2, b = -a alpha' rate. So y = keep ? a x + b : a alpha' + b,
 * and mask = keep ? a : 0 (dy/dx). rate in [0, 1).
 */
export function alphaDropoutForward(x: usize, y: usize, mask: usize, n: i32, rate: f32, state: usize): void {
  assert(rate >= 0 && rate < 1);
  const alphaP: f64 = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;
  const p = <f64>rate;
  const a64 = 1.0 / Math.sqrt((1.0 - p) * (1.0 + p * alphaP * alphaP));
  const b64 = -a64 * alphaP * p;
  const a = f32x4.splat(<f32>a64);
  const b = f32x4.splat(<f32>b64);
  const dropped = f32x4.splat(<f32>(a64 * alphaP + b64));
  const thresh = keepThreshold(rate);
  const full = <usize>(n & ~3) << 2;
  for (let t: usize = 0; t < full; t += RNG_TILE_BYTES) {
    const end = min(t + RNG_TILE_BYTES, full);
    rngFillSteps(state, mask + t, <i32>((end - t) >> 4));
    for (let o = t; o < end; o += 16) alphaChunk(x, y, mask, o, 4, v128.load(mask + o), thresh, a, b, dropped);
  }
  if (n & 3) alphaChunk(x, y, mask, full, n & 3, rngNext4(state), thresh, a, b, dropped);
}
