// Successive halving after the first seed (Jamieson & Talwalkar 2016, one rung): every arm has run
// seed 1; an arm whose gain on that seed is below the median arm's gain and below zero stops there
// ('pruned'), the others get the remaining seeds, best first. The gain of an arm is measured
// against its own reference run on seed 1: the baseline's, or for a converging arm (arms.ts) the
// converge control's, so augmentation trained 40 epochs is not judged against 10 epochs of the
// baseline. Arms that are not prunable (the data-size curve) always survive and run first.
import type { Arm } from './arms.js';

export interface FirstSeed {
  /** Seed-1 metric per arm id (arms whose seed 1 failed or did not run are absent). */
  metrics: ReadonlyMap<string, number>;
  /** Seed-1 metric of the baseline and of the converge control (NaN: not run). */
  baseline: number;
  control: number;
  /** +1 when higher is better (accuracy), -1 for a loss. */
  sign: number;
}

export interface Halving {
  /** Gain over the arm's reference on seed 1 (sign-adjusted: > 0 is better), for the arms that have one. */
  gains: Map<string, number>;
  halved: Set<string>;
  /** The arms that get their remaining seeds: the unprunable ones, then the prunable ones best first. */
  survivors: Arm[];
}

export function halve(arms: readonly Arm[], first: FirstSeed): Halving {
  const gains = new Map<string, number>();
  for (const a of arms) {
    const m = first.metrics.get(a.id);
    const ref = a.converges ? first.control : first.baseline;
    if (m !== undefined && Number.isFinite(ref)) gains.set(a.id, first.sign * (m - ref));
  }
  const sorted = arms.filter((a) => a.prunable && gains.has(a.id)).map((a) => gains.get(a.id) as number).sort((x, y) => x - y);
  const median = sorted.length ? (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2 : 0;
  const halved = new Set(arms.filter((a) => a.prunable && gains.has(a.id) && (gains.get(a.id) as number) < median && (gains.get(a.id) as number) < 0).map((a) => a.id));
  const survivors = arms
    .filter((a) => gains.has(a.id) && !halved.has(a.id))
    .sort((a, b) => Number(a.prunable) - Number(b.prunable) || (gains.get(b.id) as number) - (gains.get(a.id) as number));
  return { gains, halved, survivors };
}
