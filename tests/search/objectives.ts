// Objectives loaded by worker threads in the parallel tests and the search bench (fmin's
// `fn: { module, export }`). CPU-bound on purpose: a busy loop, so threads are what speeds them up.
import { TrialPruned, type TrialHandle } from '../../src/search/objective.js';

/** Burns about `iters` multiply-adds; returns a value the optimiser cannot skip. */
export function burn(iters: number): number {
  let s = 0;
  for (let i = 0; i < iters; i++) s = (s * 1.0000001 + i) % 1e9;
  return s;
}

/** (x - 3)^2 after a fixed amount of CPU work (params.work iterations, default 2e6). */
export function busyQuadratic(p: { x: number; work?: number }): { loss: number; burned: number } {
  const burned = burn(p.work ?? 2e6);
  return { loss: (p.x - 3) ** 2, burned };
}

/** Reports a learning curve x * (1 + 3 / (step + 1)) over 20 steps, pruning when told. */
export function curve(p: { x: number }, trial: TrialHandle): number {
  let v = 0;
  for (let step = 0; step < 20; step++) {
    v = p.x * (1 + 3 / (step + 1));
    trial.report(v, step);
    if (trial.shouldPrune()) throw new TrialPruned();
  }
  return v;
}

/** Kills its worker thread for x < 0.2, throws for x > 0.7, else returns x. */
export function crashy(p: { x: number }): number {
  if (p.x < 0.2) process.exit(3);
  if (p.x > 0.7) throw new Error('objective threw');
  return p.x;
}

/** Returns x with the trial's seed (fmin's trial.seed, seeded searches: issue 18 item 8). */
export function seeded(p: { x: number }, trial: TrialHandle): { loss: number; trialSeed: number } {
  return { loss: p.x, trialSeed: trial.seed };
}
