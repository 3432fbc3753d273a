// The Adam family of optimizer steps (Adam/AdamW, Adamax, Nadam): bias-corrected first and second
// moment estimates. Buffers, argument order, the per-element steps 1-4 and the undo journal (the
// trailing j* pointers; the count of non-finite p returned) as in optim.ts.
import { storeK } from '../lanes';
import { splat, gradAt, paramAt, stateAt, decayed, clipSplat, towardsAt, countNonFinite, countTotal } from './optimCommon';

// ---- Adam / AdamW: keras/src/optimizers/adam.py (AdamW = Adam + weight_decay, default 0.004) ------
// alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
// m += (g - m) * (1 - beta1);  v += (g^2 - v) * (1 - beta2)
// amsgrad: vhat = max(vhat, v) and vhat replaces v below
// p -= m * alpha / (sqrt(v) + eps)          (epsilon outside the sqrt: "epsilon hat")
// beta1 may change from call to call (oneCycle cycles it): the EMA and the bias correction
// 1 - beta1^t both use this call's beta1, as PyTorch's Adam does with its group's current betas.

@inline function adamAt(p: usize, g: usize, m: usize, v: usize, vhat: usize, jp: usize, jm: usize, jv: usize,
  jvhat: usize, alpha: v128, b1: v128, b2: v128, eps: v128, ams: bool, scale: v128, clip: v128, wdlr: v128,
  decay: bool, J: bool, Jvhat: bool, lanes: i32): v128 {
  const gg = gradAt(g, scale, clip, lanes);
  const x = decayed(paramAt(p, jp, J, lanes), wdlr, decay);
  const mm = towardsAt(m, jm, J, gg, b1, lanes);
  let vv = towardsAt(v, jv, J, f32x4.mul(gg, gg), b2, lanes);
  if (ams) {
    // pmax(v, vhat) keeps a NaN of v; vhat can only be NaN after v was, and v then stays NaN (an
    // EMA), so this equals Keras's maximum in every reachable state at a sixth of the cost.
    vv = f32x4.pmax(vv, stateAt(vhat, jvhat, Jvhat, lanes));
    storeK(vhat, vv, lanes);
  } else if (Jvhat) stateAt(vhat, jvhat, true, lanes); // kept unchanged: this call leaves vhat alone
  const y = f32x4.sub(x, f32x4.div(f32x4.mul(mm, alpha), f32x4.add(f32x4.sqrt(vv), eps)));
  storeK(p, y, lanes);
  return y;
}

/** p, g, m, v, vhat: (n), states start at 0; vhat may be 0 unless amsgrad. Keras defaults:
 *  beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false (AdamW: weightDecay 0.004).
 *  jp, jm, jv, jvhat: the undo journal (optim.ts) or 0. Returns the count of non-finite p. */
export function adamStep(p: usize, g: usize, m: usize, v: usize, vhat: usize, n: i32, lr: f64,
  beta1: f64, beta2: f64, eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64,
  amsgrad: i32, jp: usize, jm: usize, jv: usize, jvhat: usize): i32 {
  const alpha = splat((lr * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t)));
  const b1 = splat(1 - beta1), b2 = splat(1 - beta2), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0, ams = amsgrad != 0;
  const J = jp != 0, Jvhat = J && jvhat != 0;
  const end = <usize>n << 2;
  let bad = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    bad = countNonFinite(bad, adamAt(p + i, g + i, m + i, v + i, vhat + i, jp + i, jm + i, jv + i, jvhat + i,
      alpha, b1, b2, veps, ams, scale, clip, wdlr, decay, J, Jvhat, 4), 4);
  }
  for (; i < end; i += 4) {
    bad = countNonFinite(bad, adamAt(p + i, g + i, m + i, v + i, vhat + i, jp + i, jm + i, jv + i, jvhat + i,
      alpha, b1, b2, veps, ams, scale, clip, wdlr, decay, J, Jvhat, 1), 1);
  }
  return countTotal(bad);
}

// ---- Adamax: keras/src/optimizers/adamax.py ------------------------------------------------------
// m += (g - m) * (1 - beta1);  u = max(beta2 * u, |g|)
// p -= lr * m / ((1 - beta1^t) * (u + eps))     (this call's beta1 in both places, as in Adam above)

@inline function adamaxAt(p: usize, g: usize, m: usize, u: usize, jp: usize, jm: usize, ju: usize, k: v128,
  b1: v128, beta2: v128, eps: v128, scale: v128, clip: v128, wdlr: v128, decay: bool, J: bool, lanes: i32): v128 {
  const gg = gradAt(g, scale, clip, lanes);
  const x = decayed(paramAt(p, jp, J, lanes), wdlr, decay);
  const mm = towardsAt(m, jm, J, gg, b1, lanes);
  const uu = f32x4.max(f32x4.mul(beta2, stateAt(u, ju, J, lanes)), f32x4.abs(gg));
  storeK(u, uu, lanes);
  const y = f32x4.sub(x, f32x4.div(f32x4.mul(k, mm), f32x4.add(uu, eps)));
  storeK(p, y, lanes);
  return y;
}

/** p, g, m, u: (n), states start at 0. Keras defaults: beta1 0.9, beta2 0.999, epsilon 1e-7.
 *  jp, jm, ju: the undo journal (optim.ts) or 0. Returns the count of non-finite p. */
export function adamaxStep(p: usize, g: usize, m: usize, u: usize, n: i32, lr: f64, beta1: f64, beta2: f64,
  eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64, jp: usize, jm: usize, ju: usize): i32 {
  const k = splat(lr / (1 - Math.pow(beta1, t))), b1 = splat(1 - beta1), vb2 = splat(beta2), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const J = jp != 0;
  const end = <usize>n << 2;
  let bad = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) bad = countNonFinite(bad, adamaxAt(p + i, g + i, m + i, u + i, jp + i, jm + i, ju + i, k, b1, vb2, veps, scale, clip, wdlr, decay, J, 4), 4);
  for (; i < end; i += 4) bad = countNonFinite(bad, adamaxAt(p + i, g + i, m + i, u + i, jp + i, jm + i, ju + i, k, b1, vb2, veps, scale, clip, wdlr, decay, J, 1), 1);
  return countTotal(bad);
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

@inline function nadamAt(p: usize, g: usize, m: usize, v: usize, jp: usize, jm: usize, jv: usize, c1: v128,
  c2: v128, vden: v128, lr: v128, b1: v128, b2: v128, eps: v128, scale: v128, clip: v128, wdlr: v128,
  decay: bool, J: bool, lanes: i32): v128 {
  const gg = gradAt(g, scale, clip, lanes);
  const x = decayed(paramAt(p, jp, J, lanes), wdlr, decay);
  const mm = towardsAt(m, jm, J, gg, b1, lanes);
  const vv = towardsAt(v, jv, J, f32x4.mul(gg, gg), b2, lanes);
  const mhat = f32x4.add(f32x4.mul(c1, mm), f32x4.mul(c2, gg));
  const vhat = f32x4.div(vv, vden);
  const y = f32x4.sub(x, f32x4.div(f32x4.mul(mhat, lr), f32x4.add(f32x4.sqrt(vhat), eps)));
  storeK(p, y, lanes);
  return y;
}

/** p, g, m, v: (n), states start at 0. Keras defaults: beta1 0.9, beta2 0.999, epsilon 1e-7.
 *  uProduct: u_1 * ... * u_t including this step's u_t (bindings/optim.ts nadamMomentumProduct).
 *  jp, jm, jv: the undo journal (optim.ts) or 0. Returns the count of non-finite p. */
export function nadamStep(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, beta1: f64, beta2: f64,
  eps: f64, t: i32, gradScale: f64, clipValue: f64, weightDecay: f64, uProduct: f64, jp: usize, jm: usize,
  jv: usize): i32 {
  const ut = beta1 * (1 - 0.5 * Math.pow(0.96, t));
  const ut1 = beta1 * (1 - 0.5 * Math.pow(0.96, t + 1));
  const c1 = splat(ut1 / (1 - uProduct * ut1)), c2 = splat((1 - ut) / (1 - uProduct));
  const vden = splat(1 - Math.pow(beta2, t));
  const vlr = splat(lr), b1 = splat(1 - beta1), b2 = splat(1 - beta2), veps = splat(eps);
  const scale = splat(gradScale), clip = clipSplat(clipValue);
  const wdlr = splat(<f32>weightDecay * <f32>lr), decay = weightDecay != 0;
  const J = jp != 0;
  const end = <usize>n << 2;
  let bad = i32x4.splat(0);
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) bad = countNonFinite(bad, nadamAt(p + i, g + i, m + i, v + i, jp + i, jm + i, jv + i, c1, c2, vden, vlr, b1, b2, veps, scale, clip, wdlr, decay, J, 4), 4);
  for (; i < end; i += 4) bad = countNonFinite(bad, nadamAt(p + i, g + i, m + i, v + i, jp + i, jm + i, jv + i, c1, c2, vden, vlr, b1, b2, veps, scale, clip, wdlr, decay, J, 1), 1);
  return countTotal(bad);
}
