// Batch and layer normalization, forward and backward. Legend: B batch rows, C channels (features);
// x, y, dy, dx are (B, C) row-major f32. Backward kernels accumulate (dx, dGamma, dBeta +=). gamma
// and beta pointers may be 0 (Keras scale=False / center=False: gamma = 1, beta = 0), and so may
// dGamma and dBeta (not computed then).
// Formulas follow Keras 3: keras/src/layers/normalization/batch_normalization.py (variance from
// ops.moments, i.e. biased, also for the moving variance; moving = moving * momentum + batch *
// (1 - momentum); defaults momentum 0.99, epsilon 1e-3) and layer_normalization.py (moments over the
// last axis, epsilon 1e-3). y = (x - mean) * invStd * gamma + beta with invStd = 1 / sqrt(var + eps).
// Backward (Ioffe & Szegedy 2015), with xhat = (x - mean) * invStd and g = gamma * dy summed over the
// N normalized values: dx = invStd * (g - mean(g) - xhat * mean(g * xhat)).
import { loadK, storeK, laneMask, hsum } from '../lanes';

// @ts-ignore: decorator
@inline function loadOr(p: usize, o: usize, k: i32, fallback: f32): v128 {
  return p ? loadK(p + o, k) : f32x4.splat(fallback);
}

// Batch norm reduces over B for each channel: the kernels walk 4-channel column blocks (the last one
// k = C % 4 wide), keeping the block's statistics in registers across the B rows (stride C).

/** Training forward: batch mean and biased variance per channel; saves mean, invStd (C) for backward; updates runMean, runVar (C). y may be x. */
export function batchNormForwardTrain(
  x: usize, y: usize, gamma: usize, beta: usize, mean: usize, invStd: usize, runMean: usize, runVar: usize,
  B: i32, C: i32, momentum: f32, eps: f32,
): void {
  const row = <usize>C << 2;
  const nB = f32x4.splat(<f32>B);
  const mom = f32x4.splat(momentum);
  const rest = f32x4.splat(<f32>1 - momentum);
  for (let c = 0; c < C; c += 4) {
    const k = C - c;
    const o = <usize>c << 2;
    // Shifted sums (mean = x0 + mean(x - x0)): a constant channel gets its exact value as mean, so
    // variance 0, and a large offset does not swamp the deviations.
    const x0 = loadK(x + o, k);
    let s = f32x4.splat(0);
    for (let b = 0, p = x + o; b < B; b++, p += row) s = f32x4.add(s, f32x4.sub(loadK(p, k), x0));
    const m = f32x4.add(x0, f32x4.div(s, nB));
    let v = f32x4.splat(0);
    for (let b = 0, p = x + o; b < B; b++, p += row) {
      const d = f32x4.sub(loadK(p, k), m);
      v = f32x4.add(v, f32x4.mul(d, d));
    }
    v = f32x4.div(v, nB);
    const inv = f32x4.div(f32x4.splat(1), f32x4.sqrt(f32x4.add(v, f32x4.splat(eps))));
    storeK(mean + o, m, k);
    storeK(invStd + o, inv, k);
    storeK(runMean + o, f32x4.add(f32x4.mul(loadK(runMean + o, k), mom), f32x4.mul(m, rest)), k);
    storeK(runVar + o, f32x4.add(f32x4.mul(loadK(runVar + o, k), mom), f32x4.mul(v, rest)), k);
    const sc = f32x4.mul(loadOr(gamma, o, k, 1), inv);
    const sh = loadOr(beta, o, k, 0);
    for (let b = 0, p = o; b < B; b++, p += row) {
      storeK(y + p, f32x4.add(f32x4.mul(f32x4.sub(loadK(x + p, k), m), sc), sh), k);
    }
  }
}

/** Inference forward with the running statistics: y = (x - runMean) / sqrt(runVar + eps) * gamma + beta. y may be x. */
export function batchNormForwardInfer(
  x: usize, y: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, B: i32, C: i32, eps: f32,
): void {
  const row = <usize>C << 2;
  for (let c = 0; c < C; c += 4) {
    const k = C - c;
    const o = <usize>c << 2;
    const m = loadK(runMean + o, k);
    const inv = f32x4.div(f32x4.splat(1), f32x4.sqrt(f32x4.add(loadK(runVar + o, k), f32x4.splat(eps))));
    const sc = f32x4.mul(loadOr(gamma, o, k, 1), inv);
    const sh = loadOr(beta, o, k, 0);
    for (let b = 0, p = o; b < B; b++, p += row) {
      storeK(y + p, f32x4.add(f32x4.mul(f32x4.sub(loadK(x + p, k), m), sc), sh), k);
    }
  }
}

/** Training backward from the saved mean, invStd (C): dx += ..., dGamma += sum(dy * xhat), dBeta += sum(dy). */
export function batchNormBackward(
  x: usize, dy: usize, dx: usize, gamma: usize, mean: usize, invStd: usize, dGamma: usize, dBeta: usize, B: i32, C: i32,
): void {
  const row = <usize>C << 2;
  const nB = f32x4.splat(<f32>B);
  for (let c = 0; c < C; c += 4) {
    const k = C - c;
    const o = <usize>c << 2;
    const m = loadK(mean + o, k);
    const inv = loadK(invStd + o, k);
    let sdy = f32x4.splat(0);
    let sdyx = f32x4.splat(0);
    for (let b = 0, p = o; b < B; b++, p += row) {
      const d = loadK(dy + p, k);
      sdy = f32x4.add(sdy, d);
      sdyx = f32x4.add(sdyx, f32x4.mul(d, f32x4.mul(f32x4.sub(loadK(x + p, k), m), inv)));
    }
    if (dBeta) storeK(dBeta + o, f32x4.add(loadK(dBeta + o, k), sdy), k);
    if (dGamma) storeK(dGamma + o, f32x4.add(loadK(dGamma + o, k), sdyx), k);
    const coef = f32x4.mul(loadOr(gamma, o, k, 1), inv);
    const mdy = f32x4.div(sdy, nB);
    const mdyx = f32x4.div(sdyx, nB);
    for (let b = 0, p = o; b < B; b++, p += row) {
      const xh = f32x4.mul(f32x4.sub(loadK(x + p, k), m), inv);
      const t = f32x4.sub(f32x4.sub(loadK(dy + p, k), mdy), f32x4.mul(xh, mdyx));
      storeK(dx + p, f32x4.add(loadK(dx + p, k), f32x4.mul(coef, t)), k);
    }
  }
}

// Layer norm reduces over C within each row: f32x4 along the row, the last chunk k = C % 4 wide.

/** Forward over the last axis: per-row mean and biased variance; saves mean, invStd (B); gamma, beta (C). y may be x. */
export function layerNormForward(
  x: usize, y: usize, gamma: usize, beta: usize, mean: usize, invStd: usize, B: i32, C: i32, eps: f32,
): void {
  const row = <usize>C << 2;
  for (let b = 0; b < B; b++) {
    const xr = x + <usize>b * row;
    const yr = y + <usize>b * row;
    // Shifted sums, as in batch norm: a constant row gets its exact value as mean (variance 0).
    const x0S = load<f32>(xr);
    const x0 = f32x4.splat(x0S);
    let s = f32x4.splat(0);
    for (let c = 0; c < C; c += 4) {
      const k = C - c;
      s = f32x4.add(s, v128.and(f32x4.sub(loadK(xr + (<usize>c << 2), k), x0), laneMask(k)));
    }
    const mS = x0S + hsum(s) / <f32>C;
    const m = f32x4.splat(mS);
    let v = f32x4.splat(0);
    for (let c = 0; c < C; c += 4) {
      const k = C - c;
      const d = v128.and(f32x4.sub(loadK(xr + (<usize>c << 2), k), m), laneMask(k));
      v = f32x4.add(v, f32x4.mul(d, d));
    }
    const invS = <f32>1 / Mathf.sqrt(hsum(v) / <f32>C + eps);
    store<f32>(mean + (<usize>b << 2), mS);
    store<f32>(invStd + (<usize>b << 2), invS);
    const inv = f32x4.splat(invS);
    for (let c = 0; c < C; c += 4) {
      const k = C - c;
      const o = <usize>c << 2;
      const sc = f32x4.mul(loadOr(gamma, o, k, 1), inv);
      storeK(yr + o, f32x4.add(f32x4.mul(f32x4.sub(loadK(xr + o, k), m), sc), loadOr(beta, o, k, 0)), k);
    }
  }
}

/** Backward from the saved mean, invStd (B): dx += ..., dGamma (C) += sum_b dy * xhat, dBeta (C) += sum_b dy. */
export function layerNormBackward(
  x: usize, dy: usize, dx: usize, gamma: usize, mean: usize, invStd: usize, dGamma: usize, dBeta: usize, B: i32, C: i32,
): void {
  const row = <usize>C << 2;
  for (let b = 0; b < B; b++) {
    const xr = x + <usize>b * row;
    const dyr = dy + <usize>b * row;
    const dxr = dx + <usize>b * row;
    const m = f32x4.splat(load<f32>(mean + (<usize>b << 2)));
    const inv = f32x4.splat(load<f32>(invStd + (<usize>b << 2)));
    // Tail lanes of dy load as 0, so they add nothing to the sums.
    let sg = f32x4.splat(0);
    let sgx = f32x4.splat(0);
    for (let c = 0; c < C; c += 4) {
      const k = C - c;
      const o = <usize>c << 2;
      const d = loadK(dyr + o, k);
      const xh = f32x4.mul(f32x4.sub(loadK(xr + o, k), m), inv);
      const g = f32x4.mul(d, loadOr(gamma, o, k, 1));
      sg = f32x4.add(sg, g);
      sgx = f32x4.add(sgx, f32x4.mul(g, xh));
      if (dBeta) storeK(dBeta + o, f32x4.add(loadK(dBeta + o, k), d), k);
      if (dGamma) storeK(dGamma + o, f32x4.add(loadK(dGamma + o, k), f32x4.mul(d, xh)), k);
    }
    const mg = f32x4.splat(hsum(sg) / <f32>C);
    const mgx = f32x4.splat(hsum(sgx) / <f32>C);
    for (let c = 0; c < C; c += 4) {
      const k = C - c;
      const o = <usize>c << 2;
      const xh = f32x4.mul(f32x4.sub(loadK(xr + o, k), m), inv);
      const g = f32x4.mul(loadK(dyr + o, k), loadOr(gamma, o, k, 1));
      const t = f32x4.sub(f32x4.sub(g, mg), f32x4.mul(xh, mgx));
      storeK(dxr + o, f32x4.add(loadK(dxr + o, k), f32x4.mul(inv, t)), k);
    }
  }
}
