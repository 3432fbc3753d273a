// Plain-TypeScript float64 references for the optimizer steps, keyed by wasm export name. Same
// argument order as the kernels (assembly/kernels/optim.ts) with arrays in place of pointers; they
// update p and the states in place. Written from the Keras 3 update_step formulas
// (keras/src/optimizers/<name>.py) in the most literal form, one element at a time, so that the
// SIMD kernels are checked against the formula and not against a copy of themselves.
type Arr = Float64Array | Float32Array | number[];

/** Steps 1-3 shared by every optimizer: scaled and clipped gradient, decayed parameter. */
function prep(p: Arr, g: Arr, i: number, lr: number, gradScale: number, clipValue: number, weightDecay: number): number {
  let gi = g[i] * gradScale;
  if (clipValue > 0) gi = Number.isNaN(gi) ? gi : Math.min(Math.max(gi, -clipValue), clipValue);
  if (weightDecay !== 0) p[i] = p[i] - p[i] * weightDecay * lr;
  return gi;
}

export function sgdStep(p: Arr, g: Arr, v: Arr, n: number, lr: number, momentum: number, _t: number,
  gradScale: number, clipValue: number, weightDecay: number, nesterov: number): void {
  for (let i = 0; i < n; i++) {
    const gi = prep(p, g, i, lr, gradScale, clipValue, weightDecay);
    if (momentum === 0) {
      p[i] -= gi * lr;
      continue;
    }
    v[i] = v[i] * momentum - gi * lr;
    p[i] += nesterov ? v[i] * momentum - gi * lr : v[i];
  }
}

export function rmspropStep(p: Arr, g: Arr, vel: Arr, mom: Arr, avg: Arr, n: number, lr: number, rho: number,
  momentum: number, eps: number, _t: number, gradScale: number, clipValue: number, weightDecay: number, centered: number): void {
  for (let i = 0; i < n; i++) {
    const gi = prep(p, g, i, lr, gradScale, clipValue, weightDecay);
    vel[i] = rho * vel[i] + (1 - rho) * gi * gi;
    let den = vel[i] + eps;
    if (centered) {
      avg[i] = rho * avg[i] + (1 - rho) * gi;
      den = vel[i] - avg[i] * avg[i] + eps;
    }
    const inc = (lr * gi) / Math.sqrt(den);
    if (momentum > 0) {
      mom[i] = momentum * mom[i] + inc;
      p[i] -= mom[i];
    } else p[i] -= inc;
  }
}

export function adamStep(p: Arr, g: Arr, m: Arr, v: Arr, vhat: Arr, n: number, lr: number, beta1: number, beta2: number,
  eps: number, t: number, gradScale: number, clipValue: number, weightDecay: number, amsgrad: number): void {
  const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
  for (let i = 0; i < n; i++) {
    const gi = prep(p, g, i, lr, gradScale, clipValue, weightDecay);
    m[i] += (gi - m[i]) * (1 - beta1);
    v[i] += (gi * gi - v[i]) * (1 - beta2);
    let vi = v[i];
    if (amsgrad) vi = vhat[i] = Math.max(vhat[i], v[i]);
    p[i] -= (m[i] * alpha) / (Math.sqrt(vi) + eps);
  }
}

export function adagradStep(p: Arr, g: Arr, acc: Arr, n: number, lr: number, eps: number, _t: number,
  gradScale: number, clipValue: number, weightDecay: number): void {
  for (let i = 0; i < n; i++) {
    const gi = prep(p, g, i, lr, gradScale, clipValue, weightDecay);
    acc[i] += gi * gi;
    p[i] -= (lr * gi) / Math.sqrt(acc[i] + eps);
  }
}

export function adadeltaStep(p: Arr, g: Arr, accG: Arr, accD: Arr, n: number, lr: number, rho: number, eps: number,
  _t: number, gradScale: number, clipValue: number, weightDecay: number): void {
  for (let i = 0; i < n; i++) {
    const gi = prep(p, g, i, lr, gradScale, clipValue, weightDecay);
    accG[i] = rho * accG[i] + (1 - rho) * gi * gi;
    const delta = -(Math.sqrt(accD[i] + eps) * gi) / Math.sqrt(accG[i] + eps);
    accD[i] = rho * accD[i] + (1 - rho) * delta * delta;
    p[i] += lr * delta;
  }
}

export function adamaxStep(p: Arr, g: Arr, m: Arr, u: Arr, n: number, lr: number, beta1: number, beta2: number,
  eps: number, t: number, gradScale: number, clipValue: number, weightDecay: number): void {
  const beta1Power = beta1 ** t;
  for (let i = 0; i < n; i++) {
    const gi = prep(p, g, i, lr, gradScale, clipValue, weightDecay);
    m[i] += (gi - m[i]) * (1 - beta1);
    u[i] = Math.max(beta2 * u[i], Math.abs(gi));
    p[i] -= (lr * m[i]) / ((1 - beta1Power) * (u[i] + eps));
  }
}

/** Keras's u_product after update t: u_1 * ... * u_t, u_i = beta1At(i) * (1 - 0.5 * 0.96^i), where
 *  beta1At(i) is the beta1 of update i (constant in Keras; cycled by oneCycle). */
export function nadamProduct(t: number, beta1At: (i: number) => number): number {
  let uProduct = 1;
  for (let s = 1; s <= t; s++) uProduct *= beta1At(s) * (1 - 0.5 * 0.96 ** s);
  return uProduct;
}

/** uProduct = nadamProduct(t, ...): Keras keeps it in a variable multiplied once per step. */
export function nadamStep(p: Arr, g: Arr, m: Arr, v: Arr, n: number, lr: number, beta1: number, beta2: number,
  eps: number, t: number, gradScale: number, clipValue: number, weightDecay: number, uProduct: number): void {
  const ut = beta1 * (1 - 0.5 * 0.96 ** t);
  const ut1 = beta1 * (1 - 0.5 * 0.96 ** (t + 1));
  const uProduct1 = uProduct * ut1;
  const beta2Power = beta2 ** t;
  for (let i = 0; i < n; i++) {
    const gi = prep(p, g, i, lr, gradScale, clipValue, weightDecay);
    m[i] += (gi - m[i]) * (1 - beta1);
    v[i] += (gi * gi - v[i]) * (1 - beta2);
    const mHat = (ut1 * m[i]) / (1 - uProduct1) + ((1 - ut) * gi) / (1 - uProduct);
    const vHat = v[i] / (1 - beta2Power);
    p[i] -= (mHat * lr) / (Math.sqrt(vHat) + eps);
  }
}

export function addRegularizerGrad(p: Arr, g: Arr, n: number, l1: number, l2: number): void {
  for (let i = 0; i < n; i++) g[i] += l1 * Math.sign(p[i]) + 2 * l2 * p[i];
}

/**
 * The kernel's undo journal and return value around a reference step (assembly/kernels/optim.ts):
 * the arguments past the step's own (jp, then one per state in argument order, each an array or
 * 0) receive the values p and the states held before the step, whether or not the step changes
 * them; returns how many elements of p are NaN or +-Inf after it.
 */
function journaled(step: Function, states: number): Function {
  const own = step.length; // (p, g, ...states, n, ...): the journal follows the step's own arguments
  return (...args: unknown[]) => {
    const journal = args.slice(own) as (Arr | 0 | undefined)[];
    const p = args[0] as Arr;
    const n = args[2 + states] as number;
    if (journal.length && journal[0]) {
      journal.forEach((j, k) => {
        const src = (k === 0 ? p : args[1 + k]) as Arr;
        if (j) for (let i = 0; i < n; i++) j[i] = src[i];
      });
    }
    step(...args.slice(0, own));
    let bad = 0;
    for (let i = 0; i < n; i++) if (!Number.isFinite(p[i])) bad++;
    return bad;
  };
}

export const optimReferences: Record<string, Function> = {
  sgdStep: journaled(sgdStep, 1),
  rmspropStep: journaled(rmspropStep, 3),
  adamStep: journaled(adamStep, 3),
  adagradStep: journaled(adagradStep, 1),
  adadeltaStep: journaled(adadeltaStep, 2),
  adamaxStep: journaled(adamaxStep, 2),
  nadamStep: journaled(nadamStep, 2),
  addRegularizerGrad,
};
