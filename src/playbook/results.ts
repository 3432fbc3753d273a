// The playbook's result: per arm the paired comparison with the baseline and its verdict, the
// data-size curve, mean learning curves, the final model; and its JSON form, whose `arms` and
// `final` entries have exactly the fields the CLI contract names (scripts depend on them). A
// converging arm (augmentation) is paired with the converge control instead of the baseline; the
// control's own comparison with the baseline (training longer with early stopping) is `control`.
import { strategyOf, type Arm, type SettingValue, type StrategyName } from './arms.js';
import type { Budget } from './budget.js';
import { configCode, type DataKind, type Head, type RunConfig } from './config.js';
import type { FinishedRun } from './phases.js';
import type { MetricName } from './run.js';
import { higherIsBetter } from './run.js';
import { pairedComparison, t975, verdictOf, type Verdict } from './stats.js';
import type { Task } from './task.js';

/**
 * One strategy setting compared with the baseline over the same seeds: means, their difference with its
 * 95% t interval, and the verdict.
 */
export interface ArmResult {
  strategy: StrategyName;
  setting: SettingValue;
  metric: MetricName;
  /** The mean of what the arm is paired with (the baseline, or the converge control: `against`) on the seeds this arm ran. */
  baseline: number;
  mean: number;
  meanDiff: number;
  ci: [number | null, number | null];
  verdict: Verdict;
  runs: number;
  /** What the arm is paired with: the baseline, or the baseline trained until it converges. */
  against: 'baseline' | 'control';
}

/** The id of the converge control's runs (journal, curves). */
export const CONTROL = 'baseline-converge';

/** The converge control: the baseline trained up to `config.epochs` epochs with early stopping, against the baseline. */
export interface ControlResult {
  config: RunConfig;
  metrics: number[];
  mean: number;
  /** Paired with the baseline by seed: the effect of training longer with early stopping alone. */
  meanDiff: number;
  ci: [number | null, number | null];
  /** Epochs the control's runs trained before early stopping ended them. */
  epochs: number[];
}

/**
 * Everything a playbook found: the task, the baseline, each arm with its verdict, the pruned arms, the
 * data-size curve, the search and the final test score.
 */
export interface PlaybookResult {
  metric: MetricName;
  task: { kind: DataKind; description: string; inputShape: number[]; head: Head; trainRows: number; validationRows: number; testRows: number };
  baseline: { config: RunConfig; metrics: number[]; mean: number };
  /** Present when a converging arm ran (see ControlResult). */
  control: ControlResult | null;
  arms: ArmResult[];
  /** Why each pruned arm was pruned. */
  pruned: { strategy: StrategyName; setting: SettingValue; reason: string }[];
  /** Data-size curve: mean metric (and 95% t interval of the mean) per training-set fraction. */
  dataSize: { fraction: number; samples: number; mean: number; ci: [number | null, number | null] }[];
  /** Mean validation curve per arm id ('baseline' included), for the report. */
  curves: Record<string, number[]>;
  /** Runs that threw (not counted in any arm). */
  failures: { arm: string; seed: number; error: string }[];
  search: { trials: number; pruned: number; strategies: string[]; best: RunConfig | null; bestMetric: number | null } | null;
  /** The shipped model (config: the refit's, trained on `samples` training + validation rows),
   *  its test metric, and the selection run that chose its epochs (valMetric, curve: its
   *  validation metric and curve on the training part alone; final.ts). */
  final: { config: RunConfig; testMetric: number; metric: MetricName; valMetric: number; curve: number[]; chosenBy: string; samples: number; selection: { cap: number; epochsRun: number; bestEpoch: number; samples: number } };
  /** pace: measured over planned run time (a wall-clock budget's re-estimate, plan.ts), over `runs` runs of this process. */
  budget: { given: Budget; runs: number; seconds: number; studyRows: number; pace: { factor: number; runs: number } | null };
}

interface AssembleInput {
  task: Task;
  metric: MetricName;
  base: RunConfig;
  control: RunConfig | null;
  arms: Arm[];
  runs: FinishedRun[];
  halved: Set<string>;
  k: number;
  rows: number;
}

function meanCurve(curves: number[][]): number[] {
  const n = Math.max(0, ...curves.map((c) => c.length));
  return Array.from({ length: n }, (_, i) => {
    const v = curves.map((c) => c[i]).filter((x) => Number.isFinite(x));
    return v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
  });
}

export function assemble(a: AssembleInput): Omit<PlaybookResult, 'search' | 'final' | 'budget'> {
  const byArm = new Map<string, Map<number, number>>();
  const epochsRun = new Map<string, number[]>();
  const curves = new Map<string, number[][]>();
  const failures: PlaybookResult['failures'] = [];
  for (const r of a.runs) {
    const { arm, seed } = r.params.run;
    if (!r.outcome) {
      if (r.status === 'fail') failures.push({ arm, seed, error: r.error ?? 'failed' });
      continue;
    }
    if (!byArm.has(arm)) byArm.set(arm, new Map());
    byArm.get(arm)!.set(seed, r.outcome.metric);
    epochsRun.set(arm, [...(epochsRun.get(arm) ?? []), r.outcome.epochs]);
    if (!curves.has(arm)) curves.set(arm, []);
    curves.get(arm)!.push(r.outcome.curve);
  }
  const base = byArm.get('baseline') ?? new Map<number, number>();
  const ctl = byArm.get(CONTROL) ?? new Map<number, number>();
  const up = higherIsBetter(a.metric);
  const baseMean = [...base.values()].reduce((s, x) => s + x, 0) / Math.max(1, base.size);
  const minEffect = a.metric === 'accuracy' ? 0.5 / a.task.val.x.shape[0] : 1e-3 * Math.abs(baseMean);
  const pruned: PlaybookResult['pruned'] = [];
  const arms: ArmResult[] = a.arms.map((arm) => {
    const runs = byArm.get(arm.id) ?? new Map<number, number>();
    const c = pairedComparison(runs, arm.converges ? ctl : base);
    let verdict: Verdict = verdictOf(c, up, minEffect);
    if (a.halved.has(arm.id)) {
      verdict = 'pruned';
      pruned.push({ strategy: arm.strategy, setting: arm.setting, reason: 'successive halving: after seed 1 below the median arm and below the baseline' });
    } else if (runs.size < Math.min(a.k, 2)) {
      verdict = 'pruned';
      pruned.push({ strategy: arm.strategy, setting: arm.setting, reason: `budget: ${runs.size} of ${a.k} seeds run` });
    } else if (c.n < Math.min(a.k, 2)) {
      verdict = 'pruned';
      pruned.push({ strategy: arm.strategy, setting: arm.setting, reason: `budget: ${c.n} of ${a.k} seeds paired with the converge control` });
    }
    const num = (v: number) => (Number.isFinite(v) ? v : NaN);
    return { strategy: arm.strategy, setting: arm.setting, metric: a.metric, baseline: num(c.baseline), mean: num(c.mean), meanDiff: num(c.meanDiff), ci: c.ci, verdict, runs: runs.size, against: arm.converges ? 'control' : 'baseline' };
  });
  const vs = pairedComparison(ctl, base);
  const control: ControlResult | null = a.control && ctl.size
    ? { config: a.control, metrics: [...ctl.values()], mean: vs.mean, meanDiff: vs.meanDiff, ci: vs.ci, epochs: epochsRun.get(CONTROL) ?? [] }
    : null;
  const ofMean = (xs: number[]): [number | null, number | null] => {
    if (xs.length < 2) return [null, null];
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
    const h = (t975(xs.length - 1) * sd) / Math.sqrt(xs.length);
    return [m - h, m + h];
  };
  const point = (fraction: number, vals: number[]) => ({
    fraction, samples: Math.max(1, Math.floor(Math.min(a.rows, a.task.train.x.shape[0]) * fraction)),
    mean: vals.reduce((s, x) => s + x, 0) / Math.max(1, vals.length), ci: ofMean(vals),
  });
  const dataSize = a.arms.filter((x) => x.strategy === 'dataSize' && byArm.has(x.id)).map((x) => point(x.setting as number, [...(byArm.get(x.id) as Map<number, number>).values()]));
  // The 100% point is the reference the points were trained like: the converge control when they
  // converge (arms.ts), else the baseline.
  const fullSize = a.arms.some((x) => x.strategy === 'dataSize' && x.converges) ? ctl : base;
  if (dataSize.length) dataSize.push(point(1, [...fullSize.values()]));
  const baseVals = [...base.values()];
  return {
    metric: a.metric,
    task: { kind: a.task.kind, description: a.task.description, inputShape: a.task.inputShape, head: a.task.head, trainRows: a.task.train.x.shape[0], validationRows: a.task.val.x.shape[0], testRows: a.task.test?.x.shape[0] ?? 0 },
    baseline: { config: a.base, metrics: baseVals, mean: baseVals.reduce((s, x) => s + x, 0) / Math.max(1, baseVals.length) },
    control, arms, pruned, dataSize, failures,
    curves: Object.fromEntries([...curves].map(([k, v]) => [k, meanCurve(v)])),
  };
}

/**
 * What the search covers: every combinable arm with a positive mean that was not pruned (`helps` or
 * 'no clear effect'), starting from `start`, the helping ones (or, if none helped, all of them).
 * Why not the helping ones alone: with the default 3 seeds a real gain of under a point is 'no
 * clear effect' (t(0.975, 2) = 4.30), and the search, which can turn each strategy off, is where
 * it may still enter the final model. The MNIST --budget 30m study of 2026-12-04 s26 searched
 * augmentation alone (+2.6 [+1.4, +3.7] helps) while the four schedules read +0.7 to +1.0 points
 * [-1.3, +2.9], and its final model (augmentation, constant rate) read 98.54%.
 */
export function searchArms(arms: ArmResult[], sign: number): { helped: ArmResult[]; searched: ArmResult[]; start: ArmResult[] } {
  const combinable = (a: ArmResult) => strategyOf(a.strategy).combinable;
  const helped = arms.filter((a) => a.verdict === 'helps' && combinable(a));
  const searched = arms.filter((a) => a.verdict !== 'pruned' && sign * a.meanDiff > 0 && combinable(a));
  return { helped, searched, start: helped.length ? helped : searched };
}

/** The JSON document of the CLI contract: `arms` and `final` exactly as specified, then the rest. */
export function playbookJson(r: PlaybookResult): Record<string, unknown> {
  const clean = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);
  return {
    arms: r.arms.map((a) => ({ strategy: a.strategy, setting: a.setting, metric: a.metric, baseline: clean(a.baseline), mean: clean(a.mean), meanDiff: clean(a.meanDiff), ci: [clean(a.ci[0]), clean(a.ci[1])], verdict: a.verdict, runs: a.runs })),
    final: { config: r.final.config, testMetric: r.final.testMetric, metric: r.final.metric },
    task: r.task,
    baseline: r.baseline,
    control: r.control && { ...r.control, mean: clean(r.control.mean), meanDiff: clean(r.control.meanDiff), ci: [clean(r.control.ci[0]), clean(r.control.ci[1])] },
    pairedWithControl: r.arms.filter((a) => a.against === 'control').map((a) => `${a.strategy}=${a.setting}`),
    pruned: r.pruned,
    dataSize: r.dataSize,
    failures: r.failures,
    search: r.search,
    finalDetails: { valMetric: r.final.valMetric, chosenBy: r.final.chosenBy, samples: r.final.samples, selection: r.final.selection, curve: r.final.curve, code: configCode(r.final.config, r.task.kind, r.task.inputShape, r.task.head) },
    budget: r.budget,
  };
}
