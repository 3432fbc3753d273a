// Plain-TypeScript float64 references for the reductions, keyed by wasm export name. Same argument
// order as the kernels (assembly/kernels/reduce.ts), arrays in place of pointers; row-wise kernels
// write into `out`, the others return a number.
type Arr = ArrayLike<number>;

export function sum(x: Arr, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  return s;
}

export function sumSquares(x: Arr, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}

export function sumAbs(x: Arr, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(x[i]);
  return s;
}

export function regularizerPenalty(p: Arr, n: number, l1: number, l2: number): number {
  return l1 * sumAbs(p, n) + l2 * sumSquares(p, n);
}

export function l2Norm(x: Arr, n: number): number {
  return Math.sqrt(sumSquares(x, n));
}

export function hasNonFinite(x: Arr, n: number): number {
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) return 1;
  return 0;
}

/** First index of the row maximum; the first NaN if the row has one (numpy argmax). */
function argmaxRow(x: Arr, o: number, cols: number): number {
  let best = 0;
  for (let j = 0; j < cols; j++) {
    if (Number.isNaN(x[o + j])) return j;
    if (x[o + j] > x[o + best]) best = j;
  }
  return best;
}

export function rowMax(x: Arr, rows: number, cols: number, out: number[] | Float32Array | Float64Array): void {
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Number.isNaN(x[r * cols + j]) || Number.isNaN(m) ? NaN : Math.max(m, x[r * cols + j]);
    out[r] = m;
  }
}

export function rowArgmax(x: Arr, rows: number, cols: number, out: number[] | Int32Array): void {
  for (let r = 0; r < rows; r++) out[r] = argmaxRow(x, r * cols, cols);
}

export function categoricalAccuracyCount(pred: Arr, target: Arr, rows: number, cols: number): number {
  let c = 0;
  for (let r = 0; r < rows; r++) if (argmaxRow(pred, r * cols, cols) === argmaxRow(target, r * cols, cols)) c++;
  return c;
}

export function sparseAccuracyCount(pred: Arr, labels: Arr, rows: number, cols: number): number {
  let c = 0;
  for (let r = 0; r < rows; r++) if (argmaxRow(pred, r * cols, cols) === labels[r]) c++;
  return c;
}

export function binaryAccuracyCount(pred: Arr, target: Arr, n: number, threshold: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if ((pred[i] > threshold ? 1 : 0) === target[i]) c++;
  return c;
}

export const reduceReferences: Record<string, Function> = {
  sum,
  sumSquares,
  sumAbs,
  regularizerPenalty,
  l2Norm,
  hasNonFinite,
  rowMax,
  rowArgmax,
  categoricalAccuracyCount,
  sparseAccuracyCount,
  binaryAccuracyCount,
};
