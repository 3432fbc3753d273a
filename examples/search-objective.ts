// The objective module of examples/search-parallel.ts. Worker threads import it by path, so it is a
// module with a named export rather than a closure. Module-level setup (here a fixed data set) runs
// once per worker thread and is shared by that worker's trials.
import { Rng, TrialPruned, type TrialHandle } from '../src/index.js';

// A small least-squares problem: fit w (16 weights) to y = X w* with gradient descent.
const N = 2000;
const D = 16;
const rng = new Rng(3);
const X = Float64Array.from({ length: N * D }, () => rng.normal());
const wStar = Float64Array.from({ length: D }, () => rng.normal());
const Y = new Float64Array(N);
for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) Y[i] += X[i * D + j] * wStar[j];

/** Gradient descent with the given learning rate and momentum; reports the loss every 10 steps. */
export function descend(p: { lr: number; momentum: number; steps: number }, trial: TrialHandle): number {
  const w = new Float64Array(D);
  const v = new Float64Array(D);
  const g = new Float64Array(D);
  let loss = Infinity;
  for (let step = 0; step < p.steps; step++) {
    g.fill(0);
    loss = 0;
    for (let i = 0; i < N; i++) {
      let r = -Y[i];
      for (let j = 0; j < D; j++) r += X[i * D + j] * w[j];
      loss += (r * r) / N;
      for (let j = 0; j < D; j++) g[j] += (2 * r * X[i * D + j]) / N;
    }
    for (let j = 0; j < D; j++) {
      v[j] = p.momentum * v[j] - p.lr * g[j];
      w[j] += v[j];
    }
    if (!Number.isFinite(loss)) return loss; // diverged: a failed trial
    if (step % 10 === 9) {
      trial.report(loss, step + 1);
      if (trial.shouldPrune()) throw new TrialPruned();
    }
  }
  return loss;
}
