// Which way a monitored quantity should go, as Keras 3's MonitorCallback decides it (shared by
// EarlyStopping and ModelCheckpoint): mode 'min' or 'max' as given; in 'auto' mode, 'loss' and
// 'val_loss' are minimised, and a metric is maximised or minimised by its direction (Keras reads the
// compiled metric's `_direction`; we keep the table of Keras's built-in metric names below). Keras
// raises when auto mode cannot decide; so do we, at construction rather than at the first epoch end.
// ReduceLROnPlateau keeps its own older rule (substring 'acc' => max), as in Keras.
import { ValidationError } from '../errors.js';
import { checkOneOf } from '../validate.js';
import { warn } from '../../bindings/log.js';

export type Mode = 'auto' | 'min' | 'max';

const UP = new Set([
  'acc', 'accuracy', 'binary_accuracy', 'categorical_accuracy', 'sparse_categorical_accuracy',
  'top_k_categorical_accuracy', 'sparse_top_k_categorical_accuracy', 'auc', 'precision', 'recall',
  'f1_score', 'fbeta_score', 'r2_score', 'cosine_similarity', 'iou', 'mean_iou',
  // simdnet also accepts camelCase metric identifiers, which become the log keys
  'categoricalAccuracy', 'sparseCategoricalAccuracy', 'binaryAccuracy',
]);
const DOWN = new Set([
  'loss', 'mse', 'mae', 'mape', 'msle', 'mean_squared_error', 'mean_absolute_error',
  'mean_absolute_percentage_error', 'mean_squared_logarithmic_error', 'root_mean_squared_error',
  'categorical_crossentropy', 'sparse_categorical_crossentropy', 'binary_crossentropy',
  'kl_divergence', 'poisson', 'hinge', 'squared_hinge', 'categorical_hinge', 'log_cosh_error',
  'meanSquaredError', 'meanAbsoluteError', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy',
]);

/** Resolves `mode` for `monitor` to 'min' or 'max' (Keras 3 MonitorCallback._set_monitor_op). */
export function monitorDirection(fn: string, monitor: string, mode: unknown): 'min' | 'max' {
  const m = checkOneOf(fn, 'mode', mode, ['auto', 'min', 'max'] as const);
  if (m !== 'auto') return m;
  const name = monitor.startsWith('val_') ? monitor.slice(4) : monitor;
  if (UP.has(name)) return 'max';
  if (DOWN.has(name)) return 'min';
  throw new ValidationError(fn, 'mode', `'min' or 'max' for monitor '${monitor}' (auto mode cannot tell whether it should be maximized or minimized)`, mode);
}

/** Keras's improvement test: `current - minDelta` beats `reference` (minDelta signed by direction). */
export function isImprovement(dir: 'min' | 'max', current: number, reference: number | null, minDelta: number): boolean {
  if (reference === null) return true;
  return dir === 'min' ? current + minDelta < reference : current - minDelta > reference;
}

/** Warns once per callback about a monitored key missing from the logs (Keras warns each time). */
export function warnMissing(state: { warned?: boolean }, what: string, monitor: string, logs: Record<string, number>): void {
  if (state.warned) return;
  state.warned = true;
  warn(`${what} conditioned on metric '${monitor}' which is not available. Available metrics are: ${Object.keys(logs).join(',')}`);
}
