// Adaptive Parzen estimators, the densities l(x) and g(x) of TPE (Bergstra, Bardenet, Bengio & Kegl,
// "Algorithms for Hyper-Parameter Optimization", NIPS 2011, section 4), with the bandwidth rules of
// hyperopt's tpe.py: one Gaussian per observation plus one prior component at the prior's mean; each
// sigma is the larger distance to its sorted neighbours, clipped to
// [priorSigma / min(100, 1 + n), priorSigma]; the prior keeps priorSigma and weight priorWeight; with
// more than `lf` observations the older ones are down-weighted by a linear ramp (linear forgetting).
// All densities live in the "model domain": the value itself, or its log for the log kinds.
// Buffers: w, mu, sigma are (K,) with K = observations + 1.
import type { Rng } from '../rng.js';

export interface Mixture {
  readonly w: Float64Array;
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  /** log(w) - log(sigma) and 1 / sigma per component, precomputed for logPdf. */
  readonly lc: Float64Array;
  readonly inv: Float64Array;
}

/** Weights of n observations in time order: the `lf` newest get 1, older ones a ramp from 1/n to 1. */
export function linearForgettingWeights(n: number, lf: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n < lf) return w;
  const ramp = n - lf;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return w;
}

/** The adaptive Parzen mixture of `obs` (model domain, oldest first) around the prior (mu, sigma). */
export function adaptiveParzen(obs: ArrayLike<number>, priorWeight: number, priorMu: number, priorSigma: number, lf: number): Mixture {
  const n = obs.length;
  const K = n + 1;
  const values = Float64Array.from(obs);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => values[i] - values[j]);
  const ow = linearForgettingWeights(n, lf);
  const mu = new Float64Array(K);
  const w = new Float64Array(K);
  // The prior is inserted at its sorted position (hyperopt: searchsorted, left).
  let pos = 0;
  while (pos < n && values[order[pos]] < priorMu) pos++;
  for (let k = 0, i = 0; k < K; k++) {
    if (k === pos) {
      mu[k] = priorMu;
      w[k] = priorWeight;
    } else {
      mu[k] = values[order[i]];
      w[k] = ow[order[i]];
      i++;
    }
  }
  const sigma = new Float64Array(K);
  if (K === 2) {
    // One observation: half the prior's width for it (hyperopt's special case).
    sigma[pos] = priorSigma;
    sigma[1 - pos] = priorSigma * 0.5;
  } else if (K > 2) {
    for (let k = 1; k < K - 1; k++) sigma[k] = Math.max(mu[k] - mu[k - 1], mu[k + 1] - mu[k]);
    sigma[0] = mu[1] - mu[0];
    sigma[K - 1] = mu[K - 1] - mu[K - 2];
  }
  const minSigma = priorSigma / Math.min(100, 1 + K);
  for (let k = 0; k < K; k++) sigma[k] = Math.min(Math.max(sigma[k], minSigma), priorSigma);
  sigma[pos] = priorSigma;
  let total = 0;
  for (let k = 0; k < K; k++) total += w[k];
  const lc = new Float64Array(K);
  const inv = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    w[k] /= total;
    lc[k] = Math.log(w[k]) - Math.log(sigma[k]);
    inv[k] = 1 / sigma[k];
  }
  return { w, mu, sigma, lc, inv };
}

/** erfc(x), Chebyshev fit with fractional error < 1.2e-7 everywhere (Press et al., Numerical Recipes, 6.2). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(a <= Z < b) for a standard normal Z, accurate in both tails (uses the upper tail on each side). */
export function normalMass(a: number, b: number): number {
  const q = (z: number) => 0.5 * erfc(z / Math.SQRT2);
  if (a >= 0) return q(a) - q(b);
  if (b <= 0) return q(-b) - q(-a);
  return 1 - q(-a) - q(b);
}

/** The probability that the untruncated mixture falls in [lo, hi): the truncation normaliser. */
export function acceptMass(m: Mixture, lo: number, hi: number): number {
  if (lo === -Infinity && hi === Infinity) return 1;
  let p = 0;
  for (let k = 0; k < m.w.length; k++) p += m.w[k] * normalMass((lo - m.mu[k]) / m.sigma[k], (hi - m.mu[k]) / m.sigma[k]);
  return p;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log density at z of the mixture truncated to [lo, hi), given log of its acceptMass. */
export function logPdf(m: Mixture, z: number, logP: number): number {
  const { mu, inv, lc } = m;
  const K = mu.length;
  // Direct sum first (one exp per component); only when it underflows (z far in every
  // component's tail) take the stable log-sum-exp route with a second pass.
  let s = 0;
  for (let k = 0; k < K; k++) {
    const d = (z - mu[k]) * inv[k];
    s += Math.exp(lc[k] - 0.5 * d * d);
  }
  if (s > 1e-280) return Math.log(s) - LOG_SQRT_2PI - logP;
  let best = -Infinity;
  for (let k = 0; k < K; k++) {
    const d = (z - mu[k]) * inv[k];
    best = Math.max(best, lc[k] - 0.5 * d * d);
  }
  s = 0;
  for (let k = 0; k < K; k++) {
    const d = (z - mu[k]) * inv[k];
    s += Math.exp(lc[k] - 0.5 * d * d - best);
  }
  return best + Math.log(s) - LOG_SQRT_2PI - logP;
}

/** log of the truncated mixture's mass in [a, b) (a quantization cell), given its acceptMass. */
export function logMass(m: Mixture, a: number, b: number, logP: number): number {
  let s = 0;
  for (let k = 0; k < m.w.length; k++) s += m.w[k] * normalMass((a - m.mu[k]) / m.sigma[k], (b - m.mu[k]) / m.sigma[k]);
  return Math.log(Math.max(s, 1e-300)) - logP;
}

/**
 * One draw from the mixture truncated to [lo, hi) by rejection (as hyperopt's GMM1). When the
 * mixture almost never lands inside, falls back to a uniform draw in the bounds after 1000 tries.
 */
export function sampleMixture(m: Mixture, lo: number, hi: number, rng: Rng): number {
  for (let tries = 0; tries < 1000; tries++) {
    let u = rng.uniform();
    let k = 0;
    while (k < m.w.length - 1 && (u -= m.w[k]) >= 0) k++;
    const z = m.mu[k] + m.sigma[k] * rng.normal();
    if (z >= lo && z < hi) return z;
  }
  return rng.range(lo, hi);
}
