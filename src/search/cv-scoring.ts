// How gridSearch / randomSearch score a fitted model on a test fold. With `scoring` unset,
// scikit-learn's search uses the estimator's own `score` (BaseSearchCV, scoring=None):
// ClassifierMixin.score is accuracy_score, RegressorMixin.score is r2_score (sklearn/base.py). A
// simdnet model says which it is by its compiled loss (a cross-entropy: classifier; MSE or MAE:
// regressor); a model without one is judged by the target (class labels: classifier). A classifier
// with class-label targets is split by stratified folds, as sklearn's check_cv does for
// is_classifier(estimator) with a binary or multiclass target.
import { ValidationError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { classLabels } from './folds.js';

/**
 * What gridSearch and randomSearch need of a model: `fit(x, y, options)` and `predict(x)`, and optionally
 * `dispose()` (a Sequential, or any model-like object).
 */
export interface CvModel {
  fit(x: Tensor, y: Tensor, options: Record<string, unknown>): unknown;
  predict(x: Tensor): Tensor | Float32Array | Promise<Tensor | Float32Array>;
  dispose?(): void;
  /** A simdnet model's compiled loss; its name decides the default scoring. */
  readonly loss?: { readonly name: string } | null;
}

export type ScoringName = 'accuracy' | 'r2' | 'neg_mean_squared_error';
/** A scoring name, or (model, x, y) => score (higher is better). */
export type Scoring = ScoringName | ((model: CvModel, x: Tensor, y: Tensor) => number | Promise<number>);

const CLASSIFIER_LOSSES = ['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy'];
const REGRESSOR_LOSSES = ['meanSquaredError', 'meanAbsoluteError'];

export interface ResolvedScoring {
  /** What the result reports: a scoring name, or 'function' for a callable. */
  readonly name: ScoringName | 'function';
  /** Why: "given", "the compiled loss binaryCrossentropy (a classifier)", ... */
  readonly reason: string;
  /** Whether the model is treated as a classifier (decides stratification). */
  readonly classifier: boolean;
  readonly score: (model: CvModel, x: Tensor, y: Tensor) => Promise<number>;
}

/** Class labels of a classification target: Int32 labels, one-hot rows, or a 0/1 column for a classifier. */
export function targetLabels(y: Tensor, classifier: boolean): Int32Array | null {
  const labels = classLabels(y);
  if (labels || !classifier || y.data.length !== y.shape[0]) return labels;
  return y.data.every((v) => v === 0 || v === 1) ? Int32Array.from(y.data) : null;
}

/** The scoring for a search, from the option, else the first built model's loss, else the target. */
export function resolveScoring(fn: string, given: Scoring | undefined, model: CvModel | null, y: Tensor): ResolvedScoring {
  const loss = model?.loss?.name;
  const byLoss = typeof loss === 'string' && (CLASSIFIER_LOSSES.includes(loss) || REGRESSOR_LOSSES.includes(loss));
  const classifier = byLoss ? CLASSIFIER_LOSSES.includes(loss as string) : classLabels(y) !== null;
  const kind = classifier ? 'a classifier' : 'a regressor';
  if (given !== undefined) {
    if (typeof given === 'function') return { name: 'function', reason: 'given', classifier, score: async (m, x, t) => given(m, x, t) };
    if (given !== 'accuracy' && given !== 'r2' && given !== 'neg_mean_squared_error') {
      throw new ValidationError(fn, 'scoring', "'accuracy', 'r2', 'neg_mean_squared_error' or a function (model, x, y) => score", given);
    }
    return { name: given, reason: 'given', classifier, score: scorer(given) };
  }
  const reason = byLoss ? `the compiled loss ${loss} (${kind}), as scikit-learn's estimator score` : `the target (${classifier ? 'class labels' : 'real values'}: ${kind}), as scikit-learn's estimator score`;
  const name = classifier ? 'accuracy' : 'r2';
  return { name, reason, classifier, score: scorer(name) };
}

function scorer(name: ScoringName): (model: CvModel, x: Tensor, y: Tensor) => Promise<number> {
  return async (m, x, y) => {
    const out = await m.predict(x);
    const p = out instanceof Float32Array ? out : out.data;
    if (name === 'accuracy') return accuracy(p, y);
    if (p.length !== y.data.length) throw new ValidationError('scoring', 'predictions', `${y.data.length} values (as many as y)`, p.length);
    return name === 'r2' ? r2(p, y) : negMse(p, y);
  };
}

/** accuracy_score: predicted class = argmax of a row, or p >= 0.5 for one output column. */
function accuracy(p: ArrayLike<number>, y: Tensor): number {
  const n = y.shape[0];
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
}

/**
 * r2_score with multioutput='uniform_average' and force_finite=True (sklearn/metrics/_regression.py):
 * per output 1 - SS_res / SS_tot, averaged; a constant output scores 1 if predicted exactly, else 0.
 */
function r2(p: ArrayLike<number>, y: Tensor): number {
  const n = y.shape[0];
  const outputs = y.data.length / n;
  let total = 0;
  for (let j = 0; j < outputs; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y.data[i * outputs + j];
    mean /= n;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      const t = y.data[i * outputs + j];
      res += (t - p[i * outputs + j]) ** 2;
      tot += (t - mean) ** 2;
    }
    total += tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
  }
  return total / outputs;
}

function negMse(p: ArrayLike<number>, y: Tensor): number {
  let se = 0;
  for (let i = 0; i < y.data.length; i++) se += (p[i] - y.data[i]) ** 2;
  return -se / y.data.length;
}

/** Validates a `scoring` option before anything is built. */
export function checkScoring(fn: string, s: unknown): void {
  if (s === undefined || typeof s === 'function' || s === 'accuracy' || s === 'r2' || s === 'neg_mean_squared_error') return;
  throw new ValidationError(fn, 'scoring', "'accuracy', 'r2', 'neg_mean_squared_error' or a function (model, x, y) => score", s);
}
