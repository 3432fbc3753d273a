// Typed, validated wrappers of the reductions (assembly/kernels/reduce.ts). Buffers are byte offsets
// into the module's memory (from its arena); x, pred and target are f32, labels and rowArgmax's out
// are i32, row-wise buffers are row-major (rows, cols). Error bounds are documented in the kernel file:
// the sums are within ~1.2e-6 * sum|x| whatever n, l2Norm is f64-accurate and cannot overflow.
import type { WasmModule } from './loader.js';
import { checkBuffer, checkDisjoint, MAX_FLOATS } from './buffers.js';
import { checkInt, checkNumber } from '../src/validate.js';


function flat(m: WasmModule, fn: string, x: number, n: number): void {
  checkInt(fn, 'n', n, 0, MAX_FLOATS);
  checkBuffer(fn, 'x', m, x, n);
}

function rowShape(fn: string, rows: number, cols: number): number {
  checkInt(fn, 'rows', rows, 0, MAX_FLOATS);
  checkInt(fn, 'cols', cols, 1, MAX_FLOATS);
  return checkInt(fn, 'rows * cols', rows * cols, 0, MAX_FLOATS);
}

/** Sum of n floats at x. */
export function sum(m: WasmModule, x: number, n: number): number {
  flat(m, 'sum', x, n);
  return m.exports.sum(x, n);
}

/** Sum of squares of n floats at x. */
export function sumSquares(m: WasmModule, x: number, n: number): number {
  flat(m, 'sumSquares', x, n);
  return m.exports.sumSquares(x, n);
}

/** Sum of absolute values of n floats at x. */
export function sumAbs(m: WasmModule, x: number, n: number): number {
  flat(m, 'sumAbs', x, n);
  return m.exports.sumAbs(x, n);
}

/** Euclidean norm of n floats at x (f64 accumulation: no overflow for any f32 input). */
export function l2Norm(m: WasmModule, x: number, n: number): number {
  flat(m, 'l2Norm', x, n);
  return m.exports.l2Norm(x, n);
}

/** True if any of the n floats at x is NaN or +-Inf. */
export function hasNonFinite(m: WasmModule, x: number, n: number): boolean {
  flat(m, 'hasNonFinite', x, n);
  return m.exports.hasNonFinite(x, n) !== 0;
}

/** Keras L1L2 regularization value l1 * sum|p| + l2 * sum p^2 over n floats at p. */
export function regularizerPenalty(m: WasmModule, p: number, n: number, l1: number, l2: number): number {
  const fn = 'regularizerPenalty';
  checkInt(fn, 'n', n, 0, MAX_FLOATS);
  checkBuffer(fn, 'p', m, p, n);
  return m.exports.regularizerPenalty(p, n, checkNumber(fn, 'l1', l1, 0), checkNumber(fn, 'l2', l2, 0));
}

/** out[r] = max of row r of x (rows, cols); NaN for a row containing NaN. out: rows f32. */
export function rowMax(m: WasmModule, x: number, rows: number, cols: number, out: number): void {
  const fn = 'rowMax';
  const size = rowShape(fn, rows, cols);
  checkBuffer(fn, 'x', m, x, size);
  checkBuffer(fn, 'out', m, out, rows);
  checkDisjoint(fn, [['x', x, size], ['out', out, rows]]);
  m.exports.rowMax(x, rows, cols, out);
}

/** out[r] = index of the first max of row r (the first NaN if any). out: rows i32. */
export function rowArgmax(m: WasmModule, x: number, rows: number, cols: number, out: number): void {
  const fn = 'rowArgmax';
  const size = rowShape(fn, rows, cols);
  checkBuffer(fn, 'x', m, x, size);
  checkBuffer(fn, 'out', m, out, rows);
  checkDisjoint(fn, [['x', x, size], ['out', out, rows]]);
  m.exports.rowArgmax(x, rows, cols, out);
}

/** Rows where argmax(pred) == argmax(target) (Keras categorical_accuracy, as a count). */
export function categoricalAccuracyCount(m: WasmModule, pred: number, target: number, rows: number, cols: number): number {
  const fn = 'categoricalAccuracyCount';
  const size = rowShape(fn, rows, cols);
  checkBuffer(fn, 'pred', m, pred, size);
  checkBuffer(fn, 'target', m, target, size);
  return m.exports.categoricalAccuracyCount(pred, target, rows, cols);
}

/** Rows where argmax(pred) == labels[r] (Keras sparse_categorical_accuracy, as a count). labels: rows i32. */
export function sparseAccuracyCount(m: WasmModule, pred: number, labels: number, rows: number, cols: number): number {
  const fn = 'sparseAccuracyCount';
  const size = rowShape(fn, rows, cols);
  checkBuffer(fn, 'pred', m, pred, size);
  checkBuffer(fn, 'labels', m, labels, rows);
  return m.exports.sparseAccuracyCount(pred, labels, rows, cols);
}

/** Elements where target == (pred > threshold ? 1 : 0) (Keras binary_accuracy, as a count). */
export function binaryAccuracyCount(m: WasmModule, pred: number, target: number, n: number, threshold = 0.5): number {
  const fn = 'binaryAccuracyCount';
  checkInt(fn, 'n', n, 0, MAX_FLOATS);
  checkBuffer(fn, 'pred', m, pred, n);
  checkBuffer(fn, 'target', m, target, n);
  return m.exports.binaryAccuracyCount(pred, target, n, checkNumber(fn, 'threshold', threshold));
}
