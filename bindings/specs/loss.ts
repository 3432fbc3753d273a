import type { KernelSpec } from '../registry.js';

// Every loss: (input, target|labels, grad, w, rows, cols, gradScale) -> sum_r w_r loss_r (f32), and
// grad = gradScale * w_r * dloss_r/dinput overwritten (may alias input). w: (rows) f32 or 0 = none.
// The argument order is the same for all eight so that a model can call any of them through one
// code path; bytes count input + target read and grad written.
const common = (input: string, target: string) => [`${input}:(rows,cols)`, target, 'grad:(rows,cols)', 'w:(rows)|0', 'rows', 'cols', 'gradScale'];
const dense = (s: Record<string, number>) => 12 * s.rows * s.cols;
const sparse = (s: Record<string, number>) => 8 * s.rows * s.cols + 4 * s.rows;

export const lossKernels: KernelSpec[] = [
  {
    name: 'softmaxCrossEntropy',
    family: 'loss',
    args: common('logits', 'targets:(rows,cols)'),
    doc: 'categorical cross-entropy from logits, dense/soft targets: sum_c t_c (lse - z_c); grad sum(t) softmax - t',
    bytes: dense,
  },
  {
    name: 'sparseSoftmaxCrossEntropy',
    family: 'loss',
    args: common('logits', 'labels:(rows)i32'),
    doc: 'sparse categorical cross-entropy from logits: lse - z_label; grad softmax - onehot',
    bytes: sparse,
  },
  {
    name: 'sigmoidBinaryCrossEntropy',
    family: 'loss',
    args: common('logits', 'targets:(rows,cols)'),
    doc: 'binary cross-entropy from logits, mean over cols: max(z,0) - z t + ln(1 + e^-|z|); grad (sigmoid - t)/cols',
    bytes: dense,
  },
  {
    name: 'categoricalCrossEntropyProbs',
    family: 'loss',
    args: common('probs', 'targets:(rows,cols)'),
    doc: 'categorical cross-entropy on probabilities (Keras: normalise rows, clip [1e-7, 1-1e-7]); grad w.r.t. probs',
    bytes: dense,
  },
  {
    name: 'sparseCategoricalCrossEntropyProbs',
    family: 'loss',
    args: common('probs', 'labels:(rows)i32'),
    doc: 'sparse categorical cross-entropy on probabilities (normalise, clip); grad w.r.t. probs',
    bytes: sparse,
  },
  {
    name: 'binaryCrossEntropyProbs',
    family: 'loss',
    args: common('probs', 'targets:(rows,cols)'),
    doc: 'binary cross-entropy on probabilities, clipped to [1e-7, 1-1e-7], mean over cols; grad w.r.t. probs',
    bytes: dense,
  },
  {
    name: 'meanSquaredError',
    family: 'loss',
    args: common('pred', 'targets:(rows,cols)'),
    doc: 'mean over cols of (p - t)^2; grad 2 (p - t) / cols',
    bytes: dense,
  },
  {
    name: 'meanAbsoluteError',
    family: 'loss',
    args: common('pred', 'targets:(rows,cols)'),
    doc: 'mean over cols of |p - t|; grad sign(p - t) / cols',
    bytes: dense,
  },
];
