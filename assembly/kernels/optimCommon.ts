// Per-element plumbing shared by the optimizer steps (optim.ts, optimAdam.ts): gradient scaling and
// clipping, decoupled weight decay, and the two running-average forms. All @inline; nothing here is
// a wasm export. Conventions (argument order, f64 scalars, step order 1-4): optim.ts.
import { loadK, storeK } from '../lanes';

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

/** Step 3: Keras `variable - variable * wd * lr`; skipped entirely when weightDecay is 0 (Keras
 *  applies none when weight_decay is None, and p * 0 would turn an Inf parameter into NaN). */
@inline export function decayAt(p: usize, wdlr: v128, decay: bool, lanes: i32): v128 {
  const x = loadK(p, lanes);
  return decay ? f32x4.sub(x, f32x4.mul(x, wdlr)) : x;
}

@inline export function clipSplat(clipValue: f64): v128 {
  return clipValue > 0 ? splat(clipValue) : f32x4.splat(Infinity);
}

/** Adam-family moment update (Keras `m.assign_add((g - m) * (1 - beta1))`): s + (x - s) * k. */
@inline export function towards(s: v128, x: v128, k: v128): v128 {
  return f32x4.add(s, f32x4.mul(f32x4.sub(x, s), k));
}

/** towards() on the state at `ptr`, stored back and returned: the Adam family's m and v updates. */
@inline export function towardsAt(ptr: usize, x: v128, k: v128, lanes: i32): v128 {
  const s = towards(loadK(ptr, lanes), x, k);
  storeK(ptr, s, lanes);
  return s;
}

/** RMSprop/Adadelta running average (Keras `rho * acc + (1 - rho) * x`), rho1 = 1 - rho. */
@inline export function blend(rho: v128, s: v128, rho1: v128, x: v128): v128 {
  return f32x4.add(f32x4.mul(rho, s), f32x4.mul(rho1, x));
}
