// Losses, as Keras 3 defines them, each computed by one fused wasm kernel that returns the summed
// loss of a batch and writes its gradient (scaled by 1 / rows: Keras's default reduction
// "sum_over_batch_size", the mean over samples; with sample or class weights, sum(w_i * loss_i) / rows
// as Keras 3, not divided by the sum of weights).
//
// Fusion: when the model's last activation is softmax and the loss is (sparse) categorical
// cross-entropy (or sigmoid with binary cross-entropy), the model stops at the logits and the loss
// kernel computes log-softmax and its gradient (softmax - target) in one stable pass. This is what
// Keras computes: softmax followed by -sum(t * log p). Keras on probabilities additionally clips p to
// [1e-7, 1 - 1e-7], so the two differ only where a predicted probability is below 1e-7 (the fused
// loss keeps the exact, larger value and its non-vanishing gradient). Predictions still return
// probabilities: the model applies the activation when it returns outputs.
import { ValidationError } from '../errors.js';
import { checkBool, checkKeys } from '../validate.js';

/** The losses simdnet has, by their camelCase Keras names. */
export type LossName = 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError' | 'meanAbsoluteError';

/**
 * A loss as compile takes it: which kernel computes it and its gradient, and whether it fuses with the
 * output activation (softmax or sigmoid) so the pair runs as one stable kernel.
 */
export interface Loss {
  readonly name: LossName;
  /** The model's output is logits (no softmax/sigmoid applied), Keras `from_logits`. */
  readonly fromLogits: boolean;
  /** Targets are integer class indices [batch] rather than one-hot/real values [batch, ...out]. */
  readonly sparse: boolean;
  /** The output activation this loss fuses with ('softmax', 'sigmoid'), or null. */
  readonly fuses: 'softmax' | 'sigmoid' | null;
  /** Kernel on logits (fused or fromLogits), and kernel on the model's outputs otherwise. */
  readonly logitsKernel: string | null;
  readonly outputKernel: string;
}

function ce(name: LossName, fuses: 'softmax' | 'sigmoid', logitsKernel: string, outputKernel: string, sparse: boolean) {
  return (options: { fromLogits?: boolean } = {}): Loss => {
    checkKeys(name, options, ['fromLogits']);
    const fromLogits = checkBool(name, 'fromLogits', options.fromLogits ?? false);
    return Object.freeze({ name, fromLogits, sparse, fuses, logitsKernel, outputKernel });
  };
}

function regression(name: LossName, kernel: string) {
  return (): Loss => Object.freeze({ name, fromLogits: false, sparse: false, fuses: null, logitsKernel: null, outputKernel: kernel });
}

/** -sum(t * log softmax) per sample, one-hot targets. Default fromLogits false. */
export const categoricalCrossentropy = ce('categoricalCrossentropy', 'softmax', 'softmaxCrossEntropy', 'categoricalCrossEntropyProbs', false);
/** Integer class targets. Default fromLogits false. */
export const sparseCategoricalCrossentropy = ce('sparseCategoricalCrossentropy', 'softmax', 'sparseSoftmaxCrossEntropy', 'sparseCategoricalCrossEntropyProbs', true);
/** -mean(t log p + (1 - t) log(1 - p)) per sample. Default fromLogits false. */
export const binaryCrossentropy = ce('binaryCrossentropy', 'sigmoid', 'sigmoidBinaryCrossEntropy', 'binaryCrossEntropyProbs', false);
/** mean((p - t)²) over the last axis. */
export const meanSquaredError = regression('meanSquaredError', 'meanSquaredError');
/** mean(|p - t|) over the last axis. */
export const meanAbsoluteError = regression('meanAbsoluteError', 'meanAbsoluteError');

const BY_NAME = {
  categoricalCrossentropy: () => categoricalCrossentropy(),
  categorical_crossentropy: () => categoricalCrossentropy(),
  sparseCategoricalCrossentropy: () => sparseCategoricalCrossentropy(),
  sparse_categorical_crossentropy: () => sparseCategoricalCrossentropy(),
  binaryCrossentropy: () => binaryCrossentropy(),
  binary_crossentropy: () => binaryCrossentropy(),
  meanSquaredError: () => meanSquaredError(),
  mean_squared_error: () => meanSquaredError(),
  mse: () => meanSquaredError(),
  meanAbsoluteError: () => meanAbsoluteError(),
  mean_absolute_error: () => meanAbsoluteError(),
  mae: () => meanAbsoluteError(),
} satisfies Record<string, () => Loss>;

/** Loss names `compile({loss})` accepts (camelCase, Keras snake_case, mse/mae); a literal union. */
export type LossIdentifier = keyof typeof BY_NAME;

/** Every loss name compile accepts (camelCase and Keras's snake_case). */
export const LOSS_NAMES = Object.keys(BY_NAME);

export function getLoss(fn: string, arg: string, id: unknown): Loss {
  if (typeof id === 'string' && Object.hasOwn(BY_NAME, id)) return BY_NAME[id as LossIdentifier]();
  if (id && typeof id === 'object' && typeof (id as Loss).outputKernel === 'string' && Object.hasOwn(BY_NAME, (id as Loss).name)) return id as Loss;
  throw new ValidationError(fn, arg, `a loss (e.g. categoricalCrossentropy()) or one of ${LOSS_NAMES.join(', ')}`, id);
}

/** Recreates a loss from its saved name and fromLogits flag. */
export function lossFromConfig(fn: string, name: string, fromLogits: boolean): Loss {
  const loss = getLoss(fn, 'loss', name);
  if (!fromLogits) return loss;
  if (!loss.logitsKernel) throw new ValidationError(fn, 'loss.fromLogits', `false for ${name}`, fromLogits, 'ERR_CORRUPT_DATA');
  return Object.freeze({ ...loss, fromLogits: true });
}
