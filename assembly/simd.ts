// Shared @inline SIMD helpers. One source serves the plain and the relaxed build: the branches on
// ASC_FEATURE_RELAXED_SIMD are resolved at compile time, so each build contains only its own path.

/**
 * a * b + c on f32x4 lanes. Relaxed build: `f32x4.relaxed_madd` (one fused FMA where the CPU has it,
 * else mul then add; the relaxed-SIMD spec lets the engine choose). Plain build: mul then add, two
 * roundings.
 */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// @ts-ignore: decorator
@inline export function splat(v: f32): v128 {
  return f32x4.splat(v);
}

// Clamps. V8 lowers the exact f32x4.max/min (NaN-propagating, -0 < +0) to about eight x64
// instructions, f32x4.pmax/pmin to one maxps/minps. pmax(a, b) = a < b ? b : a and
// pmin(a, b) = b < a ? b : a, so with x FIRST a NaN x is returned as is: NaN still propagates, and
// only the sign of a zero result can differ (max(-0, 0) = -0, as C++ std::max and TF's relu give).
// relu, sigmoid and elu ran 1.2-2x faster with these in place of min/max (BENCHMARKS.md).

/** max(x, lo), NaN kept. */
// @ts-ignore: decorator
@inline export function atLeast(x: v128, lo: v128): v128 {
  return f32x4.pmax(x, lo);
}

/** min(x, hi), NaN kept. */
// @ts-ignore: decorator
@inline export function atMost(x: v128, hi: v128): v128 {
  return f32x4.pmin(x, hi);
}

/** min(max(x, lo), hi), NaN kept. */
// @ts-ignore: decorator
@inline export function clamp(x: v128, lo: f32, hi: f32): v128 {
  return f32x4.pmin(f32x4.pmax(x, splat(lo)), splat(hi));
}

/** Sum of the four f32 lanes. */
// @ts-ignore: decorator
@inline export function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

/**
 * Stores the transpose of the 4x4 block whose rows are r0..r3: column j (r0[j], r1[j], r2[j], r3[j])
 * goes to dst + j * stride bytes. Eight shuffles, no scalar lane moves.
 */
// @ts-ignore: decorator
@inline export function storeTransposed4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // r0[0] r1[0] r0[1] r1[1]
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5); // r2[0] r3[0] r2[1] r3[1]
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // r0[2] r1[2] r0[3] r1[3]
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7); // r2[2] r3[2] r2[3] r3[3]
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + stride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}
