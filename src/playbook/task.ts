// The playbook's view of the user's data: a fixed split into a training part, a validation part
// (every arm is measured on it) and a test part (touched once, by the final model), all decided
// by one seeded permutation, so every run of a study, in any thread or after a resume, sees the
// same rows. Sources: arrays ({ x, y } with optional { xTest, yTest }), texts ({ texts, labels }),
// a Dataset (an iterable of { xs, ys } batches, read once into arrays), or a loader name ('mnist',
// 'spam'; files are read by the CLI, src/playbook/files.ts). Kinds: 'image' for x of rank 4
// ([n, h, w, c]) or 3 ([n, h, w]), 'text' for texts (bag of words: TextVectorization multi_hot
// fitted on the training texts), else 'vector'. Integer labels make a classification task (softmax
// over the classes); float targets a regression (linear output, mean squared error).
import { ShapeError, ValidationError } from '../errors.js';
import { Rng } from '../rng.js';
import type { Tensor } from '../tensor.js';
import type { Dataset } from '../data/batch.js';
import { rowSize, toTensor } from '../data/toTensor.js';
import { TextVectorization } from '../augment/text/vectorizer.js';
import type { DataKind, Head } from './config.js';

export interface Part {
  x: Tensor<Float32Array>;
  y: Tensor;
}

export interface TextParts {
  texts: string[];
  labels: number[];
  vectorizer: TextVectorization;
}

export interface Task {
  kind: DataKind;
  /** Shape of one sample as the model sees it. */
  inputShape: number[];
  head: Head;
  regression: boolean;
  train: Part;
  val: Part;
  test: Part | null;
  /** The training texts behind train.x (text kind; the EDA arm augments them). */
  text: TextParts | null;
  /** One line for reports: where the data came from and its sizes. */
  description: string;
}

export interface ArrayData {
  x: unknown;
  y: unknown;
  xTest?: unknown;
  yTest?: unknown;
}

export interface TextData {
  texts: string[];
  labels: (number | string)[];
  testTexts?: string[];
  testLabels?: (number | string)[];
}

/**
 * The data a playbook takes: arrays (x, y), texts with labels, or Datasets (one to split, or train and
 * test).
 */
export type PlaybookData = ArrayData | TextData | Dataset | { train: Dataset; test?: Dataset };

export interface SplitOptions {
  /** Fraction of the data (after the test part is set aside) held out for validation. */
  validationSplit: number;
  /** Fraction held out as the test set when no test data is given. */
  testSplit: number;
  seed: number;
  /** Vocabulary size of the bag of words (text). */
  maxTokens: number;
}

const FN = 'playbook';
/** The smallest validation part an arm's accuracy can be read from without rounding to nothing. */
export const MIN_VALIDATION = 10;

function isIterable(v: unknown): v is Dataset {
  return !!v && (typeof (v as any)[Symbol.iterator] === 'function' || typeof (v as any)[Symbol.asyncIterator] === 'function');
}

/** Reads every batch of a dataset into one x and one y tensor. */
async function materialise(ds: Dataset, arg: string): Promise<{ x: Tensor; y: Tensor }> {
  const xs: Tensor[] = [];
  const ys: Tensor[] = [];
  for await (const b of ds as AsyncIterable<{ xs: Tensor; ys: Tensor }>) {
    if (!b || !b.xs || !b.ys) throw new ValidationError(FN, arg, 'a dataset of { xs, ys } batches', b, 'ERR_INVALID_TYPE');
    xs.push(toTensor(FN, `${arg}.xs`, b.xs));
    ys.push(toTensor(FN, `${arg}.ys`, b.ys));
  }
  if (xs.length === 0) throw new ValidationError(FN, arg, 'a dataset with at least one batch', 'an empty dataset');
  const cat = (ts: Tensor[]): Tensor => {
    const n = ts.reduce((s, t) => s + t.shape[0], 0);
    const out = new (ts[0].data.constructor as Float32ArrayConstructor)(n * rowSize(ts[0]));
    let at = 0;
    for (const t of ts) {
      out.set(t.data as Float32Array, at);
      at += t.data.length;
    }
    return { data: out, shape: [n, ...ts[0].shape.slice(1)] };
  };
  return { x: cat(xs), y: cat(ys) };
}

/** Rows `index` of t, copied. */
export function takeRows<T extends Tensor>(t: T, index: ArrayLike<number>): T {
  const r = rowSize(t);
  const out = new (t.data.constructor as Float32ArrayConstructor)(index.length * r);
  for (let i = 0; i < index.length; i++) out.set((t.data as Float32Array).subarray(index[i] * r, (index[i] + 1) * r), i * r);
  return { data: out, shape: [index.length, ...t.shape.slice(1)] } as unknown as T;
}

/** a's rows then b's (the final model's refit on the training and validation parts). */
export function concatParts(a: Part, b: Part): Part {
  const cat = <T extends Tensor>(u: T, v: T): T => {
    const out = new (u.data.constructor as Float32ArrayConstructor)(u.data.length + v.data.length);
    out.set(u.data as Float32Array);
    out.set(v.data as Float32Array, u.data.length);
    return { data: out, shape: [u.shape[0] + v.shape[0], ...u.shape.slice(1)] } as unknown as T;
  };
  return { x: cat(a.x, b.x), y: cat(a.y, b.y) };
}

/** Class labels (numbers or strings) to indices 0..k-1 by sorted value; null when they are not classes. */
function encodeLabels(values: ArrayLike<number | string>, known?: (number | string)[]): { y: Int32Array; classes: (number | string)[] } | null {
  const arr = Array.from(values as ArrayLike<number | string>);
  if (arr.every((v) => typeof v === 'number') && arr.some((v) => !Number.isInteger(v as number))) return null;
  const classes = known ?? [...new Set(arr)].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
  const at = new Map(classes.map((c, i) => [c, i]));
  const y = new Int32Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const k = at.get(arr[i]);
    if (k === undefined) throw new ValidationError(FN, 'labels', `labels among the training classes (${classes.join(', ')})`, arr[i]);
    y[i] = k;
  }
  return { y, classes };
}

function labelsOf(y: Tensor): ArrayLike<number> {
  if (y.data instanceof Int32Array) {
    if (y.shape.length !== 1 && !(y.shape.length === 2 && y.shape[1] === 1)) throw new ShapeError(FN, 'y', 'integer labels of shape [n] or [n, 1]', `[${y.shape.join(', ')}]`);
    return y.data;
  }
  return y.data;
}

/** Builds the task: split sizes are checked here (typed errors before anything is trained). */
export async function prepareTask(data: PlaybookData, o: SplitOptions, description: string): Promise<Task> {
  if (data && typeof data === 'object' && 'texts' in data) return textTask(data as TextData, o, description);
  let x: Tensor;
  let y: Tensor;
  let test: { x: Tensor; y: Tensor } | null = null;
  if (data && typeof data === 'object' && 'train' in data && isIterable((data as { train: unknown }).train)) {
    const d = data as { train: Dataset; test?: Dataset };
    ({ x, y } = await materialise(d.train, 'data.train'));
    if (d.test) test = await materialise(d.test, 'data.test');
  } else if (isIterable(data) && !Array.isArray(data)) {
    ({ x, y } = await materialise(data, 'data'));
  } else if (data && typeof data === 'object' && 'x' in data && 'y' in data) {
    const d = data as ArrayData;
    x = toTensor(FN, 'data.x', d.x);
    y = toTensor(FN, 'data.y', d.y);
    if ((d.xTest === undefined) !== (d.yTest === undefined)) throw new ValidationError(FN, 'data.yTest', 'given together with data.xTest', d.yTest);
    if (d.xTest !== undefined) test = { x: toTensor(FN, 'data.xTest', d.xTest), y: toTensor(FN, 'data.yTest', d.yTest) };
  } else {
    throw new ValidationError(FN, 'data', "{ x, y }, { texts, labels }, a Dataset, { train, test } datasets, or 'mnist' / 'spam'", data, 'ERR_INVALID_TYPE');
  }
  if (!(x.data instanceof Float32Array)) x = { data: Float32Array.from(x.data), shape: x.shape };
  if (y.shape[0] !== x.shape[0]) throw new ShapeError(FN, 'data.y', `as many rows as x (${x.shape[0]})`, y.shape[0]);
  const labels = encodeLabels(labelsOf(y));
  const regression = labels === null;
  const target = (t: Tensor, arg: string): Tensor => {
    if (regression) return { data: Float32Array.from(t.data), shape: t.shape.length === 1 ? [t.shape[0], 1] : t.shape };
    const enc = encodeLabels(labelsOf(t), labels.classes);
    if (!enc) throw new ValidationError(FN, arg, 'class labels like the training labels', 'non-integer targets');
    return { data: enc.y, shape: [t.shape[0]] };
  };
  const kind: DataKind = x.shape.length === 4 || x.shape.length === 3 ? 'image' : 'vector';
  const image = kind === 'image' && x.shape.length === 3 ? [...x.shape.slice(1), 1] : x.shape.slice(1);
  const xs = { data: x.data as Float32Array, shape: [x.shape[0], ...image] };
  const ys = target(y, 'data.y');
  const rows = split(x.shape[0], test === null, o);
  const head: Head = regression ? { type: 'linear', units: rowSize(ys) } : { type: 'softmax', units: Math.max(2, labels.classes.length) };
  let testPart: Part | null = null;
  if (test) {
    const tx = test.x.data instanceof Float32Array ? test.x : { data: Float32Array.from(test.x.data), shape: test.x.shape };
    testPart = { x: { data: tx.data as Float32Array, shape: [tx.shape[0], ...image] }, y: target(test.y, 'data.yTest') };
  } else testPart = { x: takeRows(xs, rows.test), y: takeRows(ys, rows.test) };
  return {
    kind, inputShape: image, head, regression,
    train: { x: takeRows(xs, rows.train), y: takeRows(ys, rows.train) },
    val: { x: takeRows(xs, rows.val), y: takeRows(ys, rows.val) },
    test: testPart, text: null,
    description: `${description}: ${rows.train.length} training, ${rows.val.length} validation, ${testPart.x.shape[0]} test samples`,
  };
}

/** Row indices of the parts: one seeded permutation, then test (if held out), validation, training. */
function split(n: number, holdOutTest: boolean, o: SplitOptions): { train: Int32Array; val: Int32Array; test: Int32Array } {
  const perm = new Rng(o.seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const nTest = holdOutTest ? Math.floor(n * o.testSplit) : 0;
  const rest = n - nTest;
  const nVal = Math.floor(rest * o.validationSplit);
  const nTrain = rest - nVal;
  // The 10% data-size arm needs a sample of its own; the validation part needs enough rows to read.
  if (nVal < MIN_VALIDATION || Math.floor(nTrain * 0.1) < 1 || (holdOutTest && nTest < 1)) {
    const need = Math.ceil((MIN_VALIDATION / o.validationSplit) / (holdOutTest ? 1 - o.testSplit : 1));
    throw new ValidationError(FN, 'data', `at least ${Math.max(need, 12)} samples for a validation split of ${o.validationSplit}${holdOutTest ? ` and a test split of ${o.testSplit}` : ''}`, `${n} samples`);
  }
  return { test: perm.subarray(0, nTest), val: perm.subarray(nTest, nTest + nVal), train: perm.subarray(nTest + nVal) };
}

function textTask(d: TextData, o: SplitOptions, description: string): Task {
  if (!Array.isArray(d.texts) || d.texts.some((t) => typeof t !== 'string')) throw new ValidationError(FN, 'data.texts', 'an array of strings', d.texts, 'ERR_INVALID_TYPE');
  if (!Array.isArray(d.labels) || d.labels.length !== d.texts.length) throw new ValidationError(FN, 'data.labels', `an array as long as texts (${d.texts.length})`, d.labels);
  const enc = encodeLabels(d.labels);
  if (!enc) throw new ValidationError(FN, 'data.labels', 'class labels (text tasks are classifications)', 'non-integer numbers');
  const hasTest = d.testTexts !== undefined;
  const rows = split(d.texts.length, !hasTest, o);
  const pick = (idx: Int32Array) => ({ texts: Array.from(idx, (i) => d.texts[i]), labels: Array.from(idx, (i) => enc.y[i]) });
  const tr = pick(rows.train);
  const va = pick(rows.val);
  const te = hasTest ? { texts: d.testTexts as string[], labels: Array.from(encodeLabels(d.testLabels ?? [], enc.classes)?.y ?? []) } : pick(rows.test);
  if (te.labels.length !== te.texts.length) throw new ValidationError(FN, 'data.testLabels', `an array as long as testTexts (${te.texts.length})`, d.testLabels);
  const vectorizer = new TextVectorization({ outputMode: 'multi_hot', maxTokens: o.maxTokens }).adapt(tr.texts);
  const part = (p: { texts: string[]; labels: number[] }): Part => ({ x: vectorizer.vectorize(p.texts) as Tensor<Float32Array>, y: { data: Int32Array.from(p.labels), shape: [p.labels.length] } });
  const train = part(tr);
  return {
    kind: 'text', inputShape: train.x.shape.slice(1), head: { type: 'softmax', units: Math.max(2, enc.classes.length) }, regression: false,
    train, val: part(va), test: part(te), text: { ...tr, vectorizer },
    description: `${description}: ${tr.texts.length} training, ${va.texts.length} validation, ${te.texts.length} test texts (bag of ${train.x.shape[1]} words)`,
  };
}
