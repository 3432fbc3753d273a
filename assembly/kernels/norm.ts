// Batch normalization, forward and backward (layer norm: layerNorm.ts, same conventions). Legend: B batch rows, C channels (features);
// x, y, dy, dx are (B, C) row-major f32. Backward kernels accumulate (dx, dGamma, dBeta +=). gamma
// and beta pointers may be 0 (Keras scale=False / center=False: gamma = 1, beta = 0), and so may
// dGamma and dBeta (not computed then).
// Formulas follow Keras 3: keras/src/layers/normalization/batch_normalization.py (variance from
// ops.moments, i.e. biased, also for the moving variance; moving = moving * momentum + batch *
// (1 - momentum); defaults momentum 0.99, epsilon 1e-3) and layer_normalization.py (moments over the
// last axis, epsilon 1e-3). y = (x - mean) * invStd * gamma + beta with invStd = 1 / sqrt(var + eps).
// Backward (Ioffe & Szegedy 2015), with xhat = (x - mean) * invStd and g = gamma * dy summed over the
// N normalized values: dx = invStd * (g - mean(g) - xhat * mean(g * xhat)).
import { loadK, storeK, loadOr, laneMask } from '../lanes';

// Batch norm reduces over B for each channel, walking 16-channel column blocks down the rows with the
// block's sums in registers. 16 channels = one 64-byte cache line per row: with 4-channel blocks, a C
// whose row is a multiple of a large power of two (C = 512: rows 2 KiB apart) made each column's lines
// share a few L1 sets and evict each other before the next block reused them (4-5x slower than C = 500).
// Each kernel's block body is @inline with the block width k as an argument: full blocks pass the
// constant 16, so the optimizer drops the tail branches of loadK/storeK; the last block passes C - c.

/** Mean (x0 + mean(x - x0)) and biased variance of one 4-channel column: shifted sums make a constant column's variance exactly 0. */
// @ts-ignore: decorator
@inline function finishStats(
  mean: usize, invStd: usize, runMean: usize, runVar: usize, o: usize, k: i32, m: v128, v: v128, momentum: f32, eps: f32,
): v128 {
  const inv = f32x4.div(f32x4.splat(1), f32x4.sqrt(f32x4.add(v, f32x4.splat(eps))));
  storeK(mean + o, m, k);
  storeK(invStd + o, inv, k);
  const mom = f32x4.splat(momentum);
  const rest = f32x4.splat(<f32>1 - momentum);
  storeK(runMean + o, f32x4.add(f32x4.mul(loadK(runMean + o, k), mom), f32x4.mul(m, rest)), k);
  storeK(runVar + o, f32x4.add(f32x4.mul(loadK(runVar + o, k), mom), f32x4.mul(v, rest)), k);
  return inv;
}

// @ts-ignore: decorator
@inline function sq(d: v128): v128 {
  return f32x4.mul(d, d);
}

// @ts-ignore: decorator
@inline function normalizeInto(x: usize, y: usize, p: usize, k: i32, m: v128, sc: v128, sh: v128): void {
  storeK(y + p, f32x4.add(f32x4.mul(f32x4.sub(loadK(x + p, k), m), sc), sh), k);
}

// @ts-ignore: decorator
@inline function trainBlock(
  x: usize, y: usize, gamma: usize, beta: usize, mean: usize, invStd: usize, runMean: usize, runVar: usize,
  B: i32, row: usize, o: usize, k: i32, momentum: f32, eps: f32,
): void {
  const nB = f32x4.splat(<f32>B);
  const x0 = loadK(x + o, k), x1 = loadK(x + o + 16, k - 4), x2 = loadK(x + o + 32, k - 8), x3 = loadK(x + o + 48, k - 12);
  let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
  for (let b = 0, p = o; b < B; b++, p += row) {
    s0 = f32x4.add(s0, f32x4.sub(loadK(x + p, k), x0));
    s1 = f32x4.add(s1, f32x4.sub(loadK(x + p + 16, k - 4), x1));
    s2 = f32x4.add(s2, f32x4.sub(loadK(x + p + 32, k - 8), x2));
    s3 = f32x4.add(s3, f32x4.sub(loadK(x + p + 48, k - 12), x3));
  }
  const m0 = f32x4.add(x0, f32x4.div(s0, nB)), m1 = f32x4.add(x1, f32x4.div(s1, nB));
  const m2 = f32x4.add(x2, f32x4.div(s2, nB)), m3 = f32x4.add(x3, f32x4.div(s3, nB));
  let v0 = f32x4.splat(0), v1 = v0, v2 = v0, v3 = v0;
  for (let b = 0, p = o; b < B; b++, p += row) {
    v0 = f32x4.add(v0, sq(f32x4.sub(loadK(x + p, k), m0)));
    v1 = f32x4.add(v1, sq(f32x4.sub(loadK(x + p + 16, k - 4), m1)));
    v2 = f32x4.add(v2, sq(f32x4.sub(loadK(x + p + 32, k - 8), m2)));
    v3 = f32x4.add(v3, sq(f32x4.sub(loadK(x + p + 48, k - 12), m3)));
  }
  const i0 = finishStats(mean, invStd, runMean, runVar, o, k, m0, f32x4.div(v0, nB), momentum, eps);
  const i1 = finishStats(mean, invStd, runMean, runVar, o + 16, k - 4, m1, f32x4.div(v1, nB), momentum, eps);
  const i2 = finishStats(mean, invStd, runMean, runVar, o + 32, k - 8, m2, f32x4.div(v2, nB), momentum, eps);
  const i3 = finishStats(mean, invStd, runMean, runVar, o + 48, k - 12, m3, f32x4.div(v3, nB), momentum, eps);
  const c0 = f32x4.mul(loadOr(gamma, o, k, 1), i0), c1 = f32x4.mul(loadOr(gamma, o + 16, k - 4, 1), i1);
  const c2 = f32x4.mul(loadOr(gamma, o + 32, k - 8, 1), i2), c3 = f32x4.mul(loadOr(gamma, o + 48, k - 12, 1), i3);
  const h0 = loadOr(beta, o, k, 0), h1 = loadOr(beta, o + 16, k - 4, 0);
  const h2 = loadOr(beta, o + 32, k - 8, 0), h3 = loadOr(beta, o + 48, k - 12, 0);
  for (let b = 0, p = o; b < B; b++, p += row) {
    normalizeInto(x, y, p, k, m0, c0, h0);
    normalizeInto(x, y, p + 16, k - 4, m1, c1, h1);
    normalizeInto(x, y, p + 32, k - 8, m2, c2, h2);
    normalizeInto(x, y, p + 48, k - 12, m3, c3, h3);
  }
}

/** Training forward: batch mean and biased variance per channel; saves mean, invStd (C) for backward; updates runMean, runVar (C). y may be x. */
export function batchNormForwardTrain(
  x: usize, y: usize, gamma: usize, beta: usize, mean: usize, invStd: usize, runMean: usize, runVar: usize,
  B: i32, C: i32, momentum: f32, eps: f32,
): void {
  const row = <usize>C << 2;
  let c = 0;
  for (; c + 16 <= C; c += 16) trainBlock(x, y, gamma, beta, mean, invStd, runMean, runVar, B, row, <usize>c << 2, 16, momentum, eps);
  if (c < C) trainBlock(x, y, gamma, beta, mean, invStd, runMean, runVar, B, row, <usize>c << 2, C - c, momentum, eps);
}

// @ts-ignore: decorator
@inline function inferScale(gamma: usize, runVar: usize, o: usize, k: i32, eps: f32): v128 {
  const inv = f32x4.div(f32x4.splat(1), f32x4.sqrt(f32x4.add(loadK(runVar + o, k), f32x4.splat(eps))));
  return f32x4.mul(loadOr(gamma, o, k, 1), inv);
}

// @ts-ignore: decorator
@inline function inferBlock(
  x: usize, y: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, B: i32, row: usize, o: usize, k: i32, eps: f32,
): void {
  const m0 = loadK(runMean + o, k), m1 = loadK(runMean + o + 16, k - 4);
  const m2 = loadK(runMean + o + 32, k - 8), m3 = loadK(runMean + o + 48, k - 12);
  const c0 = inferScale(gamma, runVar, o, k, eps), c1 = inferScale(gamma, runVar, o + 16, k - 4, eps);
  const c2 = inferScale(gamma, runVar, o + 32, k - 8, eps), c3 = inferScale(gamma, runVar, o + 48, k - 12, eps);
  const h0 = loadOr(beta, o, k, 0), h1 = loadOr(beta, o + 16, k - 4, 0);
  const h2 = loadOr(beta, o + 32, k - 8, 0), h3 = loadOr(beta, o + 48, k - 12, 0);
  for (let b = 0, p = o; b < B; b++, p += row) {
    normalizeInto(x, y, p, k, m0, c0, h0);
    normalizeInto(x, y, p + 16, k - 4, m1, c1, h1);
    normalizeInto(x, y, p + 32, k - 8, m2, c2, h2);
    normalizeInto(x, y, p + 48, k - 12, m3, c3, h3);
  }
}

/** Inference forward with the running statistics: y = (x - runMean) / sqrt(runVar + eps) * gamma + beta. y may be x. */
export function batchNormForwardInfer(
  x: usize, y: usize, gamma: usize, beta: usize, runMean: usize, runVar: usize, B: i32, C: i32, eps: f32,
): void {
  const row = <usize>C << 2;
  let c = 0;
  for (; c + 16 <= C; c += 16) inferBlock(x, y, gamma, beta, runMean, runVar, B, row, <usize>c << 2, 16, eps);
  if (c < C) inferBlock(x, y, gamma, beta, runMean, runVar, B, row, <usize>c << 2, C - c, eps);
}

/** dx += coef * (dy - mean(dy) - xhat * mean(dy * xhat)), coef = gamma * invStd, for 4 channels of one row. */
// @ts-ignore: decorator
@inline function dxInto(x: usize, dy: usize, dx: usize, p: usize, k: i32, m: v128, inv: v128, coef: v128, mdy: v128, mdyx: v128): void {
  const xh = f32x4.mul(f32x4.sub(loadK(x + p, k), m), inv);
  const t = f32x4.sub(f32x4.sub(loadK(dy + p, k), mdy), f32x4.mul(xh, mdyx));
  storeK(dx + p, f32x4.add(loadK(dx + p, k), f32x4.mul(coef, t)), k);
}

// @ts-ignore: decorator
@inline function accumulate4(p: usize, o: usize, k: i32, v: v128): void {
  if (p) storeK(p + o, f32x4.add(loadK(p + o, k), v), k);
}

// @ts-ignore: decorator
@inline function backwardBlock(
  x: usize, dy: usize, dx: usize, gamma: usize, mean: usize, invStd: usize, dGamma: usize, dBeta: usize,
  B: i32, row: usize, o: usize, k: i32,
): void {
  const nB = f32x4.splat(<f32>B);
  const m0 = loadK(mean + o, k), m1 = loadK(mean + o + 16, k - 4), m2 = loadK(mean + o + 32, k - 8), m3 = loadK(mean + o + 48, k - 12);
  const i0 = loadK(invStd + o, k), i1 = loadK(invStd + o + 16, k - 4);
  const i2 = loadK(invStd + o + 32, k - 8), i3 = loadK(invStd + o + 48, k - 12);
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0; // sum dy
  let s0 = a0, s1 = a0, s2 = a0, s3 = a0; // sum dy * xhat
  for (let b = 0, p = o; b < B; b++, p += row) {
    const d0 = loadK(dy + p, k), d1 = loadK(dy + p + 16, k - 4);
    const d2 = loadK(dy + p + 32, k - 8), d3 = loadK(dy + p + 48, k - 12);
    a0 = f32x4.add(a0, d0);
    a1 = f32x4.add(a1, d1);
    a2 = f32x4.add(a2, d2);
    a3 = f32x4.add(a3, d3);
    s0 = f32x4.add(s0, f32x4.mul(d0, f32x4.mul(f32x4.sub(loadK(x + p, k), m0), i0)));
    s1 = f32x4.add(s1, f32x4.mul(d1, f32x4.mul(f32x4.sub(loadK(x + p + 16, k - 4), m1), i1)));
    s2 = f32x4.add(s2, f32x4.mul(d2, f32x4.mul(f32x4.sub(loadK(x + p + 32, k - 8), m2), i2)));
    s3 = f32x4.add(s3, f32x4.mul(d3, f32x4.mul(f32x4.sub(loadK(x + p + 48, k - 12), m3), i3)));
  }
  accumulate4(dBeta, o, k, a0);
  accumulate4(dBeta, o + 16, k - 4, a1);
  accumulate4(dBeta, o + 32, k - 8, a2);
  accumulate4(dBeta, o + 48, k - 12, a3);
  accumulate4(dGamma, o, k, s0);
  accumulate4(dGamma, o + 16, k - 4, s1);
  accumulate4(dGamma, o + 32, k - 8, s2);
  accumulate4(dGamma, o + 48, k - 12, s3);
  const c0 = f32x4.mul(loadOr(gamma, o, k, 1), i0), c1 = f32x4.mul(loadOr(gamma, o + 16, k - 4, 1), i1);
  const c2 = f32x4.mul(loadOr(gamma, o + 32, k - 8, 1), i2), c3 = f32x4.mul(loadOr(gamma, o + 48, k - 12, 1), i3);
  a0 = f32x4.div(a0, nB);
  a1 = f32x4.div(a1, nB);
  a2 = f32x4.div(a2, nB);
  a3 = f32x4.div(a3, nB);
  s0 = f32x4.div(s0, nB);
  s1 = f32x4.div(s1, nB);
  s2 = f32x4.div(s2, nB);
  s3 = f32x4.div(s3, nB);
  for (let b = 0, p = o; b < B; b++, p += row) {
    dxInto(x, dy, dx, p, k, m0, i0, c0, a0, s0);
    dxInto(x, dy, dx, p + 16, k - 4, m1, i1, c1, a1, s1);
    dxInto(x, dy, dx, p + 32, k - 8, m2, i2, c2, a2, s2);
    dxInto(x, dy, dx, p + 48, k - 12, m3, i3, c3, a3, s3);
  }
}

/** Training backward from the saved mean, invStd (C): dx += ..., dGamma += sum(dy * xhat), dBeta += sum(dy). */
export function batchNormBackward(
  x: usize, dy: usize, dx: usize, gamma: usize, mean: usize, invStd: usize, dGamma: usize, dBeta: usize, B: i32, C: i32,
): void {
  const row = <usize>C << 2;
  let c = 0;
  for (; c + 16 <= C; c += 16) backwardBlock(x, dy, dx, gamma, mean, invStd, dGamma, dBeta, B, row, <usize>c << 2, 16);
  if (c < C) backwardBlock(x, dy, dx, gamma, mean, invStd, dGamma, dBeta, B, row, <usize>c << 2, C - c);
}
