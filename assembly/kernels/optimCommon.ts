// Per-element plumbing shared by the optimizer steps (optim.ts, optimAdam.ts): gradient scaling and
// clipping, decoupled weight decay, and the two running-average forms. All @inline; nothing here is
// a wasm export. Conventions (argument order, f64 scalars, step order 1-4, the undo journal): optim.ts.
import { loadK, storeK, laneMask } from '../lanes';

// The body of each optimizer is written once over v128 and run on 4 lanes in the main loop and on
// lane 0 alone in the tail (`lanes` 4 or 1: loadK/storeK of ../lanes, load32_zero / store32_lane for
// one lane). `lanes` is a constant at each call site, so the inlined branches fold away.

@inline export function splat(x: f64): v128 {
  return f32x4.splat(<f32>x);
}

/** Steps 1-2: scaled and value-clipped gradient. `clip` is +Inf when clipValue <= 0. pmin/pmax
 *  (b < a ? b : a, a < b ? b : a) keep a NaN in their first operand, as Keras's clip does, and
 *  lower to one instruction each on x64 where the exact f32x4.min/max take about six. */
@inline export function gradAt(g: usize, scale: v128, clip: v128, lanes: i32): v128 {
  const x = f32x4.mul(loadK(g, lanes), scale);
  return f32x4.pmin(f32x4.pmax(x, f32x4.neg(clip)), clip);
}

/** The parameter at p before the step, journaled at jp when J (the undo journal: optim.ts). */
@inline export function paramAt(p: usize, jp: usize, J: bool, lanes: i32): v128 {
  const x = loadK(p, lanes);
  if (J) storeK(jp, x, lanes);
  return x;
}

/** A state buffer's value before the step, journaled at j when `keep` (J and the state exists). */
@inline export function stateAt(s: usize, j: usize, keep: bool, lanes: i32): v128 {
  const x = loadK(s, lanes);
  if (keep) storeK(j, x, lanes);
  return x;
}

/** Step 3 on the loaded parameter x: Keras `variable - variable * wd * lr`; skipped entirely when
 *  weightDecay is 0 (Keras applies none when weight_decay is None, and p * 0 would turn an Inf
 *  parameter into NaN). */
@inline export function decayed(x: v128, wdlr: v128, decay: bool): v128 {
  return decay ? f32x4.sub(x, f32x4.mul(x, wdlr)) : x;
}

/** bad + 1 in each lane where x is NaN or +-Inf (x - x is NaN exactly there), counting only the
 *  first `lanes` lanes (a tail vector's others hold the update of zeros, which may be 0/0). */
@inline export function countNonFinite(bad: v128, x: v128, lanes: i32): v128 {
  const d = f32x4.sub(x, x);
  let m = f32x4.ne(d, d);
  if (lanes < 4) m = v128.and(m, laneMask(lanes));
  return i32x4.sub(bad, m);
}

/** The sum of the four lane counts of countNonFinite. */
@inline export function countTotal(bad: v128): i32 {
  return i32x4.extract_lane(bad, 0) + i32x4.extract_lane(bad, 1) + i32x4.extract_lane(bad, 2) + i32x4.extract_lane(bad, 3);
}

@inline export function clipSplat(clipValue: f64): v128 {
  return clipValue > 0 ? splat(clipValue) : f32x4.splat(Infinity);
}

/** Adam-family moment update (Keras `m.assign_add((g - m) * (1 - beta1))`): s + (x - s) * k. */
@inline export function towards(s: v128, x: v128, k: v128): v128 {
  return f32x4.add(s, f32x4.mul(f32x4.sub(x, s), k));
}

/** towards() on the state at `ptr` (journaled at j when `keep`), stored back and returned: the Adam
 *  family's m and v updates. */
@inline export function towardsAt(ptr: usize, j: usize, keep: bool, x: v128, k: v128, lanes: i32): v128 {
  const s = towards(stateAt(ptr, j, keep, lanes), x, k);
  storeK(ptr, s, lanes);
  return s;
}

/** RMSprop/Adadelta running average (Keras `rho * acc + (1 - rho) * x`), rho1 = 1 - rho. */
@inline export function blend(rho: v128, s: v128, rho1: v128, x: v128): v128 {
  return f32x4.add(f32x4.mul(rho, s), f32x4.mul(rho1, x));
}
