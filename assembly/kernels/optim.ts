// Optimizer steps over a flat parameter arena: p (n) holds every parameter of a model, g (n) the
// gradients in the same layout, and each optimizer state buffer (n) the same layout again, so one
// call updates the whole model (llm.c's AdamW loop). Formulas follow Keras 3 keras/src/optimizers/
// <name>.py `update_step` exactly; each function cites its file. Per element, in this order:
//   1. g' = g * gradScale                 (global-norm clipping: the caller derives the scale from
//                                           l2Norm of the gradient arena; 1 = no clipping)
//   2. g' = clip(g', -clipValue, clipValue) when clipValue > 0 (base_optimizer._clip_gradients)
//   3. p  = p - p * weightDecay * lr      when weightDecay > 0 (base_optimizer._apply_weight_decay:
//                                           decoupled, applied before the update, every optimizer)
//   4. the optimizer's own update.
// Argument order is the same for every optimizer:
//   (p, g, state..., n, lr, hyperparameters..., t, gradScale, clipValue, weightDecay, flags...)
// t is the 1-based step (Keras `iterations + 1`); lr is the learning rate for this step (schedules
// are evaluated in TypeScript). Scalars arrive as f64 so that per-call constants (bias corrections,
// 1 - beta) are computed in double and rounded once to f32; per-element math is f32x4 with the same
// operations in every build (no relaxed FMA), so plain and relaxed builds give identical results.
// A NaN gradient stays NaN through the clip (gradAt, optimCommon.ts), so the update makes p NaN.
// Undo journal (issue 18 item 2; src/model/stepGuard.ts): every step ends with journal pointers, one
// per buffer it may write (jp for p, then one per state in argument order), all 0 for no journal.
// With jp != 0 the step stores each element's value from before the step at the same index of the
// journal buffers, in the same pass that overwrites it, so that a step whose result is not finite can
// be undone by copying the journal back; a state journal may be 0 only where the state is (unused),
// and a state the step leaves alone this call (momentum 0 under a schedule) is journaled unchanged.
// This replaces a copy of the arena before every step and a scan for NaN after it: the step returns
// the number of elements of p it left NaN or +-Inf (0 for a good step), counted in registers.
// Results (p and states) do not depend on the journal.
// This file: SGD, RMSprop, Adagrad, Adadelta and the regularizer gradient; the Adam family
// (Adam/AdamW, Adamax, Nadam) is in optimAdam.ts, the shared per-element helpers in optimCommon.ts.
import { loadK, storeK } from '../lanes';
import { splat, gradAt, paramAt, stateAt, decayed, clipSplat, blend, countNonFinite, countTotal } from './optimCommon';

// ---- SGD: keras/src/optimizers/sgd.py ----------------------------------------------------------
// momentum == 0: p -= lr * g                       (v is not touched and may be 0)
// momentum  > 0: v = momentum * v - lr * g
//                p += v                           (nesterov: p += momentum * v - lr * g, new v)

@inline function sgdAt(p: usize, g: usize, v: usize, jp: usize, jv: usize, lr: v128, mom: v128, useMom: bool,
  nesterov: bool, scale: v128, clip: v128, wdlr: v128, decay: bool, J: bool, Jv: bool, lanes: i32): v128 {
  const gg = gradAt(g, scale, clip, lanes);
  let x = decayed(paramAt(p, jp, J, lanes), wdlr, decay);
  const step = f32x4.mul(gg, lr);
  if (!useMom) {
    if (Jv) stateAt(v, jv, true, lanes); // kept unchanged: this call leaves v alone
    x = f32x4.sub(x, step);
  } else {
    const vv = f32x4.sub(f32x4.mul(stateAt(v, jv, Jv, lanes), mom), step);
    storeK(v, vv, lanes);
    x = f32x4.add(x, nesterov ? f32x4.sub(f32x4.mul(vv, mom), step) : vv);
  }
  storeK(p, x, lanes);
  return x;
}

/** p, g, v: (n). v (momentum buffer, starts at 0) may be 0 when momentum == 0. t is unused.
 *  jp, jv: the undo journal (header) or 0. Returns the count of non-finite p after the step. */
export function sgdStep(p: usize, g: usize, v: usize, n: i32, lr: f64, momentum: f64, t: i32,
  gradScale: f64, clipValue: f64, weightDecay: f64, nesterov: i32, jp: usize, jv: usize): i32 {
  const vlr = splat(lr), vmom = splat(momentum), scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const useMom = momentum != 0, nest = nesterov != 0;
  const J = jp != 0, Jv = J && jv != 0;
  const end = <usize>n << 2;
  let bad = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) bad = countNonFinite(bad, sgdAt(p + i, g + i, v + i, jp + i, jv + i, vlr, vmom, useMom, nest, scale, clip, wdlr, decay, J, Jv, 4), 4);
  for (; i < end; i += 4) bad = countNonFinite(bad, sgdAt(p + i, g + i, v + i, jp + i, jv + i, vlr, vmom, useMom, nest, scale, clip, wdlr, decay, J, Jv, 1), 1);
  return countTotal(bad);
}

// ---- RMSprop: keras/src/optimizers/rmsprop.py --------------------------------------------------
// vel = rho * vel + (1 - rho) * g^2
// centered: avg = rho * avg + (1 - rho) * g;  den = vel - avg^2 + eps   else den = vel + eps
// inc = lr * g / sqrt(den)        (epsilon inside the sqrt, unlike Adam)
// momentum > 0: mom = momentum * mom + inc; p -= mom      else p -= inc

@inline function rmspropAt(p: usize, g: usize, vel: usize, mom: usize, avg: usize, jp: usize, jvel: usize,
  jmom: usize, javg: usize, lr: v128, rho: v128, rho1: v128, momentum: v128, eps: v128, useMom: bool,
  centered: bool, scale: v128, clip: v128, wdlr: v128, decay: bool, J: bool, Jmom: bool, Javg: bool, lanes: i32): v128 {
  const gg = gradAt(g, scale, clip, lanes);
  const x = decayed(paramAt(p, jp, J, lanes), wdlr, decay);
  const ve = blend(rho, stateAt(vel, jvel, J, lanes), rho1, f32x4.mul(gg, gg));
  storeK(vel, ve, lanes);
  let den: v128;
  if (centered) {
    const a = blend(rho, stateAt(avg, javg, Javg, lanes), rho1, gg);
    storeK(avg, a, lanes);
    den = f32x4.add(f32x4.sub(ve, f32x4.mul(a, a)), eps);
  } else {
    if (Javg) stateAt(avg, javg, true, lanes); // kept unchanged: this call leaves avg alone
    den = f32x4.add(ve, eps);
  }
  let inc = f32x4.div(f32x4.mul(lr, gg), f32x4.sqrt(den));
  if (useMom) {
    inc = f32x4.add(f32x4.mul(momentum, stateAt(mom, jmom, Jmom, lanes)), inc);
    storeK(mom, inc, lanes);
  } else if (Jmom) stateAt(mom, jmom, true, lanes); // kept unchanged: this call leaves mom alone
  const y = f32x4.sub(x, inc);
  storeK(p, y, lanes);
  return y;
}

/** p, g, vel, mom, avg: (n). vel starts at 0; mom may be 0 unless momentum > 0; avg may be 0 unless
 *  centered. Keras defaults: rho 0.9, momentum 0, epsilon 1e-7, centered false. t is unused.
 *  jp, jvel, jmom, javg: the undo journal (header) or 0. Returns the count of non-finite p. */
export function rmspropStep(p: usize, g: usize, vel: usize, mom: usize, avg: usize, n: i32, lr: f64,
  rho: f64, momentum: f64, eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64,
  centered: i32, jp: usize, jvel: usize, jmom: usize, javg: usize): i32 {
  const vlr = splat(lr), vrho = splat(rho), rho1 = splat(1 - rho), vmom = splat(momentum), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const useMom = momentum > 0, cen = centered != 0;
  const J = jp != 0, Jmom = J && jmom != 0, Javg = J && javg != 0;
  const end = <usize>n << 2;
  let bad = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    bad = countNonFinite(bad, rmspropAt(p + i, g + i, vel + i, mom + i, avg + i, jp + i, jvel + i, jmom + i, javg + i,
      vlr, vrho, rho1, vmom, veps, useMom, cen, scale, clip, wdlr, decay, J, Jmom, Javg, 4), 4);
  }
  for (; i < end; i += 4) {
    bad = countNonFinite(bad, rmspropAt(p + i, g + i, vel + i, mom + i, avg + i, jp + i, jvel + i, jmom + i, javg + i,
      vlr, vrho, rho1, vmom, veps, useMom, cen, scale, clip, wdlr, decay, J, Jmom, Javg, 1), 1);
  }
  return countTotal(bad);
}

// ---- Adagrad: keras/src/optimizers/adagrad.py ----------------------------------------------------
// acc += g^2;  p -= lr * g / sqrt(acc + eps)       (acc starts at initial_accumulator_value = 0.1)

@inline function adagradAt(p: usize, g: usize, acc: usize, jp: usize, jacc: usize, lr: v128, eps: v128,
  scale: v128, clip: v128, wdlr: v128, decay: bool, J: bool, lanes: i32): v128 {
  const gg = gradAt(g, scale, clip, lanes);
  const x = decayed(paramAt(p, jp, J, lanes), wdlr, decay);
  const a = f32x4.add(stateAt(acc, jacc, J, lanes), f32x4.mul(gg, gg));
  storeK(acc, a, lanes);
  const y = f32x4.sub(x, f32x4.div(f32x4.mul(lr, gg), f32x4.sqrt(f32x4.add(a, eps))));
  storeK(p, y, lanes);
  return y;
}

/** p, g, acc: (n); the caller fills acc with initialAccumulatorValue (Keras 0.1). Keras defaults:
 *  epsilon 1e-7. t is unused. jp, jacc: the undo journal (header) or 0. Returns the count of
 *  non-finite p. */
export function adagradStep(p: usize, g: usize, acc: usize, n: i32, lr: f64, eps: f64, t: i32,
  gradScale: f64, clipValue: f64, weightDecay: f64, jp: usize, jacc: usize): i32 {
  const vlr = splat(lr), veps = splat(eps), scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const J = jp != 0;
  const end = <usize>n << 2;
  let bad = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) bad = countNonFinite(bad, adagradAt(p + i, g + i, acc + i, jp + i, jacc + i, vlr, veps, scale, clip, wdlr, decay, J, 4), 4);
  for (; i < end; i += 4) bad = countNonFinite(bad, adagradAt(p + i, g + i, acc + i, jp + i, jacc + i, vlr, veps, scale, clip, wdlr, decay, J, 1), 1);
  return countTotal(bad);
}

// ---- Adadelta: keras/src/optimizers/adadelta.py --------------------------------------------------
// accG = rho * accG + (1 - rho) * g^2
// delta = -sqrt(accD + eps) * g / sqrt(accG + eps)
// accD = rho * accD + (1 - rho) * delta^2;   p += lr * delta

@inline function adadeltaAt(p: usize, g: usize, accG: usize, accD: usize, jp: usize, jG: usize, jD: usize,
  lr: v128, rho: v128, rho1: v128, eps: v128, scale: v128, clip: v128, wdlr: v128, decay: bool, J: bool, lanes: i32): v128 {
  const gg = gradAt(g, scale, clip, lanes);
  const x = decayed(paramAt(p, jp, J, lanes), wdlr, decay);
  const ag = blend(rho, stateAt(accG, jG, J, lanes), rho1, f32x4.mul(gg, gg));
  storeK(accG, ag, lanes);
  const ad = stateAt(accD, jD, J, lanes);
  const delta = f32x4.neg(f32x4.div(f32x4.mul(f32x4.sqrt(f32x4.add(ad, eps)), gg), f32x4.sqrt(f32x4.add(ag, eps))));
  storeK(accD, blend(rho, ad, rho1, f32x4.mul(delta, delta)), lanes);
  const y = f32x4.add(x, f32x4.mul(lr, delta));
  storeK(p, y, lanes);
  return y;
}

/** p, g, accG, accD: (n), states start at 0. Keras defaults: lr 0.001, rho 0.95, epsilon 1e-7.
 *  t is unused. jp, jG, jD: the undo journal (header) or 0. Returns the count of non-finite p. */
export function adadeltaStep(p: usize, g: usize, accG: usize, accD: usize, n: i32, lr: f64, rho: f64,
  eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64, jp: usize, jG: usize, jD: usize): i32 {
  const vlr = splat(lr), vrho = splat(rho), rho1 = splat(1 - rho), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const J = jp != 0;
  const end = <usize>n << 2;
  let bad = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) bad = countNonFinite(bad, adadeltaAt(p + i, g + i, accG + i, accD + i, jp + i, jG + i, jD + i, vlr, vrho, rho1, veps, scale, clip, wdlr, decay, J, 4), 4);
  for (; i < end; i += 4) bad = countNonFinite(bad, adadeltaAt(p + i, g + i, accG + i, accD + i, jp + i, jG + i, jD + i, vlr, vrho, rho1, veps, scale, clip, wdlr, decay, J, 1), 1);
  return countTotal(bad);
}

// ---- Regularizer gradient: keras/src/regularizers/regularizers.py --------------------------------
// L1L2 penalty = l1 * sum|p| + l2 * sum p^2 (value: regularizerPenalty in reduce.ts); its gradient,
// added into g per layer before the step: g += l1 * sign(p) + 2 * l2 * p  (sign(0) = 0, as TF's
// gradient of abs).

@inline function regGradAt(p: usize, g: usize, l1: v128, l2x2: v128, lanes: i32): void {
  const x = loadK(p, lanes);
  const pos = v128.and(f32x4.gt(x, f32x4.splat(0)), f32x4.splat(1));
  const neg = v128.and(f32x4.lt(x, f32x4.splat(0)), f32x4.splat(1));
  const d = f32x4.add(f32x4.mul(l1, f32x4.sub(pos, neg)), f32x4.mul(l2x2, x));
  storeK(g, f32x4.add(loadK(g, lanes), d), lanes);
}

/** p, g: (n). Accumulates the L1/L2 penalty gradient into g. */
export function addRegularizerGrad(p: usize, g: usize, n: i32, l1: f64, l2: f64): void {
  const vl1 = splat(l1), vl2 = splat(2 * l2);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) regGradAt(p + i, g + i, vl1, vl2, 4);
  for (; i < end; i += 4) regGradAt(p + i, g + i, vl1, vl2, 1);
}
