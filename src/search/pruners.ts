// Pruners with Optuna's semantics (optuna.pruners): decisions are derived from the trials'
// reported intermediate values alone, so they are the same after a resume. Values are losses
// (lower is better); report the negative of a metric to maximise.
import { ValidationError } from '../errors.js';
import { checkInt, checkKeys, checkNumber } from '../validate.js';
import type { Pruner } from './pruner.js';
import { valueAt, type TrialRecord } from './trial.js';
import type { Trials } from './trials.js';

/** Options of `medianPruner` (Optuna's MedianPruner names, camelCase, and defaults). */
export interface MedianPrunerOptions {
  /** No pruning until this many trials have finished 'ok' (Optuna: 5). */
  nStartupTrials?: number;
  /** No pruning of a trial before this step (Optuna: 0). */
  nWarmupSteps?: number;
  /** Only steps warmup + k * intervalSteps are judged (Optuna: 1). */
  intervalSteps?: number;
  /** At least this many finished trials must have reported at the step (Optuna: 1). */
  nMinTrials?: number;
}

/**
 * Prunes a trial whose best value so far is worse than the median of the finished trials' values
 * at the same step (Optuna's MedianPruner, a PercentilePruner at 50).
 */
export function medianPruner(options: MedianPrunerOptions = {}): Pruner {
  const fn = 'medianPruner';
  checkKeys(fn, options, ['nStartupTrials', 'nWarmupSteps', 'intervalSteps', 'nMinTrials']);
  const nStartup = checkInt(fn, 'nStartupTrials', options.nStartupTrials ?? 5, 0);
  const warmup = checkInt(fn, 'nWarmupSteps', options.nWarmupSteps ?? 0, 0);
  const interval = checkInt(fn, 'intervalSteps', options.intervalSteps ?? 1, 1);
  const nMin = checkInt(fn, 'nMinTrials', options.nMinTrials ?? 1, 1);
  return {
    prune(trial, trials) {
      const last = trial.intermediate[trial.intermediate.length - 1];
      if (!last) return false;
      const step = last[0];
      if (step < warmup || (step - warmup) % interval !== 0) return false;
      const done = trials.trials.filter((t) => t.status === 'ok');
      if (done.length < nStartup) return false;
      let best = Infinity;
      for (const [, v] of trial.intermediate) {
        if (Number.isNaN(v)) return true;
        best = Math.min(best, v);
      }
      const others: number[] = [];
      for (const t of done) {
        const v = valueAt(t, step);
        if (v !== undefined && !Number.isNaN(v)) others.push(v);
      }
      if (others.length < nMin) return false;
      return best > percentile(others, 50);
    },
  };
}

/** numpy's percentile with linear interpolation. */
export function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = ((s.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Options of `successiveHalvingPruner` (Optuna's SuccessiveHalvingPruner names, camelCase, and defaults). */
export interface SuccessiveHalvingOptions {
  /** Steps before the first rung (Optuna's min_resource; Optuna's 'auto' is not offered). Default 1. */
  minResource?: number;
  /** Keep the best 1/reductionFactor at each rung (Optuna: 4). */
  reductionFactor?: number;
  /** Rung k sits at step minResource * reductionFactor^(minEarlyStoppingRate + k) (Optuna: 0). */
  minEarlyStoppingRate?: number;
}

interface Sh {
  minResource: number;
  reductionFactor: number;
  minEarlyStoppingRate: number;
}

function shOptions(fn: string, o: SuccessiveHalvingOptions, defaultRf: number): Sh {
  return {
    minResource: checkInt(fn, 'minResource', o.minResource ?? 1, 1),
    reductionFactor: checkNumber(fn, 'reductionFactor', o.reductionFactor ?? defaultRf, 2),
    minEarlyStoppingRate: checkInt(fn, 'minEarlyStoppingRate', o.minEarlyStoppingRate ?? 0, 0),
  };
}

/** A trial's value at a rung: its first report at or after the rung's step. */
function rungValue(t: TrialRecord, rungStep: number): number | undefined {
  for (const [step, v] of t.intermediate) if (step >= rungStep) return v;
  return undefined;
}

/**
 * Asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel Hyperparameter
 * Tuning"; Optuna's SuccessiveHalvingPruner): at each rung the trial must rank in the top
 * 1/reductionFactor of every trial that reached that rung (the first one to arrive always goes on).
 */
function shPrune(trial: TrialRecord, trials: Trials, o: Sh, peer: (t: TrialRecord) => boolean): boolean {
  const last = trial.intermediate[trial.intermediate.length - 1];
  if (!last) return false;
  const peers = trials.trials.filter((t) => t !== trial && peer(t));
  for (let rung = 0; ; rung++) {
    const rungStep = o.minResource * o.reductionFactor ** (o.minEarlyStoppingRate + rung);
    if (last[0] < rungStep) return false;
    const value = rungValue(trial, rungStep) as number;
    if (Number.isNaN(value)) return true;
    const competing = [value];
    for (const t of peers) {
      const v = rungValue(t, rungStep);
      if (v !== undefined && !Number.isNaN(v)) competing.push(v);
    }
    competing.sort((a, b) => a - b);
    const idx = Math.max(0, Math.floor(competing.length / o.reductionFactor) - 1);
    if (value > competing[idx]) return true;
  }
}

/**
 * Optuna's SuccessiveHalvingPruner (asynchronous successive halving): at each rung a trial goes on only if
 * its value is among the best 1/reductionFactor of the trials that reached that rung.
 */
export function successiveHalvingPruner(options: SuccessiveHalvingOptions = {}): Pruner {
  checkKeys('successiveHalvingPruner', options, ['minResource', 'reductionFactor', 'minEarlyStoppingRate']);
  const o = shOptions('successiveHalvingPruner', options, 4);
  return { prune: (trial, trials) => shPrune(trial, trials, o, () => true) };
}

/** Options of `hyperbandPruner` (Optuna's HyperbandPruner names, camelCase, and defaults). */
export interface HyperbandOptions {
  /** Steps before the first rung of the most aggressive bracket (Optuna: 1). */
  minResource?: number;
  /** The most steps a trial runs (the epochs of a training run). Required: Optuna's 'auto' is not offered. */
  maxResource: number;
  /** Optuna: 3. */
  reductionFactor?: number;
}

/**
 * Hyperband (Li et al. 2018) as Optuna's HyperbandPruner: floor(log_rf(max/min)) + 1 brackets of
 * successive halving, bracket b starting at early-stopping rate b; trials are spread over brackets
 * in proportion to ceil(n * rf^s / (s + 1)), s = n - 1 - b, by a hash of their tid, and each
 * competes only within its bracket.
 */
export function hyperbandPruner(options: HyperbandOptions): Pruner {
  const fn = 'hyperbandPruner';
  if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object with maxResource', options);
  checkKeys(fn, options, ['minResource', 'maxResource', 'reductionFactor']);
  const sh = shOptions(fn, options, 3);
  const maxResource = checkInt(fn, 'maxResource', options.maxResource, sh.minResource);
  const n = Math.floor(Math.log(maxResource / sh.minResource) / Math.log(sh.reductionFactor) + 1e-9) + 1;
  const budgets = Array.from({ length: n }, (_, b) => Math.ceil((n * sh.reductionFactor ** (n - 1 - b)) / (n - b)));
  const total = budgets.reduce((a, b) => a + b, 0);
  const bracketOf = (tid: number) => {
    let h = Math.imul(tid ^ 0x5bd1e995, 0x9e3779b1);
    h = (h ^ (h >>> 15)) >>> 0;
    let r = h % total;
    for (let b = 0; b < n; b++) if ((r -= budgets[b]) < 0) return b;
    return n - 1;
  };
  return {
    prune(trial, trials) {
      const b = bracketOf(trial.tid);
      return shPrune(trial, trials, { ...sh, minEarlyStoppingRate: b }, (t) => bracketOf(t.tid) === b);
    },
  };
}
