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
// A NaN gradient stays NaN through the clip (see gradAt) so that hasNonFinite sees it.

// ---- shared per-element plumbing ---------------------------------------------------------------
// The body of each optimizer is written once over v128 and run on 4 lanes in the main loop and on
// lane 0 alone in the tail (`one`: load32_zero / store32_lane). `one` is a constant at each call
// site, so the inlined branch folds away.

@inline function ld(ptr: usize, one: bool): v128 {
  return one ? v128.load32_zero(ptr) : v128.load(ptr);
}

@inline function st(ptr: usize, v: v128, one: bool): void {
  if (one) v128.store32_lane(ptr, v, 0);
  else v128.store(ptr, v);
}

@inline function splat(x: f64): v128 {
  return f32x4.splat(<f32>x);
}

/** Steps 1-2: scaled and value-clipped gradient. `clip` is +Inf when clipValue <= 0. pmin/pmax
 *  (b < a ? b : a, a < b ? b : a) keep a NaN in their first operand, as Keras's clip does, and
 *  lower to one instruction each on x64 where the exact f32x4.min/max take about six. */
@inline function gradAt(g: usize, scale: v128, clip: v128, one: bool): v128 {
  const x = f32x4.mul(ld(g, one), scale);
  return f32x4.pmin(f32x4.pmax(x, f32x4.neg(clip)), clip);
}

/** Step 3: Keras `variable - variable * wd * lr`; skipped entirely when weightDecay is 0 (Keras
 *  applies none when weight_decay is None, and p * 0 would turn an Inf parameter into NaN). */
@inline function decayAt(p: usize, wdlr: v128, decay: bool, one: bool): v128 {
  const x = ld(p, one);
  return decay ? f32x4.sub(x, f32x4.mul(x, wdlr)) : x;
}

@inline function clipSplat(clipValue: f64): v128 {
  return clipValue > 0 ? splat(clipValue) : f32x4.splat(Infinity);
}

// ---- SGD: keras/src/optimizers/sgd.py ----------------------------------------------------------
// momentum == 0: p -= lr * g                       (v is not touched and may be 0)
// momentum  > 0: v = momentum * v - lr * g
//                p += v                           (nesterov: p += momentum * v - lr * g, new v)

@inline function sgdAt(p: usize, g: usize, v: usize, lr: v128, mom: v128, useMom: bool, nesterov: bool,
  scale: v128, clip: v128, wdlr: v128, decay: bool, one: bool): void {
  const gg = gradAt(g, scale, clip, one);
  let x = decayAt(p, wdlr, decay, one);
  const step = f32x4.mul(gg, lr);
  if (!useMom) {
    x = f32x4.sub(x, step);
  } else {
    const vv = f32x4.sub(f32x4.mul(ld(v, one), mom), step);
    st(v, vv, one);
    x = f32x4.add(x, nesterov ? f32x4.sub(f32x4.mul(vv, mom), step) : vv);
  }
  st(p, x, one);
}

/** p, g, v: (n). v (momentum buffer, starts at 0) may be 0 when momentum == 0. t is unused. */
export function sgdStep(p: usize, g: usize, v: usize, n: i32, lr: f64, momentum: f64, t: i32,
  gradScale: f64, clipValue: f64, weightDecay: f64, nesterov: i32): void {
  const vlr = splat(lr), vmom = splat(momentum), scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const useMom = momentum != 0, nest = nesterov != 0;
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) sgdAt(p + i, g + i, v + i, vlr, vmom, useMom, nest, scale, clip, wdlr, decay, false);
  for (; i < end; i += 4) sgdAt(p + i, g + i, v + i, vlr, vmom, useMom, nest, scale, clip, wdlr, decay, true);
}

// ---- RMSprop: keras/src/optimizers/rmsprop.py --------------------------------------------------
// vel = rho * vel + (1 - rho) * g^2
// centered: avg = rho * avg + (1 - rho) * g;  den = vel - avg^2 + eps   else den = vel + eps
// inc = lr * g / sqrt(den)        (epsilon inside the sqrt, unlike Adam)
// momentum > 0: mom = momentum * mom + inc; p -= mom      else p -= inc

@inline function rmspropAt(p: usize, g: usize, vel: usize, mom: usize, avg: usize, lr: v128, rho: v128,
  rho1: v128, momentum: v128, eps: v128, useMom: bool, centered: bool, scale: v128, clip: v128,
  wdlr: v128, decay: bool, one: bool): void {
  const gg = gradAt(g, scale, clip, one);
  let x = decayAt(p, wdlr, decay, one);
  const ve = f32x4.add(f32x4.mul(rho, ld(vel, one)), f32x4.mul(rho1, f32x4.mul(gg, gg)));
  st(vel, ve, one);
  let den: v128;
  if (centered) {
    const a = f32x4.add(f32x4.mul(rho, ld(avg, one)), f32x4.mul(rho1, gg));
    st(avg, a, one);
    den = f32x4.add(f32x4.sub(ve, f32x4.mul(a, a)), eps);
  } else {
    den = f32x4.add(ve, eps);
  }
  let inc = f32x4.div(f32x4.mul(lr, gg), f32x4.sqrt(den));
  if (useMom) {
    inc = f32x4.add(f32x4.mul(momentum, ld(mom, one)), inc);
    st(mom, inc, one);
  }
  st(p, f32x4.sub(x, inc), one);
}

/** p, g, vel, mom, avg: (n). vel starts at 0; mom may be 0 unless momentum > 0; avg may be 0 unless
 *  centered. Keras defaults: rho 0.9, momentum 0, epsilon 1e-7, centered false. t is unused. */
export function rmspropStep(p: usize, g: usize, vel: usize, mom: usize, avg: usize, n: i32, lr: f64,
  rho: f64, momentum: f64, eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64,
  centered: i32): void {
  const vlr = splat(lr), vrho = splat(rho), rho1 = splat(1 - rho), vmom = splat(momentum), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const useMom = momentum > 0, cen = centered != 0;
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    rmspropAt(p + i, g + i, vel + i, mom + i, avg + i, vlr, vrho, rho1, vmom, veps, useMom, cen, scale, clip, wdlr, decay, false);
  }
  for (; i < end; i += 4) {
    rmspropAt(p + i, g + i, vel + i, mom + i, avg + i, vlr, vrho, rho1, vmom, veps, useMom, cen, scale, clip, wdlr, decay, true);
  }
}

// ---- Adam / AdamW: keras/src/optimizers/adam.py (AdamW = Adam + weight_decay, default 0.004) ------
// alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
// m += (g - m) * (1 - beta1);  v += (g^2 - v) * (1 - beta2)
// amsgrad: vhat = max(vhat, v) and vhat replaces v below
// p -= m * alpha / (sqrt(v) + eps)          (epsilon outside the sqrt: "epsilon hat")
// beta1 may change from call to call (oneCycle cycles it): the EMA and the bias correction
// 1 - beta1^t both use this call's beta1, as PyTorch's Adam does with its group's current betas.

@inline function adamAt(p: usize, g: usize, m: usize, v: usize, vhat: usize, alpha: v128, b1: v128,
  b2: v128, eps: v128, ams: bool, scale: v128, clip: v128, wdlr: v128, decay: bool, one: bool): void {
  const gg = gradAt(g, scale, clip, one);
  const x = decayAt(p, wdlr, decay, one);
  let mm = ld(m, one);
  mm = f32x4.add(mm, f32x4.mul(f32x4.sub(gg, mm), b1));
  st(m, mm, one);
  let vv = ld(v, one);
  vv = f32x4.add(vv, f32x4.mul(f32x4.sub(f32x4.mul(gg, gg), vv), b2));
  st(v, vv, one);
  if (ams) {
    // pmax(v, vhat) keeps a NaN of v; vhat can only be NaN after v was, and v then stays NaN (an
    // EMA), so this equals Keras's maximum in every reachable state at a sixth of the cost.
    vv = f32x4.pmax(vv, ld(vhat, one));
    st(vhat, vv, one);
  }
  st(p, f32x4.sub(x, f32x4.div(f32x4.mul(mm, alpha), f32x4.add(f32x4.sqrt(vv), eps))), one);
}

/** p, g, m, v, vhat: (n), states start at 0; vhat may be 0 unless amsgrad. Keras defaults:
 *  beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false (AdamW: weightDecay 0.004). */
export function adamStep(p: usize, g: usize, m: usize, v: usize, vhat: usize, n: i32, lr: f64,
  beta1: f64, beta2: f64, eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64,
  amsgrad: i32): void {
  const alpha = splat((lr * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t)));
  const b1 = splat(1 - beta1), b2 = splat(1 - beta2), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0, ams = amsgrad != 0;
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) adamAt(p + i, g + i, m + i, v + i, vhat + i, alpha, b1, b2, veps, ams, scale, clip, wdlr, decay, false);
  for (; i < end; i += 4) adamAt(p + i, g + i, m + i, v + i, vhat + i, alpha, b1, b2, veps, ams, scale, clip, wdlr, decay, true);
}

// ---- Adagrad: keras/src/optimizers/adagrad.py ----------------------------------------------------
// acc += g^2;  p -= lr * g / sqrt(acc + eps)       (acc starts at initial_accumulator_value = 0.1)

@inline function adagradAt(p: usize, g: usize, acc: usize, lr: v128, eps: v128, scale: v128, clip: v128,
  wdlr: v128, decay: bool, one: bool): void {
  const gg = gradAt(g, scale, clip, one);
  const x = decayAt(p, wdlr, decay, one);
  const a = f32x4.add(ld(acc, one), f32x4.mul(gg, gg));
  st(acc, a, one);
  st(p, f32x4.sub(x, f32x4.div(f32x4.mul(lr, gg), f32x4.sqrt(f32x4.add(a, eps)))), one);
}

/** p, g, acc: (n); the caller fills acc with initialAccumulatorValue (Keras 0.1). Keras defaults:
 *  epsilon 1e-7. t is unused. */
export function adagradStep(p: usize, g: usize, acc: usize, n: i32, lr: f64, eps: f64, t: i32,
  gradScale: f64, clipValue: f64, weightDecay: f64): void {
  const vlr = splat(lr), veps = splat(eps), scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) adagradAt(p + i, g + i, acc + i, vlr, veps, scale, clip, wdlr, decay, false);
  for (; i < end; i += 4) adagradAt(p + i, g + i, acc + i, vlr, veps, scale, clip, wdlr, decay, true);
}

// ---- Adadelta: keras/src/optimizers/adadelta.py --------------------------------------------------
// accG = rho * accG + (1 - rho) * g^2
// delta = -sqrt(accD + eps) * g / sqrt(accG + eps)
// accD = rho * accD + (1 - rho) * delta^2;   p += lr * delta

@inline function adadeltaAt(p: usize, g: usize, accG: usize, accD: usize, lr: v128, rho: v128, rho1: v128,
  eps: v128, scale: v128, clip: v128, wdlr: v128, decay: bool, one: bool): void {
  const gg = gradAt(g, scale, clip, one);
  const x = decayAt(p, wdlr, decay, one);
  const ag = f32x4.add(f32x4.mul(rho, ld(accG, one)), f32x4.mul(rho1, f32x4.mul(gg, gg)));
  st(accG, ag, one);
  const ad = ld(accD, one);
  const delta = f32x4.neg(f32x4.div(f32x4.mul(f32x4.sqrt(f32x4.add(ad, eps)), gg), f32x4.sqrt(f32x4.add(ag, eps))));
  st(accD, f32x4.add(f32x4.mul(rho, ad), f32x4.mul(rho1, f32x4.mul(delta, delta))), one);
  st(p, f32x4.add(x, f32x4.mul(lr, delta)), one);
}

/** p, g, accG, accD: (n), states start at 0. Keras defaults: lr 0.001, rho 0.95, epsilon 1e-7.
 *  t is unused. */
export function adadeltaStep(p: usize, g: usize, accG: usize, accD: usize, n: i32, lr: f64, rho: f64,
  eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64): void {
  const vlr = splat(lr), vrho = splat(rho), rho1 = splat(1 - rho), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) adadeltaAt(p + i, g + i, accG + i, accD + i, vlr, vrho, rho1, veps, scale, clip, wdlr, decay, false);
  for (; i < end; i += 4) adadeltaAt(p + i, g + i, accG + i, accD + i, vlr, vrho, rho1, veps, scale, clip, wdlr, decay, true);
}

// ---- Adamax: keras/src/optimizers/adamax.py ------------------------------------------------------
// m += (g - m) * (1 - beta1);  u = max(beta2 * u, |g|)
// p -= lr * m / ((1 - beta1^t) * (u + eps))     (this call's beta1 in both places, as in Adam above)

@inline function adamaxAt(p: usize, g: usize, m: usize, u: usize, k: v128, b1: v128, beta2: v128, eps: v128,
  scale: v128, clip: v128, wdlr: v128, decay: bool, one: bool): void {
  const gg = gradAt(g, scale, clip, one);
  const x = decayAt(p, wdlr, decay, one);
  let mm = ld(m, one);
  mm = f32x4.add(mm, f32x4.mul(f32x4.sub(gg, mm), b1));
  st(m, mm, one);
  const uu = f32x4.max(f32x4.mul(beta2, ld(u, one)), f32x4.abs(gg));
  st(u, uu, one);
  st(p, f32x4.sub(x, f32x4.div(f32x4.mul(k, mm), f32x4.add(uu, eps))), one);
}

/** p, g, m, u: (n), states start at 0. Keras defaults: beta1 0.9, beta2 0.999, epsilon 1e-7. */
export function adamaxStep(p: usize, g: usize, m: usize, u: usize, n: i32, lr: f64, beta1: f64, beta2: f64,
  eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64): void {
  const k = splat(lr / (1 - Math.pow(beta1, t))), b1 = splat(1 - beta1), vb2 = splat(beta2), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) adamaxAt(p + i, g + i, m + i, u + i, k, b1, vb2, veps, scale, clip, wdlr, decay, false);
  for (; i < end; i += 4) adamaxAt(p + i, g + i, m + i, u + i, k, b1, vb2, veps, scale, clip, wdlr, decay, true);
}

// ---- Nadam: keras/src/optimizers/nadam.py (Dozat 2016, momentum-cache schedule) ----------------
// u_t = beta1 * (1 - 0.5 * 0.96^t);  uprod_t = u_1 * ... * u_t  (Keras keeps it in a variable and
// multiplies it by u_t each step; here the caller keeps it and passes uProduct = uprod_t, because
// under a beta1 schedule each u_i uses that step's beta1 and the product cannot be rebuilt from t)
// m += (g - m) * (1 - beta1);  v += (g^2 - v) * (1 - beta2)
// mhat = u_{t+1} * m / (1 - uprod_t * u_{t+1}) + (1 - u_t) * g / (1 - uprod_t)
// vhat = v / (1 - beta2^t);   p -= mhat * lr / (sqrt(vhat) + eps)
// u_t and u_{t+1} use this call's beta1 (PyTorch NAdam computes mu and mu_next from the group's
// current beta1 the same way when OneCycleLR cycles it).

@inline function nadamAt(p: usize, g: usize, m: usize, v: usize, c1: v128, c2: v128, vden: v128, lr: v128,
  b1: v128, b2: v128, eps: v128, scale: v128, clip: v128, wdlr: v128, decay: bool, one: bool): void {
  const gg = gradAt(g, scale, clip, one);
  const x = decayAt(p, wdlr, decay, one);
  let mm = ld(m, one);
  mm = f32x4.add(mm, f32x4.mul(f32x4.sub(gg, mm), b1));
  st(m, mm, one);
  let vv = ld(v, one);
  vv = f32x4.add(vv, f32x4.mul(f32x4.sub(f32x4.mul(gg, gg), vv), b2));
  st(v, vv, one);
  const mhat = f32x4.add(f32x4.mul(c1, mm), f32x4.mul(c2, gg));
  const vhat = f32x4.div(vv, vden);
  st(p, f32x4.sub(x, f32x4.div(f32x4.mul(mhat, lr), f32x4.add(f32x4.sqrt(vhat), eps))), one);
}

/** p, g, m, v: (n), states start at 0. Keras defaults: beta1 0.9, beta2 0.999, epsilon 1e-7.
 *  uProduct: u_1 * ... * u_t including this step's u_t (bindings/optim.ts nadamMomentumProduct). */
export function nadamStep(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, beta1: f64, beta2: f64,
  eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64, uProduct: f64): void {
  const ut = beta1 * (1 - 0.5 * Math.pow(0.96, t));
  const ut1 = beta1 * (1 - 0.5 * Math.pow(0.96, t + 1));
  const c1 = splat(ut1 / (1 - uProduct * ut1)), c2 = splat((1 - ut) / (1 - uProduct));
  const vden = splat(1 - Math.pow(beta2, t));
  const vlr = splat(lr), b1 = splat(1 - beta1), b2 = splat(1 - beta2), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) nadamAt(p + i, g + i, m + i, v + i, c1, c2, vden, vlr, b1, b2, veps, scale, clip, wdlr, decay, false);
  for (; i < end; i += 4) nadamAt(p + i, g + i, m + i, v + i, c1, c2, vden, vlr, b1, b2, veps, scale, clip, wdlr, decay, true);
}

// ---- Regularizer gradient: keras/src/regularizers/regularizers.py --------------------------------
// L1L2 penalty = l1 * sum|p| + l2 * sum p^2 (value: regularizerPenalty in reduce.ts); its gradient,
// added into g per layer before the step: g += l1 * sign(p) + 2 * l2 * p  (sign(0) = 0, as TF's
// gradient of abs).

@inline function regGradAt(p: usize, g: usize, l1: v128, l2x2: v128, one: bool): void {
  const x = ld(p, one);
  const pos = v128.and(f32x4.gt(x, f32x4.splat(0)), f32x4.splat(1));
  const neg = v128.and(f32x4.lt(x, f32x4.splat(0)), f32x4.splat(1));
  const d = f32x4.add(f32x4.mul(l1, f32x4.sub(pos, neg)), f32x4.mul(l2x2, x));
  st(g, f32x4.add(ld(g, one), d), one);
}

/** p, g: (n). Accumulates the L1/L2 penalty gradient into g. */
export function addRegularizerGrad(p: usize, g: usize, n: i32, l1: f64, l2: f64): void {
  const vl1 = splat(l1), vl2 = splat(2 * l2);
  const end = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) regGradAt(p + i, g + i, vl1, vl2, false);
  for (; i < end; i += 4) regGradAt(p + i, g + i, vl1, vl2, true);
}
