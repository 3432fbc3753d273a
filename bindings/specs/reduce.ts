// Registry rows for the reductions (assembly/kernels/reduce.ts). Whole-buffer sums use blocked f32x4
// accumulation with f64 block sums (error <= ~20 * 2^-24 * sum|x|, independent of n); l2Norm squares
// in f64 and cannot overflow; row-wise kernels take row-major (rows, cols) buffers.
import type { KernelSpec } from '../registry.js';

const f = 4;
const rowArgs = ['rows', 'cols'] as const;

export const reduceKernels: KernelSpec[] = [
  { name: 'sum', family: 'reduce', args: ['x:(n)', 'n'], doc: 'sum of x', flops: (s) => s.n, bytes: (s) => f * s.n },
  { name: 'sumSquares', family: 'reduce', args: ['x:(n)', 'n'], doc: 'sum of x^2', flops: (s) => 2 * s.n, bytes: (s) => f * s.n },
  { name: 'sumAbs', family: 'reduce', args: ['x:(n)', 'n'], doc: 'sum of |x|', flops: (s) => 2 * s.n, bytes: (s) => f * s.n },
  {
    name: 'regularizerPenalty',
    family: 'reduce',
    args: ['p:(n)', 'n', 'l1', 'l2'],
    doc: 'Keras L1L2 penalty l1*sum|p| + l2*sum p^2',
    flops: (s) => 4 * s.n,
    bytes: (s) => 2 * f * s.n,
  },
  {
    name: 'l2Norm',
    family: 'reduce',
    args: ['x:(n)', 'n'],
    doc: 'sqrt(sum x^2) accumulated in f64: overflow-safe global norm for clipnorm / global_clipnorm',
    flops: (s) => 2 * s.n,
    bytes: (s) => f * s.n,
  },
  { name: 'hasNonFinite', family: 'reduce', args: ['x:(n)', 'n'], doc: '1 if any x is NaN or +-Inf, else 0', flops: (s) => 2 * s.n, bytes: (s) => f * s.n },
  {
    name: 'rowMax',
    family: 'reduce',
    args: ['x:(rows,cols)', ...rowArgs, 'out:(rows) f32'],
    doc: 'max of each row (NaN if the row has NaN)',
    flops: (s) => s.rows * s.cols,
    bytes: (s) => f * s.rows * (s.cols + 1),
  },
  {
    name: 'rowArgmax',
    family: 'reduce',
    args: ['x:(rows,cols)', ...rowArgs, 'out:(rows) i32'],
    doc: 'index of the first max of each row (first NaN if the row has NaN)',
    flops: (s) => 2 * s.rows * s.cols,
    bytes: (s) => f * s.rows * (s.cols + 1),
  },
  {
    name: 'categoricalAccuracyCount',
    family: 'reduce',
    args: ['pred:(rows,cols)', 'target:(rows,cols)', ...rowArgs],
    doc: 'rows with argmax(pred) == argmax(target) (Keras categorical_accuracy * rows)',
    flops: (s) => 4 * s.rows * s.cols,
    bytes: (s) => 2 * f * s.rows * s.cols,
  },
  {
    name: 'sparseAccuracyCount',
    family: 'reduce',
    args: ['pred:(rows,cols)', 'labels:(rows) i32', ...rowArgs],
    doc: 'rows with argmax(pred) == label (Keras sparse_categorical_accuracy * rows)',
    flops: (s) => 2 * s.rows * s.cols,
    bytes: (s) => f * s.rows * (s.cols + 1),
  },
  {
    name: 'binaryAccuracyCount',
    family: 'reduce',
    args: ['pred:(n)', 'target:(n)', 'n', 'threshold'],
    doc: 'elements with target == (pred > threshold) (Keras binary_accuracy * n, threshold 0.5)',
    flops: (s) => 3 * s.n,
    bytes: (s) => 2 * f * s.n,
  },
];
