// Reductions: sums for losses, metrics and penalties, the global L2 norm for gradient clipping, a
// non-finite check for training, row max/argmax and accuracy counts for metrics.
// Shapes: x (n) for whole-buffer reductions; x, pred, target (rows, cols) row-major for row-wise
// ones; labels (rows) i32; out (rows).
//
// Error behaviour of sum / sumSquares / sumAbs / regularizerPenalty (blocked accumulation): blocks of
// BLOCK = 256 floats are summed in 4 f32x4 accumulators (16 lanes, 16 terms per lane, then a 16-way
// pairwise lane sum), and block sums are added in f64. The f32 part adds at most about 16 + 4
// roundings to each term, the f64 part is exact to 1e-16 relative, so
//   |computed - exact| <= ~20 * 2^-24 * sum|x_i|  (≈ 1.2e-6 * sum|x_i|), independent of n,
// plus the final rounding to f32. A plain f32 loop would have an n * 2^-24 bound instead.
// sumSquares overflows to +Inf exactly when the f32 result would (squares are non-negative, so a
// partial sum can only overflow if the total does); l2Norm squares in f64, so it never overflows
// for any f32 input.

import { rowMax as rowMaxAt } from '../rows';

const BLOCK: usize = 256 << 2; // bytes per block of the blocked sums

@inline function hsum(v: v128): f64 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return <f64>(f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1));
}

/** What one term contributes: x, x^2 or |x|. */
const TERM_X: i32 = 0;
const TERM_SQ: i32 = 1;
const TERM_ABS: i32 = 2;

@inline function term(x: v128, kind: i32): v128 {
  if (kind == TERM_SQ) return f32x4.mul(x, x);
  if (kind == TERM_ABS) return f32x4.abs(x);
  return x;
}

@inline function blockedSum(x: usize, n: i32, kind: i32): f64 {
  const end = <usize>n << 2;
  let total: f64 = 0;
  let i: usize = 0;
  while (i + 16 <= end) {
    const stop = min(end & ~15, i + BLOCK);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    for (; i + 64 <= stop; i += 64) {
      a0 = f32x4.add(a0, term(v128.load(x + i), kind));
      a1 = f32x4.add(a1, term(v128.load(x + i, 16), kind));
      a2 = f32x4.add(a2, term(v128.load(x + i, 32), kind));
      a3 = f32x4.add(a3, term(v128.load(x + i, 48), kind));
    }
    for (; i < stop; i += 16) a0 = f32x4.add(a0, term(v128.load(x + i), kind));
    total += hsum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  }
  for (; i < end; i += 4) total += <f64>f32x4.extract_lane(term(v128.load32_zero(x + i), kind), 0);
  return total;
}

/** x: (n). Sum of x. */
export function sum(x: usize, n: i32): f32 {
  return <f32>blockedSum(x, n, TERM_X);
}

/** x: (n). Sum of x^2. */
export function sumSquares(x: usize, n: i32): f32 {
  return <f32>blockedSum(x, n, TERM_SQ);
}

/** x: (n). Sum of |x|. */
export function sumAbs(x: usize, n: i32): f32 {
  return <f32>blockedSum(x, n, TERM_ABS);
}

/** p: (n). Keras L1L2 regularizer value: l1 * sum|p| + l2 * sum p^2 (keras/src/regularizers). */
export function regularizerPenalty(p: usize, n: i32, l1: f64, l2: f64): f32 {
  let r: f64 = 0;
  if (l1 != 0) r += l1 * blockedSum(p, n, TERM_ABS);
  if (l2 != 0) r += l2 * blockedSum(p, n, TERM_SQ);
  return <f32>r;
}

/** x: (n). sqrt(sum x^2), overflow-safe: each x is widened to f64 before squaring (f32 max squared
 *  is 1.2e77, far inside f64), so the norm is finite whenever it is representable in f32 (plus any
 *  rounding of the final sqrt); Inf in x gives Inf, NaN gives NaN. For clipnorm / global_clipnorm. */
export function l2Norm(x: usize, n: i32): f32 {
  const end = <usize>n << 2;
  // Four f64x2 chains (8 floats per iteration) hide the f64 add latency.
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let i: usize = 0;
  for (; i + 32 <= end; i += 32) {
    const u = v128.load(x + i), v = v128.load(x + i, 16);
    const u0 = f64x2.promote_low_f32x4(u), u1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(u, u, 2, 3, 0, 1));
    const v0 = f64x2.promote_low_f32x4(v), v1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    a0 = f64x2.add(a0, f64x2.mul(u0, u0));
    a1 = f64x2.add(a1, f64x2.mul(u1, u1));
    a2 = f64x2.add(a2, f64x2.mul(v0, v0));
    a3 = f64x2.add(a3, f64x2.mul(v1, v1));
  }
  const s = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < end; i += 4) {
    const v = <f64>load<f32>(x + i);
    total += v * v;
  }
  return <f32>Math.sqrt(total);
}

/** x: (n). 1 if any element is NaN or +-Inf, else 0. x * 0 is 0 for finite x and NaN otherwise, and
 *  NaN survives addition, so one add per element; checked per 1024-float chunk to stop early. */
export function hasNonFinite(x: usize, n: i32): i32 {
  const end = <usize>n << 2;
  const zero = f32x4.splat(0);
  let a0 = zero, a1 = zero, a2 = zero, a3 = zero; // four chains hide the add latency
  let i: usize = 0;
  while (i + 64 <= end) {
    const stop = min(end & ~63, i + 4096);
    for (; i < stop; i += 64) {
      a0 = f32x4.add(a0, f32x4.mul(v128.load(x + i), zero));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(x + i, 16), zero));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(x + i, 32), zero));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(x + i, 48), zero));
    }
    const acc = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
    if (!i32x4.all_true(f32x4.eq(acc, acc))) return 1;
  }
  for (; i < end; i += 4) {
    const v = load<f32>(x + i);
    if (v - v != 0) return 1;
  }
  return 0;
}

// ---- row-wise: max, argmax, accuracy counts ---------------------------------------------------

/** Index of the first maximum of one row; a row containing NaN gives its first NaN (numpy's rule). */
@inline function rowArgmaxAt(x: usize, cols: i32): i32 {
  const m = rowMaxAt(x, cols);
  if (m != m) {
    for (let j = 0; j < cols; j++) {
      const v = load<f32>(x + (<usize>j << 2));
      if (v != v) return j;
    }
  }
  const vm = f32x4.splat(m);
  const end = <usize>cols << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const hit = i32x4.bitmask(f32x4.eq(v128.load(x + i), vm));
    if (hit) return <i32>(i >> 2) + ctz(hit);
  }
  for (; i < end; i += 4) if (load<f32>(x + i) == m) return <i32>(i >> 2);
  return 0; // unreachable: m is one of the row's values
}

/** x: (rows, cols) -> out: (rows) f32, the max of each row. */
export function rowMax(x: usize, rows: i32, cols: i32, out: usize): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) store<f32>(out + (<usize>r << 2), rowMaxAt(x + <usize>r * stride, cols));
}

/** x: (rows, cols) -> out: (rows) i32, the index of the first max of each row. */
export function rowArgmax(x: usize, rows: i32, cols: i32, out: usize): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) store<i32>(out + (<usize>r << 2), rowArgmaxAt(x + <usize>r * stride, cols));
}

/** pred, target: (rows, cols). Rows where argmax(pred) == argmax(target): Keras categorical_accuracy
 *  (keras/src/metrics/accuracy_metrics.py) times rows. */
export function categoricalAccuracyCount(pred: usize, target: usize, rows: i32, cols: i32): i32 {
  const stride = <usize>cols << 2;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * stride;
    if (rowArgmaxAt(pred + o, cols) == rowArgmaxAt(target + o, cols)) count++;
  }
  return count;
}

/** pred: (rows, cols), labels: (rows) i32. Rows where argmax(pred) == label: Keras
 *  sparse_categorical_accuracy times rows. */
export function sparseAccuracyCount(pred: usize, labels: usize, rows: i32, cols: i32): i32 {
  const stride = <usize>cols << 2;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    if (rowArgmaxAt(pred + <usize>r * stride, cols) == load<i32>(labels + (<usize>r << 2))) count++;
  }
  return count;
}

/** pred, target: (n). Elements where target == (pred > threshold ? 1 : 0): Keras binary_accuracy
 *  (threshold 0.5 by default) times n; a target other than exactly 0 or 1 never matches, as in Keras. */
export function binaryAccuracyCount(pred: usize, target: usize, n: i32, threshold: f64): i32 {
  const th = f32x4.splat(<f32>threshold), one = f32x4.splat(1);
  const end = <usize>n << 2;
  let acc = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    const y = v128.and(f32x4.gt(v128.load(pred + i), th), one);
    acc = i32x4.sub(acc, f32x4.eq(y, v128.load(target + i))); // eq lanes are -1
  }
  let count = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  for (; i < end; i += 4) {
    const y: f32 = load<f32>(pred + i) > <f32>threshold ? 1 : 0;
    if (y == load<f32>(target + i)) count++;
  }
  return count;
}
