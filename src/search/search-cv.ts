// gridSearch / randomSearch: scikit-learn's GridSearchCV and RandomizedSearchCV over simdnet models.
// Every candidate configuration is scored by k-fold cross-validation (stratified for classification
// targets, as sklearn does for classifiers); scores are "higher is better"; the best candidate is
// refitted on all the data. A fit that throws scores NaN (sklearn's error_score=nan) and ranks last.
// The model only needs `fit(x, y, options)` and `predict(x)` (and optionally `dispose()`), so any
// model-like object works; `fitOptions(params)` maps a candidate to fit's options (default: its
// `epochs` and `batchSize` entries, verbose 0), the way KerasClassifier routes fit parameters.
// Seeds (cv-seeds.ts): one search seed, given or drawn, decides the folds, the sampling and every
// fit's seed, so a seeded search repeats bit for bit.
import { SimdnetError, ValidationError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { checkBool, checkInt, checkKeys } from '../validate.js';
import { checkScoring, resolveScoring, targetLabels, type CvModel, type Scoring, type ScoringName } from './cv-scoring.js';
import { kFold, stratifiedKFold, takeRows, type Fold } from './folds.js';
import { KeyReads, unknownKeyError } from './param-usage.js';
import { parameterGrid, parameterSampler, type ParamDistributions, type ParamGrid } from './param-sets.js';
import { fitSeed, searchSeed, seedFitOptions, seedModel } from './cv-seeds.js';

export type { CvModel, Scoring, ScoringName } from './cv-scoring.js';

/** What buildModel gets besides the parameters: the fit it builds for and that fit's seed. */
export interface BuildContext {
  /** The candidate's index in cvResults.params. */
  readonly candidate: number;
  /** The fold (0 .. cv-1), or cv for the refit on all the data. */
  readonly fold: number;
  /** This fit's seed, derived from the search's seed, the candidate and the fold (cv-seeds.ts). */
  readonly seed: number;
}

/**
 * Options of `gridSearch` and `randomSearch` (scikit-learn's GridSearchCV / RandomizedSearchCV names,
 * camelCase, and defaults).
 */
export interface SearchCvOptions<P> {
  buildModel: (params: P, context: BuildContext) => CvModel | Promise<CvModel>;
  x: Tensor;
  y: Tensor;
  /** Number of folds (default 5, as sklearn). */
  cv?: number;
  /**
   * 'accuracy', 'r2', 'neg_mean_squared_error' or (model, x, y) => score. Default: the model's own
   * score as scikit-learn's: accuracy for a classifier, R^2 for a regressor, told apart by the
   * compiled loss (or, for a model without one, by whether y holds class labels).
   */
  scoring?: Scoring;
  /** Refit the best candidate on all of x, y and return it as bestModel (default true). */
  refit?: boolean;
  fitOptions?: (params: P) => Record<string, unknown>;
  /** Stratified folds (default: for a classifier whose y holds class labels, as sklearn's check_cv). */
  stratify?: boolean;
  /** Shuffle before splitting (default false, as sklearn's KFold). */
  shuffle?: boolean;
  /**
   * Seeds the fold shuffle, randomSearch's sampling and every fit: each candidate's fit on each fold
   * (and the refit) gets its own seed derived from this one, for the weight initialisation of a model
   * built without a seed, fit's shuffling and dropout (unless fitOptions sets `seed`), and
   * buildModel's context. With a seed the whole search is repeatable bit for bit (docs/search.md).
   * Default: one drawn at random, reported as result.seed.
   */
  seed?: number;
  /** Progress hook after each candidate: index, total, mean score. */
  onCandidate?: (index: number, total: number, meanScore: number) => void;
}

/**
 * Per-candidate cross-validation results, as scikit-learn's `cv_results_`: parameters, per-fold and mean
 * scores, and ranks.
 */
export interface CvResults<P> {
  params: P[];
  /** splitTestScores[i][f]: candidate i's score on fold f. */
  splitTestScores: number[][];
  meanTestScore: number[];
  /** Population standard deviation over folds (np.std, as sklearn). */
  stdTestScore: number[];
  /** 1 = best; ties share the lower rank; NaN scores rank last. */
  rankTestScore: number[];
  /** Mean seconds per fold for fit and for scoring. */
  meanFitTime: number[];
  meanScoreTime: number[];
  /** The first error of each candidate whose fit failed, else null. */
  errors: (string | null)[];
}

/**
 * What gridSearch and randomSearch return: the best parameters and score, the model refitted on all the
 * data, the per-candidate results and the search seed.
 */
export interface SearchCvResult<P> {
  cvResults: CvResults<P>;
  bestIndex: number;
  bestParams: P;
  bestScore: number;
  bestModel: CvModel | null;
  /** The scoring used ('function' for a callable), as sklearn's scorer_. */
  scoring: ScoringName | 'function';
  /** Why that scoring: "given", or what it was inferred from (the compiled loss, the target). */
  scoringReason: string;
  /** The search's seed: the one given, or the one drawn (pass it as `seed` to repeat the search). */
  seed: number;
}

const COMMON = ['buildModel', 'x', 'y', 'cv', 'scoring', 'refit', 'fitOptions', 'stratify', 'shuffle', 'seed', 'onCandidate'];

/**
 * scikit-learn's GridSearchCV over simdnet models: every point of `paramGrid` scored by (stratified)
 * k-fold cross-validation, the best refitted on all the data.
 */
export function gridSearch<P = Record<string, unknown>>(options: SearchCvOptions<P> & { paramGrid: ParamGrid }): Promise<SearchCvResult<P>> {
  checkKeys('gridSearch', options, [...COMMON, 'paramGrid']);
  const seed = searchSeed('gridSearch', options.seed);
  return searchCv('gridSearch', 'paramGrid', options, seed, parameterGrid('gridSearch', options.paramGrid) as P[]);
}

/**
 * scikit-learn's RandomizedSearchCV over simdnet models: `nIter` candidates drawn from
 * `paramDistributions`, scored by (stratified) k-fold cross-validation, the best refitted on all the data.
 */
export function randomSearch<P = Record<string, unknown>>(
  options: SearchCvOptions<P> & { paramDistributions: ParamDistributions; nIter?: number },
): Promise<SearchCvResult<P>> {
  checkKeys('randomSearch', options, [...COMMON, 'paramDistributions', 'nIter']);
  const nIter = checkInt('randomSearch', 'nIter', options.nIter ?? 10, 1);
  const seed = searchSeed('randomSearch', options.seed);
  return searchCv('randomSearch', 'paramDistributions', options, seed, parameterSampler('randomSearch', options.paramDistributions, nIter, seed) as P[]);
}

function defaultFitOptions(params: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = { verbose: 0 };
  const p = params as Record<string, unknown>;
  if (p && typeof p === 'object') for (const k of ['epochs', 'batchSize']) if (k in p) o[k] = p[k];
  return o;
}

async function searchCv<P>(fn: string, arg: string, o: SearchCvOptions<P>, seed: number, candidates: P[]): Promise<SearchCvResult<P>> {
  if (typeof o.buildModel !== 'function') throw new ValidationError(fn, 'buildModel', 'a function (params) => model', o.buildModel, 'ERR_INVALID_TYPE');
  const n = o.x?.shape?.[0];
  if (!Number.isInteger(n) || o.y?.shape?.[0] !== n) throw new ValidationError(fn, 'y', `a tensor with as many samples as x (${n})`, o.y?.shape?.[0]);
  const k = checkInt(fn, 'cv', o.cv ?? 5, 2);
  if (o.stratify !== undefined) checkBool(fn, 'stratify', o.stratify);
  checkScoring(fn, o.scoring);
  const context = (candidate: number, fold: number): BuildContext => ({ candidate, fold, seed: fitSeed(seed, candidate, fold) });
  const fitOptions = o.fitOptions ?? defaultFitOptions;
  const { first, tracked0, unknown } = await probe(fn, arg, o, candidates, fitOptions, context);
  let folds: Fold[];
  let scoring: ReturnType<typeof resolveScoring>;
  try {
    scoring = resolveScoring(fn, o.scoring, first, o.y);
    const labels = targetLabels(o.y, scoring.classifier);
    const stratify = o.stratify ?? (scoring.classifier && labels !== null);
    if (stratify && labels === null) throw new ValidationError(fn, 'stratify', 'false for a target without class labels', true);
    const split = { shuffle: o.shuffle ?? false, seed };
    folds = stratify ? stratifiedKFold(labels as Int32Array, k, split) : kFold(n, k, split);
  } catch (err) {
    first?.dispose?.();
    throw err;
  }
  const score = scoring.score;
  let prebuilt = first;
  const parts = folds.map((f) => ({ xTrain: takeRows(o.x, f.train), yTrain: takeRows(o.y, f.train), xTest: takeRows(o.x, f.test), yTest: takeRows(o.y, f.test) }));

  const r: CvResults<P> = { params: candidates, splitTestScores: [], meanTestScore: [], stdTestScore: [], rankTestScore: [], meanFitTime: [], meanScoreTime: [], errors: [] };
  for (let i = 0; i < candidates.length; i++) {
    const scores: number[] = [];
    let fitTime = 0;
    let scoreTime = 0;
    let error: string | null = null;
    for (const [f, part] of parts.entries()) {
      let model: CvModel | null = null;
      try {
        const t0 = performance.now();
        const params = prebuilt ? tracked0 : candidates[i];
        const c = context(i, f);
        model = prebuilt ?? (await o.buildModel(params, c));
        prebuilt = null;
        seedModel(model, c.seed);
        await model.fit(part.xTrain, part.yTrain, seedFitOptions(fitOptions(params), c.seed));
        const t1 = performance.now();
        scores.push(await score(model, part.xTest, part.yTest));
        fitTime += t1 - t0;
        scoreTime += performance.now() - t1;
      } catch (err) {
        error ??= err instanceof Error ? err.message : String(err);
        scores.push(NaN);
      } finally {
        model?.dispose?.();
      }
      const unread = i === 0 && scores.length === 1 ? unknown() : null;
      if (unread) throw unread;
    }
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    r.splitTestScores.push(scores);
    r.meanTestScore.push(mean);
    r.stdTestScore.push(Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length));
    r.meanFitTime.push(fitTime / 1000 / parts.length);
    r.meanScoreTime.push(scoreTime / 1000 / parts.length);
    r.errors.push(error);
    o.onCandidate?.(i, candidates.length, mean);
  }
  r.rankTestScore = rank(r.meanTestScore);
  const bestIndex = r.rankTestScore.indexOf(1);
  if (Number.isNaN(r.meanTestScore[bestIndex])) {
    throw new SimdnetError('ERR_STATE', fn, `all ${candidates.length * k} fits failed; first error: ${r.errors.find((e) => e) ?? 'non-finite score'}`);
  }
  let bestModel: CvModel | null = null;
  if (o.refit ?? true) {
    const c = context(bestIndex, k);
    bestModel = await o.buildModel(candidates[bestIndex], c);
    seedModel(bestModel, c.seed);
    await bestModel.fit(o.x, o.y, seedFitOptions(fitOptions(candidates[bestIndex]), c.seed));
  }
  return { cvResults: r, bestIndex, bestParams: candidates[bestIndex], bestScore: r.meanTestScore[bestIndex], bestModel, scoring: scoring.name, scoringReason: scoring.reason, seed };
}

/** sklearn's rankdata(-score, method='min') with NaN last. */
function rank(scores: number[]): number[] {
  const key = (s: number) => (Number.isNaN(s) ? -Infinity : s);
  return scores.map((s) => 1 + scores.filter((t) => key(t) > key(s)).length);
}

/**
 * Builds candidates behind read-tracking proxies (param-usage.ts) until every key of every
 * candidate has been read by buildModel or fitOptions, usually after the first. Returns the first
 * candidate's model (used for its first fold, and the one whose loss decides the default scoring;
 * null when that build threw) with its tracked params, and `unknown()`: the error for a key nothing
 * read, checked again after that first fold, since a model may read its params only in fit or
 * predict. A build that threw may not have reached its reads, so then no key is judged unknown.
 */
async function probe<P>(fn: string, arg: string, o: SearchCvOptions<P>, candidates: P[], fitOptions: (p: P) => unknown, context: (candidate: number, fold: number) => BuildContext) {
  const reads = new KeyReads();
  let first: CvModel | null = null;
  let buildFailed = false;
  const tracked0 = reads.track(candidates[0]);
  const unknown = () => {
    const c = buildFailed ? undefined : candidates.find((p) => reads.unread(p).length > 0);
    return c === undefined ? null : unknownKeyError(fn, arg, reads.unread(c)[0], reads);
  };
  for (let i = 0; i < candidates.length && (i === 0 || unknown()); i++) {
    const tracked = i === 0 ? tracked0 : reads.track(candidates[i]);
    try {
      const model = await o.buildModel(tracked, context(i, 0));
      if (i === 0) first = model;
      else model.dispose?.();
    } catch {
      buildFailed = true;
    }
    try {
      fitOptions(tracked);
    } catch {
      // a fitOptions that throws fails the fit later, where the error is recorded per fold
    }
  }
  return { first, tracked0, unknown };
}
