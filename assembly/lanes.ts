// Partial-vector helpers. Loads and stores of k <= 4 consecutive f32 as one v128 let a kernel's SIMD
// body also serve its tail (the last n % 4 elements) instead of being copied into a scalar variant:
// k >= 4 is a plain v128 access; k < 4 touches only the first k floats (never reads or writes past the
// buffer), and the unused lanes of a loaded vector are 0; k <= 0 loads zeros and stores nothing (the
// empty parts of a wide block past the end of a row).

// @ts-ignore: decorator
@inline export function loadK(p: usize, k: i32): v128 {
  if (k >= 4) return v128.load(p);
  if (k <= 0) return v128.splat<i32>(0);
  let v = v128.load32_zero(p);
  if (k > 1) v = v128.load32_lane(p + 4, v, 1);
  if (k > 2) v = v128.load32_lane(p + 8, v, 2);
  return v;
}

// @ts-ignore: decorator
@inline export function storeK(p: usize, v: v128, k: i32): void {
  if (k >= 4) {
    v128.store(p, v);
    return;
  }
  if (k <= 0) return;
  v128.store32_lane(p, v, 0);
  if (k > 1) v128.store32_lane(p + 4, v, 1);
  if (k > 2) v128.store32_lane(p + 8, v, 2);
}

/** All-ones in lanes j < k, zero elsewhere: masks the unused lanes of a tail vector. */
// @ts-ignore: decorator
@inline export function laneMask(k: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(k));
}

/** loadK at p + o, or `fallback` in every lane when p is 0 (an optional parameter such as gamma). */
// @ts-ignore: decorator
@inline export function loadOr(p: usize, o: usize, k: i32, fallback: f32): v128 {
  return p ? loadK(p + o, k) : f32x4.splat(fallback);
}
