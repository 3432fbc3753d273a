// Typed wrappers of the fused loss kernels (assembly/kernels/loss.ts, lossProbs.ts). Each checks
// its pointers, sizes and scalars, and for the sparse losses that every label is an integer in
// [0, cols) (read from wasm memory: O(rows)), so a wrong label is an error rather than a read of
// another row. All share one signature:
//   loss(m, input, target, grad, w, rows, cols, gradScale) -> sum_r w_r loss_r
// input: logits or probabilities (rows, cols); target: (rows, cols) f32, or labels (rows) i32 for
// the sparse ones; grad (rows, cols) is overwritten with gradScale * w_r * d loss_r / d input and
// may alias input; w: (rows) f32 per-sample weights or 0; gradScale: 1 / batch for Keras's mean.
import type { WasmModule } from './loader.js';
import { checkBuffer, checkRowsCols } from './buffers.js';
import { ValidationError } from '../src/errors.js';
import { checkNumber } from '../src/validate.js';

/** The fused loss kernels, by wasm export name. */
export const LOSS_KERNELS = [
  'softmaxCrossEntropy',
  'sparseSoftmaxCrossEntropy',
  'sigmoidBinaryCrossEntropy',
  'categoricalCrossEntropyProbs',
  'sparseCategoricalCrossEntropyProbs',
  'binaryCrossEntropyProbs',
  'meanSquaredError',
  'meanAbsoluteError',
] as const;
/** The name of a fused loss kernel. */
export type LossKernel = (typeof LOSS_KERNELS)[number];

/** The losses whose target is a (rows) i32 label vector. */
export const SPARSE_LOSSES: readonly LossKernel[] = ['sparseSoftmaxCrossEntropy', 'sparseCategoricalCrossEntropyProbs'];

/**
 * A fused loss kernel: `(m, input, target, grad, w, rows, cols, gradScale)` returns sum_r w_r·loss_r and
 * writes gradScale·w_r·dloss_r/dinput into grad (file header: shapes).
 */
export type LossFn = (m: WasmModule, input: number, target: number, grad: number, w: number, rows: number, cols: number, gradScale: number) => number;

function wrap(name: LossKernel): LossFn {
  const sparse = SPARSE_LOSSES.includes(name);
  return (m, input, target, grad, w, rows, cols, gradScale) => {
    checkRowsCols(name, rows, cols);
    const n = rows * cols;
    checkBuffer(name, 'input', m, input, n);
    checkBuffer(name, 'target', m, target, sparse ? rows : n);
    checkBuffer(name, 'grad', m, grad, n);
    checkBuffer(name, 'w', m, w, rows, true);
    checkNumber(name, 'gradScale', gradScale);
    if (sparse) {
      const labels = new Int32Array(m.memory.buffer, target, rows);
      for (let r = 0; r < rows; r++) {
        if (labels[r] < 0 || labels[r] >= cols) throw new ValidationError(name, `target[${r}]`, `a class index in [0, ${cols})`, labels[r]);
      }
    }
    return m.exports[name](input, target, grad, w, rows, cols, gradScale);
  };
}

/**
 * Softmax then categorical cross-entropy on logits (rows, cols) against one-hot or soft targets (rows,
 * cols).
 */
export const softmaxCrossEntropy = wrap('softmaxCrossEntropy');
/** Softmax then cross-entropy on logits (rows, cols) against integer labels (rows) in [0, cols). */
export const sparseSoftmaxCrossEntropy = wrap('sparseSoftmaxCrossEntropy');
/** Sigmoid then binary cross-entropy on logits (rows, cols) against 0/1 targets (rows, cols). */
export const sigmoidBinaryCrossEntropy = wrap('sigmoidBinaryCrossEntropy');
/**
 * Categorical cross-entropy on probabilities (a softmax output) against one-hot targets; probabilities
 * clipped to [ε, 1-ε] as Keras does.
 */
export const categoricalCrossEntropyProbs = wrap('categoricalCrossEntropyProbs');
/** Cross-entropy on probabilities (rows, cols) against integer labels (rows), clipped as Keras does. */
export const sparseCategoricalCrossEntropyProbs = wrap('sparseCategoricalCrossEntropyProbs');
/** Binary cross-entropy on probabilities (a sigmoid output), clipped to [ε, 1-ε] as Keras does. */
export const binaryCrossEntropyProbs = wrap('binaryCrossEntropyProbs');
/** Mean squared error per row (mean over cols), as Keras's `mse`. */
export const meanSquaredError = wrap('meanSquaredError');
/** Mean absolute error per row (mean over cols), as Keras's `mae`. */
export const meanAbsoluteError = wrap('meanAbsoluteError');

/** The wrapper of a loss kernel by name. */
export const LOSSES: Readonly<Record<LossKernel, LossFn>> = Object.freeze({
  softmaxCrossEntropy,
  sparseSoftmaxCrossEntropy,
  sigmoidBinaryCrossEntropy,
  categoricalCrossEntropyProbs,
  sparseCategoricalCrossEntropyProbs,
  binaryCrossEntropyProbs,
  meanSquaredError,
  meanAbsoluteError,
});
