// Row helpers shared by the softmax kernels (assembly/kernels/softmax.ts), the losses
// (assembly/kernels/loss.ts) and the row reductions (assembly/kernels/reduce.ts): max, sum of exp,
// dot product, affine map over one row of `cols` f32, SIMD with a scalar tail. Kept out of assembly/kernels/ so that index.ts does not export them.
import { splat, madd, hsum } from './simd';
import { exp4, log4 } from './math';

/** e^x for one float through the vector code, so row tails round exactly like row bodies. */
// @ts-ignore: decorator
@inline export function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

// @ts-ignore: decorator
@inline export function log1(x: f32): f32 {
  return f32x4.extract_lane(log4(f32x4.splat(x)), 0);
}

/** Max of one row of `cols` floats at x; NaN if the row has a NaN. The loop uses f32x4.pmax (one
 *  maxps on x64; exact wasm f32x4.max, which orders -0 < +0 and propagates NaN, lowers to about six
 *  instructions) in two chains, and tracks NaN in a separate mask: 128 x 1000 went from 114 to 7.7 µs. */
// @ts-ignore: decorator
@inline export function rowMax(x: usize, cols: i32): f32 {
  const end = <usize>cols << 2;
  let i: usize = 0;
  let m: f32 = load<f32>(x);
  if (end >= 16) {
    let a0 = v128.load(x), a1 = a0, nan = f32x4.ne(a0, a0);
    for (i = 16; i + 32 <= end; i += 32) {
      const u = v128.load(x + i), v = v128.load(x + i, 16);
      a0 = f32x4.pmax(a0, u);
      a1 = f32x4.pmax(a1, v);
      nan = v128.or(nan, v128.or(f32x4.ne(u, u), f32x4.ne(v, v)));
    }
    if (i + 16 <= end) {
      const u = v128.load(x + i);
      a0 = f32x4.pmax(a0, u);
      nan = v128.or(nan, f32x4.ne(u, u));
      i += 16;
    }
    if (v128.any_true(nan)) return NaN;
    a0 = f32x4.pmax(a0, a1);
    a0 = f32x4.pmax(a0, v128.shuffle<f32>(a0, a0, 2, 3, 0, 1));
    a0 = f32x4.pmax(a0, v128.shuffle<f32>(a0, a0, 1, 0, 3, 2));
    m = f32x4.extract_lane(a0, 0);
  }
  for (; i < end; i += 4) m = max(m, load<f32>(x + i)); // f32.max propagates NaN
  return m;
}

/** sum of e^(x - m) over x (cols); when e != 0 also stores e^(x - m) there (e may alias x).
 *  Four vectors per iteration: V8 overlaps their independent exp chains far better (1.7x). */
// @ts-ignore: decorator
@inline export function rowSumExp(x: usize, e: usize, cols: i32, m: f32): f32 {
  const mv = splat(m);
  let s0 = splat(0);
  let s1 = s0;
  let s2 = s0;
  let s3 = s0;
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    const o = <usize>j << 2;
    const v0 = exp4(f32x4.sub(v128.load(x + o), mv));
    const v1 = exp4(f32x4.sub(v128.load(x + o, 16), mv));
    const v2 = exp4(f32x4.sub(v128.load(x + o, 32), mv));
    const v3 = exp4(f32x4.sub(v128.load(x + o, 48), mv));
    if (e) {
      v128.store(e + o, v0);
      v128.store(e + o, v1, 16);
      v128.store(e + o, v2, 32);
      v128.store(e + o, v3, 48);
    }
    s0 = f32x4.add(s0, v0);
    s1 = f32x4.add(s1, v1);
    s2 = f32x4.add(s2, v2);
    s3 = f32x4.add(s3, v3);
  }
  let s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  for (; j + 4 <= cols; j += 4) {
    const o = <usize>j << 2;
    const v = exp4(f32x4.sub(v128.load(x + o), mv));
    if (e) v128.store(e + o, v);
    s = f32x4.add(s, v);
  }
  let r = hsum(s);
  for (; j < cols; j++) {
    const o = <usize>j << 2;
    const v = exp1(load<f32>(x + o) - m);
    if (e) store<f32>(e + o, v);
    r += v;
  }
  return r;
}

/** y = a x + b over (cols); y may alias x. */
// @ts-ignore: decorator
@inline export function rowAffine(x: usize, y: usize, cols: i32, a: f32, b: f32): void {
  const av = splat(a);
  const bv = splat(b);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const o = <usize>j << 2;
    v128.store(y + o, madd(v128.load(x + o), av, bv));
  }
  for (; j < cols; j++) {
    const o = <usize>j << 2;
    store<f32>(y + o, load<f32>(x + o) * a + b);
  }
}

/** sum of a * b over (cols). */
// @ts-ignore: decorator
@inline export function rowDot(a: usize, b: usize, cols: i32): f32 {
  let s = splat(0);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const o = <usize>j << 2;
    s = madd(v128.load(a + o), v128.load(b + o), s);
  }
  let r = hsum(s);
  for (; j < cols; j++) r += load<f32>(a + (<usize>j << 2)) * load<f32>(b + (<usize>j << 2));
  return r;
}

// Row loops step 4 lanes while 4 remain, then one lane at a time through the same vector code
// (lane 0 of a splat); `keep` masks the tail's unused lanes out of the sums.
// @ts-ignore: decorator
@inline export function ld(p: usize, full: bool): v128 {
  return full ? v128.load(p) : f32x4.splat(load<f32>(p));
}
// @ts-ignore: decorator
@inline export function st(p: usize, v: v128, full: bool): void {
  if (full) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}
// @ts-ignore: decorator
@inline export function keep(v: v128, full: bool): v128 {
  return full ? v : v128.and(v, i32x4(-1, 0, 0, 0));
}
// @ts-ignore: decorator
@inline export function weight(w: usize, r: i32): f32 {
  return w ? load<f32>(w + (<usize>r << 2)) : 1;
}
