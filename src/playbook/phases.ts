// A playbook phase is one fmin over a fixed list of runs (or, for the search, a TPE space), so it
// inherits fmin's machinery: the journal (a rerun of the same command skips finished runs and
// re-runs the one a crash interrupted under the same trial number), worker threads
// (parallelism > 1), and shared studies (PostgreSQL: every worker claims trial numbers; trial t of
// a list phase is run t of the list, so two workers never run the same run).
import { SimdnetError } from '../errors.js';
import { fmin } from '../search/fmin.js';
import type { Algorithm } from '../search/algorithm.js';
import type { Pruner } from '../search/pruner.js';
import { medianPruner } from '../search/pruners.js';
import { hp } from '../search/space.js';
import type { TrialStorage } from '../search/storage.js';
import type { TrialRecord } from '../search/trial.js';
import { Trials } from '../search/trials.js';
import { objective, type RunParams } from './objective.js';
import type { RunOutcome } from './run.js';

export interface PhaseOptions {
  name: string;
  storage: TrialStorage | undefined;
  maxEvals: number;
  /** Seconds after which no new run starts. */
  timeout: number;
  parallelism: number;
  /** Worker threads can rebuild the task (a named source). */
  workers: boolean;
  seed: number;
  pruner?: Pruner;
  /** Asked after each run with the phase's finished count (journaled ones included): true stops the phase. */
  stopWhen?: (finished: number) => boolean;
  onRun?: (t: TrialRecord) => void;
}

export interface FinishedRun {
  params: RunParams;
  status: 'ok' | 'fail' | 'pruned';
  outcome: RunOutcome | null;
  error: string | null;
}

/** Trial t is option t: the list in order, one run per trial number. */
const listAlgo = (label: string, n: number): Algorithm => ({
  name: 'list',
  capacity: () => n,
  suggest: (ctx) => ({ [label]: ctx.tid }),
});

function finished(trials: Trials): FinishedRun[] {
  return trials.trials
    .filter((t) => t.status !== 'running')
    .map((t) => ({
      params: (t.params as { run: RunParams }).run,
      status: t.status as FinishedRun['status'],
      outcome: t.status === 'ok' ? (t.result as unknown as RunOutcome) : null,
      error: t.error,
    }));
}

async function run(space: unknown, algo: Algorithm, o: PhaseOptions, points?: Record<string, unknown>[]): Promise<FinishedRun[]> {
  if (o.maxEvals <= 0 && !o.storage) return [];
  const trials = new Trials(o.storage);
  const moduleRef = { module: new URL('./objective.js', import.meta.url).href, export: 'objective' };
  let result;
  try {
    result = await fmin({
      fn: o.parallelism > 1 && o.workers ? moduleRef : objective,
      space, algo, trials, seed: o.seed, pruner: o.pruner, pointsToEvaluate: points,
      maxEvals: Math.max(0, o.maxEvals), timeout: Number.isFinite(o.timeout) ? o.timeout : undefined, parallelism: o.workers ? o.parallelism : 1,
      onTrial: (t) => o.onRun?.(t),
      earlyStopFn: o.stopWhen ? (trials) => (o.stopWhen as (n: number) => boolean)(trials.finished) : undefined,
    });
  } catch (e) {
    // A wall-clock budget spent before this phase could start a run: fmin has nothing to return
    // ("no trial ran"), which is not a failure of the study. The phase contributes no runs; the
    // arms it would have given more seeds are reported 'pruned' (reason: budget) by results.ts.
    if (e instanceof SimdnetError && e.code === 'ERR_STATE' && Number.isFinite(o.timeout) && trials.trials.length === 0) return [];
    throw e;
  }
  return finished(result.trials);
}

/** Runs the listed runs in order (at most maxEvals of them, counting those already journaled). */
export function runList(list: RunParams[], o: PhaseOptions): Promise<FinishedRun[]> {
  if (list.length === 0) return Promise.resolve([]);
  return run({ run: hp.choice(o.name, list) }, listAlgo(o.name, list.length), { ...o, maxEvals: Math.min(o.maxEvals, list.length) });
}

/**
 * The search's pruner: the median pruner (Optuna's MedianPruner: stop a trial whose value at an
 * epoch is below the median of the earlier trials at that epoch), except when the search trains
 * until convergence (augmentation is among its strategies): augmented trials start slower and sit
 * below the non-augmented ones' median at early epochs, the very reason they train to convergence.
 * The MNIST --budget 30m study of 2026-12-04 s26 pruned all 7 augmented trials with a schedule.
 */
export function searchPruner(converging: boolean): Pruner | undefined {
  return converging ? undefined : medianPruner({ nStartupTrials: 3, nWarmupSteps: 1 });
}

/** TPE over `space` (a RunParams-shaped tree with hp expressions), starting from `points`; with
 *  `exhaustive`, every point of the (finite) space once instead, `points` first (grid skips them). */
export async function runSearch(space: unknown, points: Record<string, unknown>[], o: PhaseOptions, exhaustive = false): Promise<FinishedRun[]> {
  if (exhaustive) {
    const { grid } = await import('../search/grid.js');
    return run({ run: space }, grid(), o, points);
  }
  const { tpe } = await import('../search/tpe.js');
  return run({ run: space }, tpe({ nStartupJobs: Math.min(5, Math.max(1, o.maxEvals - 1)) }), o, points);
}
