// playbook({ data, budget, ... }): a controlled, budgeted ablation study on the user's data. The
// base model with Keras defaults is trained on k seeds (the baseline); every arm changes one thing
// (arms.ts) and is trained on the same seeds and the same split; losing arms are stopped after
// their first seed (successive halving, halving.ts) and reported as 'pruned'. Arms that change the
// data (augmentation) train until they converge, with early stopping on the validation part, and
// are paired with the converge control: the baseline trained the same way on the same seeds; TPE then searches over the strategies that helped with what is left of the budget;
// the best configuration found is trained until it converges (its epochs chosen on the validation
// part), refitted on the training and validation parts together and evaluated, once, on the test
// part (final.ts). Each phase is an fmin (phases.ts): journaled, resumable, parallel.
// Base models: models.ts (the CNN for images, an MLP otherwise); statistics: stats.ts; budget and
// its re-estimation from measured run times: plan.ts; result and JSON: results.ts; HTML: report.ts.
import { ready } from '../../bindings/loader.js';
import { SimdnetError, ValidationError } from '../errors.js';
import { hp } from '../search/space.js';
import type { TrialStorage } from '../search/storage.js';
import { JournalStorage } from '../search/journal.js';
import { checkInt, checkKeys, checkNumber } from '../validate.js';
import { applySetting, makeArms, strategyOf, type Arm, type StrategySelection } from './arms.js';
import { BudgetError, parseBudget, type Budget } from './budget.js';
import { baselineConfig, converged, CONVERGE_FACTOR, type RunConfig } from './config.js';
import { halve } from './halving.js';
import { resolveModel, type ModelChoice } from './models.js';
import { registerTask, type RunParams, type TaskRef } from './objective.js';
import { runList, runSearch, searchPruner, type FinishedRun } from './phases.js';
import { calibrate, Pace, runSeconds, studyRows } from './plan.js';
import { bestEpoch, finalSeconds, refitSpec, selectSpec } from './final.js';
import { higherIsBetter, type MetricName, type RunOutcome, type RunSpec } from './run.js';
import { assemble, CONTROL, searchArms, type PlaybookResult } from './results.js';
import { loadSource, type SourceSpec } from './sources.js';
import { prepareTask, type PlaybookData, type SplitOptions, type Task } from './task.js';

/**
 * Options of `playbook`: the data (or a named source or file), the budget, which strategies to test,
 * seeds, epochs and splits.
 */
export interface PlaybookOptions {
  /** Arrays, texts, a Dataset, 'mnist', 'spam' or a .csv / .jsonl path. */
  data: PlaybookData | string;
  /** Named sources: cap the training pool (training + validation) at this many samples. */
  limit?: number;
  /** Files: the label column. Default 'label'. */
  labelColumn?: string;
  /** The base model: 'cnn' (images), 'mlp', or a spec. Default BASE_MODELS[kind]: the Keras
   *  mnist_cnn shape for images (the MLP for images under 7x7), an MLP for vectors and text. */
  model?: ModelChoice;
  /** 'accuracy' (classification, default), 'loss' (either), 'mae' (regression; its default is 'loss'). */
  metric?: MetricName;
  /** '30m', '90s', '40runs', { seconds } or { runs }. Default '40runs'. */
  budget?: string | Budget;
  /** Seeds per configuration. Default 3. */
  seeds?: number;
  /** Epochs per run. Default 10. */
  epochs?: number;
  /** Epoch cap of the final model, which stops early on the validation metric (best epoch E) and is
   *  then refitted on training + validation rows for E epochs (final.ts). Default convergeEpochs. */
  finalEpochs?: number;
  /** Epoch cap of the runs that train until they converge (early stopping on the validation loss,
   *  patience a quarter of the cap, at least 3, best weights restored): the augmentation arm, the converge control it is paired
   *  with, and search trials and a final model with augmentation. Default 4 x epochs. */
  convergeEpochs?: number;
  /** Default 32 (Keras). */
  batchSize?: number;
  /** Strategy names, or { name: settings }; default all (arms.ts). */
  strategies?: StrategySelection;
  /** Default 0.2. */
  validationSplit?: number;
  /** Held out as the test set when the data has none. Default 0.2. */
  testSplit?: number;
  /** Training rows per study run; default all for a runs budget, what fits for a time budget. */
  studySize?: number;
  /** Seed of the split and of every run. Default 1. */
  seed?: number;
  /** Journal path prefix: PREFIX.arms.jsonl, .seeds, .search, .final. Rerun to resume. */
  journal?: string;
  /** Storage per phase instead of a journal, e.g. (phase) => new PostgresStorage(url, { study: `s-${phase}` }). */
  storage?: (phase: string) => TrialStorage;
  /** Runs at once in worker threads (named sources only). Default 1. */
  parallelism?: number;
  /** TPE search after the arms. Default true. */
  search?: boolean;
  /** Vocabulary of the bag of words (text). Default 2000. */
  maxTokens?: number;
  onProgress?: (line: string) => void;
}

const KEYS = ['data', 'limit', 'labelColumn', 'model', 'metric', 'budget', 'seeds', 'epochs', 'finalEpochs', 'convergeEpochs', 'batchSize', 'strategies', 'validationSplit', 'testSplit', 'studySize', 'seed', 'journal', 'storage', 'parallelism', 'search', 'maxTokens', 'onProgress'];
const FN = 'playbook';
/** The largest search space enumerated whole rather than sampled by TPE. */
const MAX_GRID = 32;
/** Fields of RunConfig each combinable strategy sets (the TPE space's labels). */
const FIELD: Record<string, keyof RunConfig> = { l1: 'l1', l2: 'l2', dropout: 'dropout', earlyStopping: 'earlyStopping', batchNorm: 'batchNorm', activation: 'activation', schedule: 'schedule', optimizer: 'optimizer', augmentation: 'augment' };

/**
 * A budgeted ablation study on your data: trains a Keras-default baseline on several seeds, then each
 * strategy changed alone on the same seeds, reports which help or hurt with 95% intervals, searches the
 * ones that helped and evaluates the best once on the test part.
 */
export async function playbook(options: PlaybookOptions): Promise<PlaybookResult> {
  if (options === null || typeof options !== 'object') throw new ValidationError(FN, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
  checkKeys(FN, options, KEYS);
  const started = performance.now();
  const log = options.onProgress ?? (() => {});
  const budget = parseBudget(FN, options.budget ?? '40runs');
  const k = checkInt(FN, 'seeds', options.seeds ?? 3, 1, 100);
  const epochs = checkInt(FN, 'epochs', options.epochs ?? 10, 1);
  const convergeEpochs = checkInt(FN, 'convergeEpochs', options.convergeEpochs ?? CONVERGE_FACTOR * epochs, 1);
  const finalEpochs = checkInt(FN, 'finalEpochs', options.finalEpochs ?? convergeEpochs, 1);
  const batchSize = checkInt(FN, 'batchSize', options.batchSize ?? 32, 1);
  const seed = checkInt(FN, 'seed', options.seed ?? 1, 0, 0xffffffff);
  const parallelism = checkInt(FN, 'parallelism', options.parallelism ?? 1, 1, 64);
  const split: SplitOptions = {
    validationSplit: checkNumber(FN, 'validationSplit', options.validationSplit ?? 0.2, 0, 0.9, { minExclusive: true }),
    testSplit: checkNumber(FN, 'testSplit', options.testSplit ?? 0.2, 0, 0.9, { minExclusive: true }),
    seed,
    maxTokens: checkInt(FN, 'maxTokens', options.maxTokens ?? 2000, 3),
  };
  if (options.metric !== undefined && !['accuracy', 'loss', 'mae'].includes(options.metric as string)) throw new ValidationError(FN, 'metric', "'accuracy', 'loss' or 'mae'", options.metric);
  if (options.journal !== undefined && options.storage !== undefined) throw new ValidationError(FN, 'storage', 'absent when journal is given', 'both');
  if (options.studySize !== undefined) checkInt(FN, 'studySize', options.studySize, 1);
  if (options.limit !== undefined) checkInt(FN, 'limit', options.limit, 1);
  await ready();

  // The data: a named source can be rebuilt in worker threads; in-memory data stays in this thread.
  let source: SourceSpec | null = null;
  let task: Task;
  if (typeof options.data === 'string') {
    source = { source: options.data, limit: options.limit, labelColumn: options.labelColumn, seed };
    const { data, description } = await loadSource(source);
    task = await prepareTask(data, split, description);
  } else {
    if (options.limit !== undefined) throw new ValidationError(FN, 'limit', "absent unless data is 'mnist', 'spam' or a file", options.limit);
    task = await prepareTask(options.data, split, 'data');
  }
  const metric: MetricName = options.metric ?? (task.regression ? 'loss' : 'accuracy');
  if (task.regression && metric === 'accuracy') throw new ValidationError(FN, 'metric', "'loss' or 'mae' for a regression (float targets)", metric);
  if (!task.regression && metric === 'mae') throw new ValidationError(FN, 'metric', "'accuracy' or 'loss' for a classification (class labels)", metric);
  const { model, note } = resolveModel(FN, options.model, task.kind, task.inputShape);
  if (note) log(note);
  const base = baselineConfig(model, epochs, batchSize);
  const arms = makeArms(FN, base, task.kind, options.strategies, convergeEpochs);
  // The converge control: the baseline trained as the converging arms are, run only for them.
  const control = arms.some((a) => a.converges) ? converged(base, convergeEpochs) : null;
  const nTrain = task.train.x.shape[0];
  const nVal = task.val.x.shape[0];
  const nTest = task.test?.x.shape[0] ?? 0;

  // Budget: what the study may spend, and how many rows its runs use.
  const minRows = Math.min(nTrain, 10 * batchSize);
  let rows = Math.min(nTrain, options.studySize ?? nTrain);
  let pace: Pace | null = null;
  // Planned cost in baseline runs: a run at fraction f counts f, a converging run its epoch cap's share.
  const cost = (c: RunConfig) => c.fraction * (c.epochs / epochs);
  const units = k * (1 + arms.reduce((s, a) => s + cost(a.config), 0) + (control ? cost(control) : 0)) + (options.search === false ? 0 : 6);
  if ('runs' in budget) {
    // The baseline's seeds and the final model's two trainings (selection and refit).
    if (budget.runs < k + 2) throw new BudgetError(FN, { runs: k + 2 }, budget);
  } else {
    const perRow = await calibrate(task, base);
    pace = new Pace(perRow, nVal);
    // The final model's reserve is planned at its cap (early stopping often ends the selection
    // sooner, and the refit then trains as many epochs as it did).
    const finalCost = finalSeconds(pace, nTrain, nVal, nTest, finalEpochs);
    // The least a study can end with: the baseline's seeds and the final model.
    const needed = k * runSeconds(perRow, minRows, nVal, epochs) + finalCost;
    if (budget.seconds < needed) throw new BudgetError(FN, { seconds: needed }, budget);
    if (options.studySize === undefined) rows = studyRows(perRow, (budget.seconds - finalCost) * 0.9, units, nVal, epochs, minRows, nTrain);
    log(`budget ${budget.seconds}s: ~${runSeconds(perRow, rows, nVal, epochs).toFixed(1)}s per study run on ${rows} rows, ~${finalCost.toFixed(0)}s for the final model (planned from one epoch; re-estimated from each run's measured time as the study goes)`);
  }
  log(`${task.description}; metric ${metric}; ${arms.length} arms x ${k} seeds; study runs on ${rows} training rows, ${epochs} epochs${control ? ` (${arms.filter((a) => a.converges).map((a) => a.id).join(', ')} and the converge control: up to ${convergeEpochs}, early stopping)` : ''}`);

  const key = source ? JSON.stringify({ source, split }) : `memory:${Math.random()}`;
  registerTask(key, Promise.resolve(task));
  const ref: TaskRef = { key, source, split };
  // An in-memory task's key cannot be rebuilt, so it must not enter a journal's fingerprint.
  const stableRef: TaskRef = source ? ref : { key: 'memory', source: null, split };
  if (!source) registerTask('memory', Promise.resolve(task));
  const params = (run: RunSpec): RunParams => ({ task: stableRef, run, metric, seed });
  const storage = (phase: string): TrialStorage | undefined =>
    options.storage ? options.storage(phase) : options.journal !== undefined ? new JournalStorage(`${options.journal}.${phase}.jsonl`) : undefined;
  const elapsed = () => (performance.now() - started) / 1000;
  // A wall-clock budget keeps the final model's time in reserve, both re-estimated at the measured
  // pace (plan.ts); a study run starts only when it is expected to end before that reserve.
  const finalReserve = () => (pace ? finalSeconds(pace, nTrain, nVal, nTest, finalEpochs) : 0);
  const nextRun = (runEpochs = epochs) => (pace ? pace.estimate(rows, runEpochs) : 0);
  const timeLeft = (share = 1) => ('seconds' in budget ? Math.max(0, (budget.seconds - elapsed() - finalReserve()) * share) : Infinity);
  const paceLine = (seconds: number) => {
    if (!pace) return '';
    const more = Math.floor(timeLeft() / Math.max(nextRun(), 1e-9));
    return `; run ${seconds.toFixed(1)}s, pace x${pace.factor.toFixed(2)} of the plan over ${pace.runs} run(s): study run ~${nextRun().toFixed(1)}s, final model ~${finalReserve().toFixed(0)}s, time for ~${more} more`;
  };
  let runsUsed = 0;
  const runsLeft = () => ('runs' in budget ? budget.runs - 2 - runsUsed : Infinity);
  /** A phase's fmin options; its first `mustRun` runs (the baseline's seeds, the final model) start
   *  whatever the estimate says; `list` (a list phase's runs) gives the next run's epoch cap. */
  const phase = (name: string, share = 1, mustRun = 0, list?: RunParams[]) => {
    const window = timeLeft(share);
    const deadline = elapsed() + window;
    const fits = (next: number) => !pace || elapsed() + nextRun(list?.[next]?.run.config.epochs) <= Math.min(deadline, (budget as { seconds: number }).seconds - finalReserve());
    if (pace && pace.runs > 0 && Number.isFinite(mustRun)) log(`${name}: ${window.toFixed(0)}s for study runs of ~${nextRun().toFixed(1)}s (pace x${pace.factor.toFixed(2)} of the plan), final model ~${finalReserve().toFixed(0)}s`);
    return {
      name, storage: storage(name), parallelism, workers: source !== null, seed,
      timeout: mustRun > 0 || !pace ? window : Math.max(0, window - nextRun()),
      maxEvals: Math.max(0, Math.min(runsLeft(), 1e9)),
      stopWhen: (finished: number) => finished >= mustRun && !fits(finished),
      onRun: (t: { tid: number; status: string; result: Record<string, unknown>; params: unknown }) => {
        const r = (t.params as { run: RunParams }).run.run;
        const o = t.result as Partial<RunOutcome>;
        if (t.status === 'ok' && typeof o.seconds === 'number') pace?.record(o.samples ?? 0, o.epochs ?? 0, o.seconds, r.test ? nTest : 0, r.final === 'refit' ? 0 : nVal);
        const value = typeof o.metric === 'number' ? ` ${metric} ${o.metric.toFixed(4)}` : '';
        log(`${name} ${t.tid + 1}: ${r.arm} seed ${r.seed} ${t.status}${value} (${elapsed().toFixed(0)}s${typeof o.seconds === 'number' ? paceLine(o.seconds) : ''})`);
      },
    };
  };

  // Phase 1: the baseline's seeds, the converge control's first seed, then the first seed of every arm.
  const spec = (arm: string, config: RunConfig, s: number): RunSpec => ({ arm, seed: s, config, rows, test: false });
  const seedsOf = (arm: string, config: RunConfig, from: number) => Array.from({ length: k - from + 1 }, (_, i) => params(spec(arm, config, from + i)));
  const p1 = [...seedsOf('baseline', base, 1), ...(control ? [params(spec(CONTROL, control, 1))] : []), ...arms.map((a) => params(spec(a.id, a.config, 1)))];
  const done: FinishedRun[] = await runList(p1, phase('arms', 1, k, p1));
  runsUsed += done.length;
  const baselineRuns = done.filter((r) => r.params.run.arm === 'baseline' && r.outcome);
  if (baselineRuns.length < Math.min(k, 2)) {
    const failed = done.find((r) => r.params.run.arm === 'baseline' && r.error);
    if (failed) throw new SimdnetError('ERR_EXTERNAL', FN, `the baseline failed to train: ${failed.error}`);
    throw new BudgetError(FN, 'runs' in budget ? { runs: k + 1 } : { seconds: elapsed() * (k / Math.max(1, baselineRuns.length)) + finalReserve() }, budget);
  }

  // Successive halving after seed 1 (halving.ts); the survivors get the remaining seeds, the
  // converge control's first when a converging arm survived.
  const sign = higherIsBetter(metric) ? 1 : -1;
  const seed1 = (arm: string) => done.find((r) => r.params.run.arm === arm && r.params.run.seed === 1)?.outcome?.metric ?? NaN;
  const base1 = seed1('baseline');
  const ctl1 = seed1(CONTROL);
  const firsts = new Map(done.filter((r) => r.outcome && r.params.run.seed === 1).map((r) => [r.params.run.arm, (r.outcome as { metric: number }).metric]));
  const { halved, survivors } = halve(arms, { metrics: firsts, baseline: base1, control: ctl1, sign });
  const p2 = [...(control && survivors.some((a) => a.converges) ? seedsOf(CONTROL, control, 2) : []), ...survivors.flatMap((a) => seedsOf(a.id, a.config, 2))];
  const doSearch = options.search !== false;
  const more = await runList(p2, phase('seeds', doSearch ? 0.75 : 1, 0, p2));
  runsUsed += more.length;
  done.push(...more);
  log(`successive halving: ${halved.size} arm(s) pruned after seed 1 (${[...halved].join(', ') || 'none'})`);

  const partial = assemble({ task, metric, base, control, arms, runs: done, halved, k, rows });

  // Phase 3: the search over the strategies with a positive mean, from the helping settings combined.
  const { helped, searched: promising, start } = searchArms(partial.arms, sign);
  // With a converging strategy among them every trial trains until it converges (early stopping is
  // then always on, no longer a choice) and the trials are judged against the converge control.
  const converging = promising.some((a) => strategyOf(a.strategy).converges);
  const groups = [...new Set(promising.map((a) => a.strategy))].filter((g) => !(converging && g === 'earlyStopping'));
  const bestSetting = new Map<string, unknown>();
  for (const g of groups) {
    const best = start.filter((a) => a.strategy === g).sort((a, b) => sign * (b.meanDiff - a.meanDiff))[0];
    if (best) bestSetting.set(g, best.setting);
  }
  const combo: RunConfig = { ...base };
  for (const [g, v] of bestSetting) Object.assign(combo, applySetting(strategyOf(g as Arm['strategy']), combo, v as never, convergeEpochs));
  let searchRuns: FinishedRun[] = [];
  let exhaustive = false;
  const searchBudget = Math.min(runsLeft(), 1e9);
  if (doSearch && groups.length > 0 && searchBudget >= 2 && timeLeft() > 0) {
    const space: Record<string, unknown> = { ...(converging ? converged(base, convergeEpochs) : base) };
    const point: Record<string, unknown> = {};
    let points = 1;
    for (const g of groups) {
      const field = FIELD[g];
      const values = [...new Set([base[field], ...arms.filter((a) => a.strategy === g).map((a) => a.config[field])])];
      space[field] = hp.choice(g, values);
      point[g] = combo[field];
      points *= values.length;
    }
    if (groups.includes('optimizer')) space.learningRate = null;
    const searchSpace = { task: stableRef, metric, seed, run: { arm: 'search', seed: 1, rows, test: false, config: space } };
    // Every trial trains on seed 1, so a point tried twice gives the same number: a space the budget
    // can cover is enumerated once (grid) instead of sampled. The MNIST --budget 30m study of
    // 2026-12-04 s26 searched augmentation alone (2 points) with TPE and spent its last 16 minutes
    // re-running them.
    exhaustive = points <= Math.min(searchBudget, MAX_GRID);
    const what = exhaustive ? `all ${points} combinations of ${groups.join(', ')} (grid)` : `TPE over ${groups.join(', ')} (${points} combinations; ${'runs' in budget ? searchBudget + ' runs' : 'the time left'})`;
    log(`search: ${what}`);
    const pruner = searchPruner(converging);
    searchRuns = await runSearch(searchSpace, [point], { ...phase('search'), pruner, maxEvals: exhaustive ? points : searchBudget }, exhaustive);
    runsUsed += searchRuns.length;
  }

  // The final configuration: the best search trial if it beats its reference's seed-1 run (the same
  // seed: the baseline's, or the converge control's for a converging search), else the combination
  // of the helping settings if no search ran, else the baseline. Whichever it is trains until it
  // converges and is refitted on training + validation rows (final.ts).
  const okSearch = searchRuns.filter((r) => r.outcome).sort((a, b) => sign * ((b.outcome?.metric ?? 0) - (a.outcome?.metric ?? 0)));
  let finalConfig = base;
  let chosenBy = 'the baseline (no strategy helped)';
  if (okSearch.length && sign * ((okSearch[0].outcome?.metric ?? 0) - (converging ? ctl1 : base1)) > 0) {
    finalConfig = okSearch[0].params.run.config;
    chosenBy = `the best of ${searchRuns.length} ${exhaustive ? 'grid' : 'TPE'} trials`;
  } else if (!okSearch.length && helped.length) {
    finalConfig = combo;
    chosenBy = 'the helping settings combined (no search ran)';
  }
  const final = async (name: string, spec: RunSpec) => {
    const runs = await runList([params(spec)], { ...phase(name, 1, Infinity), maxEvals: 1, timeout: Infinity });
    if (!runs[0]?.outcome) throw new SimdnetError('ERR_EXTERNAL', FN, `the final model failed to train (${name}): ${runs[0]?.error ?? 'not run'}`);
    runsUsed += 1;
    return runs[0].outcome;
  };
  const chosen = await final('final', selectSpec(finalConfig, finalEpochs, nTrain));
  const bestAt = bestEpoch(chosen.curve, sign > 0, chosen.epochs);
  log(`final: ${metric} ${chosen.metric.toFixed(4)} on the validation part at epoch ${bestAt} of ${chosen.epochs} (cap ${finalEpochs}); refit on ${nTrain} + ${nVal} rows for ${bestAt} epochs`);
  const refit = refitSpec(finalConfig, bestAt, nTrain);
  const shipped = await final('refit', refit);
  log(`final: ${metric} ${shipped.testMetric?.toFixed(4)} on the test part (${chosenBy})`);
  return {
    ...partial,
    search: searchRuns.length ? { trials: searchRuns.length, pruned: searchRuns.filter((r) => r.status === 'pruned').length, strategies: groups, best: okSearch[0]?.params.run.config ?? null, bestMetric: okSearch[0]?.outcome?.metric ?? null } : null,
    final: { config: refit.config, testMetric: shipped.testMetric as number, metric, valMetric: chosen.metric, curve: chosen.curve, chosenBy, samples: shipped.samples, selection: { cap: finalEpochs, epochsRun: chosen.epochs, bestEpoch: bestAt, samples: chosen.samples } },
    budget: { given: budget, runs: runsUsed, seconds: elapsed(), studyRows: rows, pace: pace ? { factor: pace.factor, runs: pace.runs } : null },
  };
}

