// Dropout and the Gaussian noise layers, forward and backward. Sizes: n elements; x, y, mask, dy, dx
// are all (n) f32; `state` is a 64-byte PRNG state (assembly/rng.ts) that each forward call advances
// by ceil(n/4) steps (element i uses stream element i of this call). In-place (y == x) is allowed.
// Forward writes what backward needs into `mask`; backward accumulates (dx += ...), so the three
// multiplicative layers share one backward, dropoutBackward.
// Formulas follow Keras 3 (keras/src/layers/regularization/*.py); keep/drop is Keras's rule
// `uniform >= rate`, made exact on integers: keep iff u32 >= floor(rate * 2^32).
import { rngNext4, uniformOpen4 } from '../rng';
import { loadK, storeK } from '../lanes';

/** floor(rate * 2^32) in every lane: rate in [0, 1) keeps u32 >= it with probability 1 - rate. */
// @ts-ignore: decorator
@inline function keepThreshold(rate: f32): v128 {
  return i32x4.splat(<i32>(<u32>(<f64>rate * 4294967296.0)));
}

/** Inverted dropout (Keras Dropout): mask = keep ? 1/(1-rate) : 0, y = x * mask (a dropped y is 0 even for x = Inf). rate in [0, 1). */
export function dropoutForward(x: usize, y: usize, mask: usize, n: i32, rate: f32, state: usize): void {
  assert(rate >= 0 && rate < 1);
  const thresh = keepThreshold(rate);
  const scale = f32x4.splat(<f32>1 / (<f32>1 - rate));
  for (let i = 0; i < n; i += 4) {
    const k = n - i;
    const o = <usize>i << 2;
    const keep = i32x4.ge_u(rngNext4(state), thresh);
    const xv = loadK(x + o, k);
    storeK(mask + o, v128.and(keep, scale), k);
    storeK(y + o, v128.and(keep, f32x4.mul(xv, scale)), k);
  }
}

/** dx += dy * mask: the backward of dropout, gaussianDropout and alphaDropout (their masks hold dy/dx). */
export function dropoutBackward(dy: usize, mask: usize, dx: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const k = n - i;
    const o = <usize>i << 2;
    const g = f32x4.mul(loadK(dy + o, k), loadK(mask + o, k));
    storeK(dx + o, f32x4.add(loadK(dx + o, k), g), k);
  }
}

/**
 * 4 standard normals by Box-Muller (Box & Muller 1958) from one PRNG step: lanes (0, 1) and (2, 3)
 * are two uniform pairs (u, v) in (0, 1], giving r cos(2 pi v) and r sin(2 pi v), r = sqrt(-2 ln u).
 * Evaluated per pair in f64 with the standard library's log/cos/sin, then rounded to f32.
 */
// @ts-ignore: decorator
@inline function normal4(state: usize): v128 {
  const u = uniformOpen4(rngNext4(state));
  const r0 = Math.sqrt(-2 * Math.log(<f64>f32x4.extract_lane(u, 0)));
  const t0 = 2 * Math.PI * <f64>f32x4.extract_lane(u, 1);
  const r1 = Math.sqrt(-2 * Math.log(<f64>f32x4.extract_lane(u, 2)));
  const t1 = 2 * Math.PI * <f64>f32x4.extract_lane(u, 3);
  let z = f32x4.splat(<f32>(r0 * Math.cos(t0)));
  z = f32x4.replace_lane(z, 1, <f32>(r0 * Math.sin(t0)));
  z = f32x4.replace_lane(z, 2, <f32>(r1 * Math.cos(t1)));
  return f32x4.replace_lane(z, 3, <f32>(r1 * Math.sin(t1)));
}

/** Keras GaussianNoise (training): y = x + stddev * N(0, 1). Backward: gaussianNoiseBackward. */
export function gaussianNoiseForward(x: usize, y: usize, n: i32, stddev: f32, state: usize): void {
  const sd = f32x4.splat(stddev);
  for (let i = 0; i < n; i += 4) {
    const k = n - i;
    const o = <usize>i << 2;
    const z = normal4(state);
    storeK(y + o, f32x4.add(loadK(x + o, k), f32x4.mul(z, sd)), k);
  }
}

/** dx += dy: additive noise passes the gradient through unchanged. */
export function gaussianNoiseBackward(dy: usize, dx: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const k = n - i;
    const o = <usize>i << 2;
    storeK(dx + o, f32x4.add(loadK(dx + o, k), loadK(dy + o, k)), k);
  }
}

/** Keras GaussianDropout (training): mask = 1 + sqrt(rate/(1-rate)) * N(0, 1), y = x * mask. rate in [0, 1). */
export function gaussianDropoutForward(x: usize, y: usize, mask: usize, n: i32, rate: f32, state: usize): void {
  assert(rate >= 0 && rate < 1);
  const sd = f32x4.splat(<f32>Math.sqrt(<f64>rate / (1.0 - <f64>rate)));
  const one = f32x4.splat(1);
  for (let i = 0; i < n; i += 4) {
    const k = n - i;
    const o = <usize>i << 2;
    const m = f32x4.add(one, f32x4.mul(normal4(state), sd));
    storeK(mask + o, m, k);
    storeK(y + o, f32x4.mul(loadK(x + o, k), m), k);
  }
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
  for (let i = 0; i < n; i += 4) {
    const k = n - i;
    const o = <usize>i << 2;
    const keep = i32x4.ge_u(rngNext4(state), thresh);
    const kept = f32x4.add(f32x4.mul(loadK(x + o, k), a), b);
    storeK(mask + o, v128.and(keep, a), k);
    storeK(y + o, v128.bitselect(kept, dropped, keep), k);
  }
}
