// What an objective receives and may return. `fn(params, trial)` gets the plain configuration and a
// trial handle (report intermediate values, ask whether to prune); it returns (or resolves to) a
// loss, or hyperopt's `{ loss, status, ...extra }`. A throw, a non-finite loss or status 'fail'
// records a failed trial; the search goes on (hyperopt's catch_eval_exceptions, always on).
// `throw new TrialPruned()` (Optuna's TrialPruned) ends the trial as 'pruned'.
import { SimdnetError } from '../errors.js';
import type { TrialStatus } from './trial.js';
import type { Trials } from './trials.js';

/** hyperopt's STATUS_OK / STATUS_FAIL (hyperopt/base.py): the `status` an objective returns. */
export const STATUS_OK = 'ok' as const;
/**
 * hyperopt's STATUS_FAIL: an objective returning `{ status: STATUS_FAIL }` records a failed trial, and the
 * search goes on.
 */
export const STATUS_FAIL = 'fail' as const;

/** The handle an objective gets for its trial. */
export interface TrialHandle {
  readonly tid: number;
  /**
   * This trial's seed, derived from fmin's `seed` and the tid (cv-seeds.ts): pass it to the model
   * and fit (`sequential({ seed: trial.seed })`, `fit(x, y, { seed: trial.seed })`) or to a
   * cross-validated search (`gridSearch({ ..., seed: trial.seed })`) to make the search repeatable.
   */
  readonly seed: number;
  /** Reports an intermediate value (lower is better) at `step` (an epoch, an iteration count...). */
  report(value: number, step: number): void;
  /** True when the pruner judges the reported values hopeless: stop and `throw new TrialPruned()`. */
  shouldPrune(): boolean;
}

/**
 * What an objective returns: a loss, or hyperopt's `{ loss, status, ...extra }` (extra entries are kept
 * with the trial).
 */
export type ObjectiveResult = number | { loss?: number; status?: typeof STATUS_OK | typeof STATUS_FAIL; [extra: string]: unknown };
/**
 * The function a search minimises: gets a sampled configuration and a trial handle (report intermediate
 * values, ask whether to prune), returns a loss; a throw or a non-finite loss records a failed trial.
 */
export type Objective<P = any> = (params: P, trial: TrialHandle) => ObjectiveResult | Promise<ObjectiveResult>;

/** Thrown by an objective to end its trial as pruned. */
export class TrialPruned extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}

export interface Outcome {
  status: Exclude<TrialStatus, 'running'>;
  loss: number | null;
  result: Record<string, unknown>;
  error: string | null;
  /** A status that is neither STATUS_OK nor STATUS_FAIL: the objective is wrong, fmin stops. */
  invalidStatus?: unknown;
}

/**
 * No trial of the search succeeded (hyperopt's Trials.best_trial raises AllTrialsFailed): every one
 * failed or was pruned. `trials` holds them, errors included.
 */
export class AllTrialsFailedError extends SimdnetError {
  readonly trials: Trials;
  constructor(trials: Trials) {
    const counts = new Map<string, number>();
    for (const t of trials.trials) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
    const first = trials.trials.find((t) => t.error !== null)?.error;
    const tally = [...counts].map(([status, c]) => `${c} ${status}`).join(', ');
    super('ERR_EXTERNAL', 'fmin', `all ${trials.trials.length} trials failed (${tally}), no configuration to return${first ? `; first error: ${first}` : ''}`);
    this.trials = trials;
  }
}

/** Converts what the objective returned into an outcome. */
export function toOutcome(value: unknown): Outcome {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { status: 'ok', loss: value, result: {}, error: null } : fail(`non-finite loss ${value}`);
  }
  if (value === null || typeof value !== 'object') return fail(`the objective returned ${typeof value}, expected a number or { loss, status }`);
  const { loss, status = 'ok', ...extra } = value as { loss?: unknown; status?: unknown; [k: string]: unknown };
  if (status === 'fail') return { status: 'fail', loss: null, result: extra, error: typeof extra.error === 'string' ? extra.error : 'status fail' };
  // hyperopt raises InvalidResultStatus for a status outside its STATUS_STRINGS (hyperopt/base.py,
  // Domain.evaluate): a misspelt status would otherwise fail every trial quietly.
  if (status !== 'ok') return { ...fail(`unknown status ${JSON.stringify(status)}`), result: extra, invalidStatus: status };
  if (typeof loss !== 'number' || !Number.isFinite(loss)) return { ...fail(`status 'ok' needs a finite loss, got ${String(loss)}`), result: extra };
  return { status: 'ok', loss, result: extra, error: null };
}

/** The outcome of an objective that threw. */
export function fromThrown(err: unknown, lastValue: number | null): Outcome {
  if (err instanceof TrialPruned || (err as { name?: unknown } | null)?.name === 'TrialPruned') {
    return { status: 'pruned', loss: lastValue, result: {}, error: null };
  }
  return fail(err instanceof Error ? err.message : String(err));
}

function fail(error: string): Outcome {
  return { status: 'fail', loss: null, result: {}, error };
}
