// Vectorized f32x4 transcendentals for the activation and loss kernels: exp, expm1, log, log1p,
// sigmoid, tanh, erfc. All @inline; no tables, no allocation, no branches (lanes choose by select).
// Error bounds below are measured by tests/kernels/math.test.ts against float64 Math on dense
// sweeps (relative error unless stated; "ulp" = 2^-23 relative):
//   exp     [-86.9, 88.7]  <= 3e-7     Cephes expf polynomial, Cody-Waite reduction by ln 2
//   expm1   [-20, 20]      <= 3e-7     exp's reduction, (2^n - 1) + 2^n (e^r - 1)
//   log     (0, Inf)       <= 3e-7     Cephes logf polynomial on the mantissa in [sqrt(1/2), sqrt(2))
//   log1p   (-1, 1e30]     <= 4e-7     log(1 + x) corrected by x / ((1 + x) - 1) (Goldberg, 1991)
//   sigmoid [-20, 20]      <= 2e-6     exp(-|x|) / (1 + exp(-|x|)) mirrored: never overflows
//   tanh    [-20, 20]      <= 2e-6     expm1(2|x|) / (expm1(2|x|) + 2), sign restored
//   erfc    [-4, 4]        <= 2e-6     t e^(-x^2 + P(t)), t = 1/(1 + |x|/2) (Numerical Recipes erfcc);
//           beyond 4 the relative error grows with x^2 (erfc(4) = 1.5e-8, so absolute < 1e-12)
// Extremes: exp(+Inf or > 88.7228) = +Inf, exp(-Inf or < -87.0) = 0 (denormal results flush to
// zero), log(0) = -Inf, log(x < 0) = NaN, sigmoid(±Inf) = 1 / 0, tanh(±Inf) = ±1, NaN in gives
// NaN out everywhere: the clamps keep a NaN (see atLeast / atMost in simd.ts).
import { madd, splat, atMost, clamp } from './simd';

// e^x and e^x - 1 share one reduction: x = n ln2 + r, |r| <= ln2/2, e^r = 1 + r + r^2 P(r) (Cephes
// expf polynomial, rel. err. ~1 ulp). n is rounded by the "magic bias" add (1.5 * 2^23 puts the
// integer n in the low mantissa bits: no float-to-int conversion, whose NaN/overflow fix-ups cost V8
// several instructions), and the same bits shifted by 23 are the exponent of 2^(n - 1) (bias 126, not
// 127, so that n = 128 still encodes). Clamping x to [-87.34, 88.72284] keeps n - 1 in [-127, 127]:
// e^x overflows to +Inf exactly above ln(FLT_MAX) and is 0 below -87.0 (n - 1 = -127 encodes 0:
// results under 2^-125 flush to zero instead of going denormal, which neither softmax nor any
// activation can tell apart). A clamped NaN stays NaN.
const EXP_LO: f32 = -87.336544;
const EXP_HI: f32 = 88.72284;
const EXP_MAGIC: f32 = 12582912.0 + 126.0; // 1.5 * 2^23 + (bias 127 - 1)

/** n + EXP_MAGIC for n = round(x / ln 2): its low bits << 23 are 2^(n - 1). */
// @ts-ignore: decorator
@inline function expRound(xc: v128): v128 {
  return madd(xc, splat(1.44269504088896341), splat(EXP_MAGIC));
}

/** r = x - n ln 2 by Cody-Waite: ln 2 = 0.693359375 - 2.12194440e-4 (the first part exact in 9 bits). */
// @ts-ignore: decorator
@inline function expRem(xc: v128, nb: v128): v128 {
  const n = f32x4.sub(nb, splat(EXP_MAGIC));
  return madd(n, splat(2.12194440e-4), madd(n, splat(-0.693359375), xc));
}

/** 2 P(r), the doubled Cephes expf polynomial. */
// @ts-ignore: decorator
@inline function expPoly2(r: v128): v128 {
  let p = splat(2 * 1.9875691500e-4);
  p = madd(p, r, splat(2 * 1.3981999507e-3));
  p = madd(p, r, splat(2 * 8.3334519073e-3));
  p = madd(p, r, splat(2 * 4.1665795894e-2));
  p = madd(p, r, splat(2 * 1.6666665459e-1));
  return madd(p, r, splat(2 * 5.0000001201e-1));
}

/** e^x = 2 e^r * 2^(n - 1). */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  const xc = clamp(x, EXP_LO, EXP_HI);
  const nb = expRound(xc);
  const r = expRem(xc, nb);
  const p = madd(expPoly2(r), f32x4.mul(r, r), madd(r, splat(2.0), splat(2.0))); // 2 e^r
  return f32x4.mul(p, i32x4.shl(nb, 23));
}

/** e^x - 1 without cancellation near 0, from the same reduction (as XNNPACK's expm1minus kernels):
 *  with s = 2^(n - 1) and h = 2 (e^r - 1) = 2r + 2 r^2 P(r), e^x - 1 = (s - 1/2) + s h + (s - 1/2).
 *  For |x| < ln2/2, n = 0, r = x exactly and s - 1/2 = 0: the result is h / 2 = e^x - 1 to the
 *  polynomial's accuracy; for |n| = 1 the sums cancel at most to 0.3 of their terms. The two halves
 *  are added separately so that n = 128 (x up to ln FLT_MAX) does not overflow 2 s. */
// @ts-ignore: decorator
@inline export function expm14(x: v128): v128 {
  const xc = clamp(x, EXP_LO, EXP_HI);
  const nb = expRound(xc);
  const r = expRem(xc, nb);
  const h = madd(expPoly2(r), f32x4.mul(r, r), f32x4.add(r, r));
  const s = i32x4.shl(nb, 23);
  const t = f32x4.sub(s, splat(0.5));
  return f32x4.add(madd(s, h, t), t);
}

/** ln x. x = m 2^e with m in [sqrt(1/2), sqrt(2)); ln m = f - f^2/2 + f^3 P(f), f = m - 1 (Cephes
 *  logf). Denormal inputs are scaled by 2^23 first. */
// @ts-ignore: decorator
@inline export function log4(x: v128): v128 {
  const tiny = f32x4.lt(x, splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, splat(8388608.0)), x, tiny);
  const bits = xs;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126));
  e = i32x4.sub(e, v128.and(tiny, i32x4.splat(23)));
  // Mantissa in [0.5, 1): keep the fraction bits, set the exponent of 0.5.
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const lo = f32x4.lt(m, splat(0.707106781186547524));
  e = i32x4.add(e, lo); // lo lanes are -1: e - 1
  m = f32x4.sub(f32x4.add(m, v128.and(lo, m)), splat(1.0)); // lo: 2m - 1, else m - 1
  const ef = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(m, m);
  let p = splat(7.0376836292e-2);
  p = madd(p, m, splat(-1.1514610310e-1));
  p = madd(p, m, splat(1.1676998740e-1));
  p = madd(p, m, splat(-1.2420140846e-1));
  p = madd(p, m, splat(1.4249322787e-1));
  p = madd(p, m, splat(-1.6668057665e-1));
  p = madd(p, m, splat(2.0000714765e-1));
  p = madd(p, m, splat(-2.4999993993e-1));
  p = madd(p, m, splat(3.3333331174e-1));
  let y = f32x4.mul(f32x4.mul(p, m), z);
  y = madd(ef, splat(-2.12194440e-4), y);
  y = madd(z, splat(-0.5), y);
  let r = madd(ef, splat(0.693359375), f32x4.add(m, y));
  // Specials: 0 -> -Inf, +Inf -> +Inf, negative or NaN -> NaN.
  r = v128.bitselect(splat(-Infinity), r, f32x4.eq(x, splat(0.0)));
  r = v128.bitselect(x, r, f32x4.eq(x, splat(Infinity)));
  const bad = v128.or(f32x4.lt(x, splat(0.0)), f32x4.ne(x, x));
  return v128.bitselect(splat(NaN), r, bad);
}

/** ln(1 + x) for x > -1: u = 1 + x rounds, and ln(u) * x / (u - 1) cancels that rounding
 *  (Goldberg, "What every computer scientist should know about floating-point", thm. 4). */
// @ts-ignore: decorator
@inline export function log1p4(x: v128): v128 {
  const u = f32x4.add(x, splat(1.0));
  const d = f32x4.sub(u, splat(1.0));
  const corrected = f32x4.div(f32x4.mul(log4(u), x), d);
  // u == 1: ln(1 + x) = x to f32 precision; u == Inf: the quotient is Inf/Inf, take ln(u).
  const r = v128.bitselect(x, corrected, f32x4.eq(d, splat(0.0)));
  return v128.bitselect(u, r, f32x4.eq(u, splat(Infinity)));
}

/** 1 / (1 + e^-x), from e = e^-|x| only (in (0, 1], never overflows): s = 1/(1+e) for x >= 0,
 *  e s for x < 0, so both tails keep full relative precision. */
// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  const e = exp4(f32x4.neg(f32x4.abs(x)));
  const s = f32x4.div(splat(1.0), f32x4.add(e, splat(1.0)));
  return v128.bitselect(s, f32x4.mul(e, s), f32x4.ge(x, splat(0.0)));
}

/** tanh x = t / (t + 2), t = expm1(2|x|), with the sign of x restored. |x| is clamped at 9,
 *  where tanh is 1 in f32, so t never overflows. */
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 {
  const a = atMost(f32x4.abs(x), splat(9.0));
  const t = expm14(f32x4.add(a, a));
  const r = f32x4.div(t, f32x4.add(t, splat(2.0)));
  return v128.or(r, v128.and(x, i32x4.splat(0x80000000))); // copysign (r >= 0 or NaN)
}

/** erfc x = t e^(-z^2 + P(t)), z = |x|, t = 1 / (1 + z/2), P of degree 9 (Chebyshev fit with
 *  fractional error < 1.2e-7 for all z; Press et al., Numerical Recipes, 2nd ed., 6.2 "erfcc");
 *  erfc(-z) = 2 - erfc(z). In f32 the rounding of z^2 adds ~2 z^2 ulp, hence the bound for |x| <= 4. */
// @ts-ignore: decorator
@inline export function erfc4(x: v128): v128 {
  const z = f32x4.abs(x);
  const t = f32x4.div(splat(1.0), madd(z, splat(0.5), splat(1.0)));
  let p = splat(0.17087277);
  p = madd(p, t, splat(-0.82215223));
  p = madd(p, t, splat(1.48851587));
  p = madd(p, t, splat(-1.13520398));
  p = madd(p, t, splat(0.27886807));
  p = madd(p, t, splat(-0.18628806));
  p = madd(p, t, splat(0.09678418));
  p = madd(p, t, splat(0.37409196));
  p = madd(p, t, splat(1.00002368));
  p = madd(p, t, splat(-1.26551223));
  const r = f32x4.mul(t, exp4(f32x4.sub(p, f32x4.mul(z, z))));
  return v128.bitselect(r, f32x4.sub(splat(2.0), r), f32x4.ge(x, splat(0.0)));
}
