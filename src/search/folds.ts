// Cross-validation splits with scikit-learn's semantics (sklearn.model_selection): KFold gives
// contiguous folds, the first n % k one sample larger; StratifiedKFold keeps every class's share in
// each fold by dealing the class-sorted labels round-robin over the folds (StratifiedKFold's
// allocation) and assigning each class's samples to folds in order. `shuffle` (default false, as
// sklearn) permutes with the seeded Rng first.
import { ValidationError } from '../errors.js';
import { Rng } from '../rng.js';
import { tensor, type Tensor } from '../tensor.js';

/** One cross-validation split: the sample indices to train on and to test on. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

function checkSplits(fn: string, n: number, k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new ValidationError(fn, 'cv', 'an integer >= 2', k);
  if (k > n) throw new ValidationError(fn, 'cv', `at most the number of samples (${n})`, k);
}

function foldsFrom(assign: Int32Array, k: number): Fold[] {
  return Array.from({ length: k }, (_, f) => {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < assign.length; i++) (assign[i] === f ? test : train).push(i);
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}

/**
 * scikit-learn's KFold: k contiguous folds (the first n % k one sample larger), after a seeded shuffle if
 * asked.
 */
export function kFold(n: number, k: number, options: { shuffle?: boolean; seed?: number } = {}): Fold[] {
  checkSplits('kFold', n, k);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (options.shuffle) new Rng(options.seed ?? 0).shuffle(order);
  const assign = new Int32Array(n);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let i = start; i < start + size; i++) assign[order[i]] = f;
    start += size;
  }
  return foldsFrom(assign, k);
}

/**
 * scikit-learn's StratifiedKFold: k folds that keep every class's share of the labels, after a seeded
 * shuffle if asked.
 */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, options: { shuffle?: boolean; seed?: number } = {}): Fold[] {
  const n = labels.length;
  checkSplits('stratifiedKFold', n, k);
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const code = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(labels, (v) => code.get(v) as number);
  const counts = new Int32Array(classes.length);
  for (const c of y) counts[c]++;
  if (Math.max(...counts) < k) throw new ValidationError('stratifiedKFold', 'cv', `at most the largest class size (${Math.max(...counts)})`, k);
  // allocation[f][c]: how many of class c fold f gets = class c's share of sorted labels i ≡ f (mod k).
  const sorted = Int32Array.from(y).sort();
  const allocation = Array.from({ length: k }, () => new Int32Array(classes.length));
  for (let i = 0; i < n; i++) allocation[i % k][sorted[i]]++;
  const rng = new Rng(options.seed ?? 0);
  const assign = new Int32Array(n);
  for (let c = 0; c < classes.length; c++) {
    const folds: number[] = [];
    for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f][c]; j++) folds.push(f);
    if (options.shuffle) rng.shuffle(folds);
    let j = 0;
    for (let i = 0; i < n; i++) if (y[i] === c) assign[i] = folds[j++];
  }
  return foldsFrom(assign, k);
}

/** Class labels of y when it is a classification target: Int32 labels, or one-hot rows (argmax). */
export function classLabels(y: Tensor): Int32Array | null {
  if (y.data instanceof Int32Array) return y.data;
  if (y.shape.length === 2 && y.shape[1] > 1) {
    const [n, c] = y.shape;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (y.data[i * c + j] > y.data[i * c + best]) best = j;
      out[i] = best;
    }
    return out;
  }
  return null;
}

/** The rows `idx` of a tensor (first dimension = samples), copied. */
export function takeRows<T extends Tensor>(t: T, idx: Int32Array): T {
  const row = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = new (t.data.constructor as Float32ArrayConstructor | Int32ArrayConstructor)(idx.length * row);
  for (let i = 0; i < idx.length; i++) data.set(t.data.subarray(idx[i] * row, (idx[i] + 1) * row), i * row);
  return tensor(data, [idx.length, ...t.shape.slice(1)]) as T;
}
