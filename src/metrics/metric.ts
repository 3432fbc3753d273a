// Metrics reported during fit/evaluate, averaged over the samples of an epoch (Keras's
// MeanMetricWrapper). The log key is the identifier the user gave ('accuracy', 'acc', 'mse', ...),
// as in Keras. 'accuracy'/'acc' resolve to the variant that fits the model, as Keras 3's compile
// does from the output and target shapes: a single output unit -> binary accuracy (prediction > 0.5),
// integer targets (sparse loss) -> sparse categorical accuracy, otherwise categorical accuracy
// (argmax of prediction = argmax of target). `metrics` are not weighted by classWeight or sampleWeight:
// Keras 3's CompileMetrics.update_state calls `metrics` without sample_weight and passes it only to
// `weighted_metrics` (keras/src/trainers/compile_utils.py): compile's weightedMetrics here
// (src/metrics/weightedSums.ts).
import { ValidationError } from '../errors.js';
import type { Loss } from '../losses/loss.js';

/** How a metric is computed, by its camelCase Keras name. */
export type MetricKind = 'categoricalAccuracy' | 'sparseCategoricalAccuracy' | 'binaryAccuracy' | 'meanSquaredError' | 'meanAbsoluteError';

/**
 * A metric as compile resolves it: its log key and how it is computed ('accuracy' picks the kind that fits
 * the loss, as Keras does).
 */
export interface Metric {
  /** Log key. */
  readonly name: string;
  readonly kind: MetricKind | 'accuracy';
}

const KINDS = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  categoricalAccuracy: 'categoricalAccuracy',
  categorical_accuracy: 'categoricalAccuracy',
  sparseCategoricalAccuracy: 'sparseCategoricalAccuracy',
  sparse_categorical_accuracy: 'sparseCategoricalAccuracy',
  binaryAccuracy: 'binaryAccuracy',
  binary_accuracy: 'binaryAccuracy',
  mse: 'meanSquaredError',
  meanSquaredError: 'meanSquaredError',
  mean_squared_error: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  meanAbsoluteError: 'meanAbsoluteError',
  mean_absolute_error: 'meanAbsoluteError',
} satisfies Record<string, MetricKind | 'accuracy'>;

/** Metric names `compile({metrics})` accepts (camelCase, Keras snake_case, acc/mse/mae); a literal union. */
export type MetricIdentifier = keyof typeof KINDS;

/**
 * Every metric name compile accepts (camelCase, Keras's snake_case and short names such as 'acc' and
 * 'mae').
 */
export const METRIC_NAMES = Object.keys(KINDS);

export function getMetric(fn: string, arg: string, id: unknown): Metric {
  if (typeof id === 'string' && Object.hasOwn(KINDS, id)) return Object.freeze({ name: id, kind: KINDS[id as MetricIdentifier] });
  throw new ValidationError(fn, arg, `one of ${METRIC_NAMES.join(', ')}`, id);
}

/** The concrete kind of a metric for a model with this loss and output width. */
export function resolveMetric(m: Metric, loss: Loss, outputUnits: number): MetricKind {
  if (m.kind !== 'accuracy') return m.kind;
  if (outputUnits === 1) return 'binaryAccuracy';
  return loss.sparse ? 'sparseCategoricalAccuracy' : 'categoricalAccuracy';
}

/** compile's `metrics` / `weightedMetrics`: an optional array of metric identifiers. */
export function getMetrics(fn: string, arg: string, ids: unknown): Metric[] {
  if (ids === undefined || ids === null) return [];
  if (!Array.isArray(ids)) throw new ValidationError(fn, arg, 'an array of metric names', ids, 'ERR_INVALID_TYPE');
  return ids.map((m, i) => getMetric(fn, `${arg}[${i}]`, m));
}
