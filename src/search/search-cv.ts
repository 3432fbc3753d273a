// gridSearch / randomSearch: scikit-learn's GridSearchCV and RandomizedSearchCV over simdnet models.
// Every candidate configuration is scored by k-fold cross-validation (stratified for classification
// targets, as sklearn does for classifiers); scores are "higher is better"; the best candidate is
// refitted on all the data. A fit that throws scores NaN (sklearn's error_score=nan) and ranks last.
// The model only needs `fit(x, y, options)` and `predict(x)` (and optionally `dispose()`), so any
// model-like object works; `fitOptions(params)` maps a candidate to fit's options (default: its
// `epochs` and `batchSize` entries, verbose 0), the way KerasClassifier routes fit parameters.
import { SimdnetError, ValidationError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { checkBool, checkInt, checkKeys } from '../validate.js';
import { classLabels, kFold, stratifiedKFold, takeRows, type Fold } from './folds.js';
import { parameterGrid, parameterSampler, type ParamDistributions, type ParamGrid } from './param-sets.js';

export interface CvModel {
  fit(x: Tensor, y: Tensor, options: Record<string, unknown>): unknown;
  predict(x: Tensor): Tensor | Float32Array | Promise<Tensor | Float32Array>;
  dispose?(): void;
}

/** 'accuracy' (classification default), 'neg_mean_squared_error' (regression default), or a function. */
export type Scoring = 'accuracy' | 'neg_mean_squared_error' | ((model: CvModel, x: Tensor, y: Tensor) => number | Promise<number>);

export interface SearchCvOptions<P> {
  buildModel: (params: P) => CvModel | Promise<CvModel>;
  x: Tensor;
  y: Tensor;
  /** Number of folds (default 5, as sklearn). */
  cv?: number;
  scoring?: Scoring;
  /** Refit the best candidate on all of x, y and return it as bestModel (default true). */
  refit?: boolean;
  fitOptions?: (params: P) => Record<string, unknown>;
  /** Stratified folds (default: when y holds class labels: Int32 labels or one-hot rows). */
  stratify?: boolean;
  /** Shuffle before splitting (default false, as sklearn's KFold). */
  shuffle?: boolean;
  seed?: number;
  /** Progress hook after each candidate: index, total, mean score. */
  onCandidate?: (index: number, total: number, meanScore: number) => void;
}

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

export interface SearchCvResult<P> {
  cvResults: CvResults<P>;
  bestIndex: number;
  bestParams: P;
  bestScore: number;
  bestModel: CvModel | null;
}

const COMMON = ['buildModel', 'x', 'y', 'cv', 'scoring', 'refit', 'fitOptions', 'stratify', 'shuffle', 'seed', 'onCandidate'];

export function gridSearch<P = Record<string, unknown>>(options: SearchCvOptions<P> & { paramGrid: ParamGrid }): Promise<SearchCvResult<P>> {
  checkKeys('gridSearch', options, [...COMMON, 'paramGrid']);
  return searchCv('gridSearch', options, parameterGrid('gridSearch', options.paramGrid) as P[]);
}

export function randomSearch<P = Record<string, unknown>>(
  options: SearchCvOptions<P> & { paramDistributions: ParamDistributions; nIter?: number },
): Promise<SearchCvResult<P>> {
  checkKeys('randomSearch', options, [...COMMON, 'paramDistributions', 'nIter']);
  const nIter = checkInt('randomSearch', 'nIter', options.nIter ?? 10, 1);
  return searchCv('randomSearch', options, parameterSampler('randomSearch', options.paramDistributions, nIter, options.seed ?? 0) as P[]);
}

function defaultFitOptions(params: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = { verbose: 0 };
  const p = params as Record<string, unknown>;
  if (p && typeof p === 'object') for (const k of ['epochs', 'batchSize']) if (k in p) o[k] = p[k];
  return o;
}

async function searchCv<P>(fn: string, o: SearchCvOptions<P>, candidates: P[]): Promise<SearchCvResult<P>> {
  if (typeof o.buildModel !== 'function') throw new ValidationError(fn, 'buildModel', 'a function (params) => model', o.buildModel, 'ERR_INVALID_TYPE');
  const n = o.x?.shape?.[0];
  if (!Number.isInteger(n) || o.y?.shape?.[0] !== n) throw new ValidationError(fn, 'y', `a tensor with as many samples as x (${n})`, o.y?.shape?.[0]);
  const k = checkInt(fn, 'cv', o.cv ?? 5, 2);
  const labels = classLabels(o.y);
  const stratify = o.stratify === undefined ? labels !== null : checkBool(fn, 'stratify', o.stratify);
  if (stratify && labels === null) throw new ValidationError(fn, 'stratify', 'false for a target without class labels', true);
  const split = { shuffle: o.shuffle ?? false, seed: o.seed ?? 0 };
  const folds: Fold[] = stratify ? stratifiedKFold(labels as Int32Array, k, split) : kFold(n, k, split);
  const score = scorer(fn, o.scoring ?? (labels !== null ? 'accuracy' : 'neg_mean_squared_error'));
  const fitOptions = o.fitOptions ?? defaultFitOptions;
  const parts = folds.map((f) => ({ xTrain: takeRows(o.x, f.train), yTrain: takeRows(o.y, f.train), xTest: takeRows(o.x, f.test), yTest: takeRows(o.y, f.test) }));

  const r: CvResults<P> = { params: candidates, splitTestScores: [], meanTestScore: [], stdTestScore: [], rankTestScore: [], meanFitTime: [], meanScoreTime: [], errors: [] };
  for (let i = 0; i < candidates.length; i++) {
    const scores: number[] = [];
    let fitTime = 0;
    let scoreTime = 0;
    let error: string | null = null;
    for (const part of parts) {
      let model: CvModel | null = null;
      try {
        const t0 = performance.now();
        model = await o.buildModel(candidates[i]);
        await model.fit(part.xTrain, part.yTrain, fitOptions(candidates[i]));
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
    bestModel = await o.buildModel(candidates[bestIndex]);
    await bestModel.fit(o.x, o.y, fitOptions(candidates[bestIndex]));
  }
  return { cvResults: r, bestIndex, bestParams: candidates[bestIndex], bestScore: r.meanTestScore[bestIndex], bestModel };
}

/** sklearn's rankdata(-score, method='min') with NaN last. */
function rank(scores: number[]): number[] {
  const key = (s: number) => (Number.isNaN(s) ? -Infinity : s);
  return scores.map((s) => 1 + scores.filter((t) => key(t) > key(s)).length);
}

function scorer(fn: string, s: Scoring): (model: CvModel, x: Tensor, y: Tensor) => Promise<number> {
  if (typeof s === 'function') return async (m, x, y) => s(m, x, y);
  if (s !== 'accuracy' && s !== 'neg_mean_squared_error') throw new ValidationError(fn, 'scoring', "'accuracy', 'neg_mean_squared_error' or a function", s);
  return async (m, x, y) => {
    const out = await m.predict(x);
    const p = out instanceof Float32Array ? out : out.data;
    const n = y.shape[0];
    if (s === 'neg_mean_squared_error') {
      let se = 0;
      for (let i = 0; i < y.data.length; i++) se += (p[i] - y.data[i]) ** 2;
      return -se / y.data.length;
    }
    const labels = classLabels(y) ?? Int32Array.from(y.data, (v) => (v >= 0.5 ? 1 : 0));
    const c = p.length / n;
    let hits = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      if (c === 1) best = p[i] >= 0.5 ? 1 : 0;
      else for (let j = 1; j < c; j++) if (p[i * c + j] > p[i * c + best]) best = j;
      if (best === labels[i]) hits++;
    }
    return hits / n;
  };
}
