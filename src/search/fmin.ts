// fmin: minimise an objective over a search space (hyperopt's fmin, with Optuna's pruning and a
// worker-thread pool for parallel trials). Each trial's random stream is seeded from (seed, tid), so
// a search is reproducible, and a search resumed from its journal proposes exactly the points an
// uninterrupted one would have (sequential case).
import { SimdnetError, ValidationError } from '../errors.js';
import { Rng, randomSeed } from '../rng.js';
import { checkInt, checkKeys, checkNumber } from '../validate.js';
import type { Algorithm, SuggestFunction } from './algorithm.js';
import { anneal } from './anneal.js';
import { compileSpace, pointToVals, type Vals } from './compile.js';
import { localExecutor, type Executor } from './executor.js';
import { grid } from './grid.js';
import { AllTrialsFailedError, type Objective, type TrialHandle } from './objective.js';
import type { Pruner } from './pruner.js';
import { random } from './random.js';
import { tpe } from './tpe.js';
import { isShared } from './storage.js';
import type { TrialRecord } from './trial.js';
import { Trials } from './trials.js';
import { workerExecutor, type WorkerObjective } from './worker-pool.js';
import { trialSeed } from './trial-seed.js';
import { objectiveSeed } from './cv-seeds.js';

export { trialSeed };

/** `P`: the configuration type the objective receives (what the space produces). */
export interface FminOptions<P = any> {
  /** The objective: a function, or `{ module, export }` naming one that worker threads can import. */
  fn: Objective<P> | WorkerObjective;
  space: unknown;
  /**
   * 'tpe' (default), 'random', 'anneal', 'grid' (finite spaces), an algorithm object such as
   * tpe({...}), or hyperopt's spelling tpe.suggest / rand.suggest / anneal.suggest.
   */
  algo?: 'tpe' | 'random' | 'anneal' | 'grid' | Algorithm | SuggestFunction;
  /**
   * Stop when this many trials have finished in `trials` (counting earlier runs, as hyperopt). With a
   * shared storage: when the study holds this many trials (a dead worker's retried trial not counted).
   */
  maxEvals: number;
  /**
   * The history to extend; `new Trials(new JournalStorage(path))` to persist and resume, or
   * `new Trials(new PostgresStorage(url, { study }))` to share a study between workers on many machines.
   */
  trials?: Trials;
  /** Seed for every random choice (default: from the clock). */
  seed?: number;
  /** Called after every finished trial; return true to stop the search. */
  earlyStopFn?: (trials: Trials) => boolean;
  /** Configurations to try first, as label -> value (choices by option value or `{ index }`). */
  pointsToEvaluate?: Record<string, unknown>[];
  /** Start no new trial after this many seconds (default: no limit). */
  timeout?: number;
  /** Decides from intermediate reports which trials to stop early (default: none). */
  pruner?: Pruner;
  /** Trials run at once (default 1). With `fn` as `{ module, export }` each runs in a worker thread. */
  parallelism?: number;
  /** Progress hook, called after each finished trial. */
  onTrial?: (trial: TrialRecord, trials: Trials) => void;
}

/**
 * When no trial succeeded fmin throws AllTrialsFailedError (hyperopt: AllTrialsFailed), so a result
 * always has a best trial.
 */
export interface FminResult<P = any> {
  /** The best configuration, as plain values. */
  best: P;
  /** The best trial's vals (hyperopt's argmin: a choice by option index); spaceEval(space, argmin) is `best`. */
  argmin: Vals;
  bestLoss: number;
  bestTrial: TrialRecord;
  trials: Trials;
}

const KEYS = ['fn', 'space', 'algo', 'maxEvals', 'trials', 'seed', 'earlyStopFn', 'pointsToEvaluate', 'timeout', 'pruner', 'parallelism', 'onTrial'];

function resolveAlgo(algo: FminOptions['algo']): Algorithm {
  if (algo === undefined || algo === 'tpe') return tpe();
  if (algo === 'random') return random();
  if (algo === 'anneal') return anneal();
  if (algo === 'grid') return grid();
  if (typeof algo === 'object' && algo !== null && typeof algo.suggest === 'function') return algo;
  const owner = typeof algo === 'function' ? (algo as Partial<SuggestFunction>).algorithm : undefined;
  if (owner && typeof owner.suggest === 'function') return owner;
  throw new ValidationError('fmin', 'algo', "'tpe', 'random', 'anneal', 'grid', tpe.suggest, rand.suggest, anneal.suggest or an algorithm object", algo);
}

/**
 * Minimises an objective over a search space (hyperopt's fmin, with Optuna's pruning and worker threads
 * for parallel trials): reproducible from its seed, and resumable from its journal with the same points an
 * uninterrupted search would propose.
 */
export async function fmin<P = any>(options: FminOptions<P>): Promise<FminResult<P>> {
  const fn = 'fmin';
  if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options);
  checkKeys(fn, options, KEYS);
  const maxEvals = checkInt(fn, 'maxEvals', options.maxEvals, 0);
  const parallelism = checkInt(fn, 'parallelism', options.parallelism ?? 1, 1, 1024);
  const seed = options.seed === undefined ? randomSeed() : checkInt(fn, 'seed', options.seed, 0, 0xffffffff);
  const timeout = options.timeout === undefined ? Infinity : checkNumber(fn, 'timeout', options.timeout, 0);
  const cs = compileSpace(options.space, fn);
  const algo = resolveAlgo(options.algo);
  const points: Vals[] = (options.pointsToEvaluate ?? []).map((p, i) => pointToVals(cs, p, fn, `pointsToEvaluate[${i}]`));
  const trials = options.trials ?? new Trials();
  if (!(trials instanceof Trials)) throw new ValidationError(fn, 'trials', 'a Trials object', trials, 'ERR_INVALID_TYPE');
  const executor = await makeExecutor(options.fn, parallelism);
  const pruner = options.pruner;
  const limit = Math.min(maxEvals, algo.capacity?.(cs) ?? Infinity);
  // A shared storage (PostgreSQL) hands out trial numbers to every worker of the study; maxEvals
  // then counts the whole study's trials, as hyperopt's max_evals does with MongoTrials.
  const shared = isShared(trials.storage) ? trials.storage : null;

  const started = Date.now();
  const running = new Set<number>();
  let cursor = 0; // every tid below the cursor is taken
  let stop = false;
  let invalid: ValidationError | null = null;
  const nextTid = () => {
    while (trials.get(cursor) || running.has(cursor)) cursor++;
    return cursor;
  };

  const runOne = async (tid: number, given: Vals | null) => {
    const vals = given ?? (tid < points.length ? points[tid] : algo.suggest({ cs, history: trials.trials, tid, rng: new Rng(trialSeed(seed, tid)) }));
    trials.record({ op: 'start', tid, vals, time: Date.now() });
    const record = trials.get(tid) as TrialRecord;
    const lastValue = () => record.intermediate[record.intermediate.length - 1]?.[1] ?? null;
    const handle: TrialHandle = {
      tid,
      seed: objectiveSeed(seed, tid),
      report(value: number, step: number) {
        checkNumber('trial.report', 'value', value);
        checkInt('trial.report', 'step', step, 0);
        trials.record({ op: 'report', tid, step, value });
        // Other workers' reports reach the pruner through a sync at most every pollInterval.
        if (shared) trials.syncSoon(shared.pollInterval);
      },
      shouldPrune: () => (pruner ? pruner.prune(record, trials) : false),
    };
    const outcome = await executor.run(record.params, handle, lastValue);
    const { invalidStatus, ...finish } = outcome;
    trials.record({ op: 'finish', tid, ...finish, time: Date.now() });
    await trials.flush();
    if (invalidStatus !== undefined) {
      // hyperopt's Domain.evaluate raises InvalidResultStatus: the objective is wrong, not the trial.
      invalid ??= new ValidationError(fn, 'status', `STATUS_OK ('ok') or STATUS_FAIL ('fail') in the objective's result (trial ${tid})`, invalidStatus);
      stop = true;
    }
    return record;
  };

  /** The next trial to run: from the shared storage's claim, or the lowest free tid locally. */
  const next = async (): Promise<{ tid: number; vals: Vals | null } | 'done'> => {
    // Marks the trial running before returning it.
    if (!shared) {
      if (trials.finished + running.size >= limit) return 'done';
      const tid = nextTid();
      running.add(tid); // in the same tick as nextTid, so no other slot takes this tid
      return { tid, vals: null };
    }
    for (;;) {
      await trials.sync(); // before suggesting: other workers' results and pending points
      const claim = await shared.claim(limit);
      if (claim === 'done') {
        await trials.sync(); // the last trials other workers finished since the sync above
        return claim;
      }
      if (claim !== 'wait') {
        running.add(claim.tid);
        return claim;
      }
      await new Promise((r) => setTimeout(r, shared.pollInterval));
    }
  };

  const slot = async () => {
    while (!stop) {
      if ((Date.now() - started) / 1000 >= timeout) {
        stop = true;
        break;
      }
      const claim = await next();
      if (claim === 'done') break;
      let record: TrialRecord;
      try {
        record = await runOne(claim.tid, claim.vals);
      } finally {
        running.delete(claim.tid);
      }
      options.onTrial?.(record, trials);
      if (options.earlyStopFn?.(trials)) stop = true;
    }
  };

  try {
    await trials.open(cs);
    // hyperopt's fmin raises "There are no evaluation tasks, cannot return argmin of task losses."
    // when max_evals leaves it with no trial at all (hyperopt/fmin.py); resuming with 0 more is fine.
    if (maxEvals === 0 && trials.trials.length === 0) throw new ValidationError(fn, 'maxEvals', 'at least 1 when there are no earlier trials (hyperopt: "There are no evaluation tasks")', 0);
    await Promise.all(Array.from({ length: executor.slots }, slot));
  } finally {
    await executor.close();
    await trials.close();
  }
  if (invalid) throw invalid;
  const bestTrial = trials.best;
  if (trials.trials.length === 0) throw new SimdnetError('ERR_STATE', fn, `no trial ran (timeout ${timeout} s); hyperopt: "There are no evaluation tasks"`);
  if (!bestTrial) throw new AllTrialsFailedError(trials);
  return { best: bestTrial.params as P, argmin: { ...bestTrial.vals }, bestLoss: bestTrial.loss as number, bestTrial, trials };
}

function makeExecutor<P>(f: FminOptions<P>['fn'], parallelism: number): Executor | Promise<Executor> {
  if (typeof f === 'function') return localExecutor(f as Objective, parallelism);
  if (f !== null && typeof f === 'object' && typeof (f as WorkerObjective).module === 'string') return workerExecutor(f as WorkerObjective, parallelism);
  throw new ValidationError('fmin', 'fn', 'a function or { module, export } naming an objective', f, 'ERR_INVALID_TYPE');
}
