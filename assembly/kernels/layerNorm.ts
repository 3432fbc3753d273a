// Layer normalization, forward and backward: moments over the last axis of each row (Keras 3
// keras/src/layers/normalization/layer_normalization.py, epsilon 1e-3). Legend and conventions as in
// norm.ts (batch norm): B rows, C channels; x, y, dy, dx (B, C) row-major f32; backward accumulates;
// gamma, beta, dGamma, dBeta may be 0. y = (x - mean) * invStd * gamma + beta, invStd = 1 / sqrt(var
// + eps); dx = invStd * (g - mean(g) - xhat * mean(g * xhat)), g = gamma * dy (Ioffe & Szegedy 2015).
import { loadK, storeK, loadOr, laneMask } from '../lanes';
import { hsum } from '../simd';

// Layer norm reduces over C within each row: f32x4 along the row. Each pass runs its @inline chunk
// body with the constant width 4 over the full chunks (no tail branches after inlining), then once
// with k = C % 4 for the tail.

// @ts-ignore: decorator
@inline function sumShifted(s: v128, xr: usize, o: usize, k: i32, x0: v128): v128 {
  return f32x4.add(s, v128.and(f32x4.sub(loadK(xr + o, k), x0), laneMask(k)));
}

// @ts-ignore: decorator
@inline function sumSquares(v: v128, xr: usize, o: usize, k: i32, m: v128): v128 {
  const d = v128.and(f32x4.sub(loadK(xr + o, k), m), laneMask(k));
  return f32x4.add(v, f32x4.mul(d, d));
}

// @ts-ignore: decorator
@inline function layerNormalize(xr: usize, yr: usize, gamma: usize, beta: usize, o: usize, k: i32, m: v128, inv: v128): void {
  const sc = f32x4.mul(loadOr(gamma, o, k, 1), inv);
  storeK(yr + o, f32x4.add(f32x4.mul(f32x4.sub(loadK(xr + o, k), m), sc), loadOr(beta, o, k, 0)), k);
}

/** Forward over the last axis: per-row mean and biased variance; saves mean, invStd (B); gamma, beta (C). y may be x. */
export function layerNormForward(
  x: usize, y: usize, gamma: usize, beta: usize, mean: usize, invStd: usize, B: i32, C: i32, eps: f32,
): void {
  const row = <usize>C << 2;
  const full = <usize>(C & ~3) << 2;
  const tail = C & 3;
  for (let b = 0; b < B; b++) {
    const xr = x + <usize>b * row;
    const yr = y + <usize>b * row;
    // Shifted sums, as in batch norm: a constant row gets its exact value as mean (variance 0).
    const x0S = load<f32>(xr);
    const x0 = f32x4.splat(x0S);
    let s = f32x4.splat(0);
    for (let o: usize = 0; o < full; o += 16) s = sumShifted(s, xr, o, 4, x0);
    if (tail) s = sumShifted(s, xr, full, tail, x0);
    const mS = x0S + hsum(s) / <f32>C;
    const m = f32x4.splat(mS);
    let v = f32x4.splat(0);
    for (let o: usize = 0; o < full; o += 16) v = sumSquares(v, xr, o, 4, m);
    if (tail) v = sumSquares(v, xr, full, tail, m);
    const invS = <f32>1 / Mathf.sqrt(hsum(v) / <f32>C + eps);
    store<f32>(mean + (<usize>b << 2), mS);
    store<f32>(invStd + (<usize>b << 2), invS);
    const inv = f32x4.splat(invS);
    for (let o: usize = 0; o < full; o += 16) layerNormalize(xr, yr, gamma, beta, o, 4, m, inv);
    if (tail) layerNormalize(xr, yr, gamma, beta, full, tail, m, inv);
  }
}

/** One chunk of the row statistics: dBeta, dGamma += dy, dy * xhat; returns sgx + sum(gamma * dy * xhat). */
// @ts-ignore: decorator
@inline function layerGradStats(
  xr: usize, dyr: usize, gamma: usize, dGamma: usize, dBeta: usize, o: usize, k: i32, m: v128, inv: v128, sgx: v128,
): v128 {
  const d = loadK(dyr + o, k);
  const xh = f32x4.mul(f32x4.sub(loadK(xr + o, k), m), inv);
  if (dBeta) storeK(dBeta + o, f32x4.add(loadK(dBeta + o, k), d), k);
  if (dGamma) storeK(dGamma + o, f32x4.add(loadK(dGamma + o, k), f32x4.mul(d, xh)), k);
  return f32x4.add(sgx, f32x4.mul(f32x4.mul(d, loadOr(gamma, o, k, 1)), xh));
}

// @ts-ignore: decorator
@inline function layerGradSum(dyr: usize, gamma: usize, o: usize, k: i32, sg: v128): v128 {
  return f32x4.add(sg, f32x4.mul(loadK(dyr + o, k), loadOr(gamma, o, k, 1)));
}

// @ts-ignore: decorator
@inline function layerDx(
  xr: usize, dyr: usize, dxr: usize, gamma: usize, o: usize, k: i32, m: v128, inv: v128, mg: v128, mgx: v128,
): void {
  const xh = f32x4.mul(f32x4.sub(loadK(xr + o, k), m), inv);
  const g = f32x4.mul(loadK(dyr + o, k), loadOr(gamma, o, k, 1));
  const t = f32x4.sub(f32x4.sub(g, mg), f32x4.mul(xh, mgx));
  storeK(dxr + o, f32x4.add(loadK(dxr + o, k), f32x4.mul(inv, t)), k);
}

/** Backward from the saved mean, invStd (B): dx += ..., dGamma (C) += sum_b dy * xhat, dBeta (C) += sum_b dy. */
export function layerNormBackward(
  x: usize, dy: usize, dx: usize, gamma: usize, mean: usize, invStd: usize, dGamma: usize, dBeta: usize, B: i32, C: i32,
): void {
  const row = <usize>C << 2;
  const full = <usize>(C & ~3) << 2;
  const tail = C & 3;
  const nC = f32x4.splat(<f32>C);
  for (let b = 0; b < B; b++) {
    const xr = x + <usize>b * row;
    const dyr = dy + <usize>b * row;
    const dxr = dx + <usize>b * row;
    const m = f32x4.splat(load<f32>(mean + (<usize>b << 2)));
    const inv = f32x4.splat(load<f32>(invStd + (<usize>b << 2)));
    // Tail lanes of dy load as 0, so they add nothing to the sums.
    let sg = f32x4.splat(0);
    let sgx = f32x4.splat(0);
    for (let o: usize = 0; o < full; o += 16) {
      sg = layerGradSum(dyr, gamma, o, 4, sg);
      sgx = layerGradStats(xr, dyr, gamma, dGamma, dBeta, o, 4, m, inv, sgx);
    }
    if (tail) {
      sg = layerGradSum(dyr, gamma, full, tail, sg);
      sgx = layerGradStats(xr, dyr, gamma, dGamma, dBeta, full, tail, m, inv, sgx);
    }
    const mg = f32x4.div(f32x4.splat(hsum(sg)), nC);
    const mgx = f32x4.div(f32x4.splat(hsum(sgx)), nC);
    for (let o: usize = 0; o < full; o += 16) layerDx(xr, dyr, dxr, gamma, o, 4, m, inv, mg, mgx);
    if (tail) layerDx(xr, dyr, dxr, gamma, full, tail, m, inv, mg, mgx);
  }
}
