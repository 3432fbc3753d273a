// Training data as the engine consumes it: x [n, ...inputShape] f32 (i32 token ids when the first
// layer reads integers: embedding), targets per the loss (one-hot
// or real values [n, ...outputShape] f32, or integer class labels [n, rows per sample] i32 for sparse
// losses), and optional per-row loss weights (classWeight times sampleWeight). Checked once at the start of fit or
// evaluate; batches are then copied (gathered by index when shuffled) into the plan's preallocated
// input, target and weight slots by plain loops: no views or objects per batch.
import type { Tensor } from '../tensor.js';
import type { Engine } from './engine.js';
import type { Layer } from '../layers/layer.js';
import { ShapeError, ValidationError } from '../errors.js';
import { sampleRowWeights } from './sampleWeight.js';

export interface Prepared {
  n: number;
  /** Int32 when the first layer reads integer ids (Layer.inputDtype). */
  x: Float32Array | Int32Array;
  /** f32 targets or i32 labels. */
  y: Float32Array | Int32Array;
  /** Target words per sample. */
  ySize: number;
  /** Per-row loss weights ([n * rowsPerSample]: classWeight x sampleWeight) or null. */
  w: Float32Array | null;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Validates x against the first layer's input shape and dtype; returns the data. A layer that reads
 * integer ids (embedding) takes Int32, or Float32 holding integers (cast, as Keras casts to int),
 * and checks their range here, once, before any kernel sees them.
 */
export function checkX(fn: string, x: Tensor, first: Layer): Float32Array | Int32Array {
  const inputShape = first.inShape;
  if (first.inputDtype !== 'int32' && !(x.data instanceof Float32Array)) throw new ValidationError(fn, 'x', 'a Float32 tensor', x.data, 'ERR_INVALID_TYPE');
  if (!sameShape(x.shape.slice(1), inputShape)) {
    throw new ShapeError(fn, 'x', `a tensor of shape [n, ${inputShape.join(', ')}] (the model's input)`, `[${x.shape.join(', ')}]`);
  }
  if (first.inputDtype === 'int32') {
    let ids: Int32Array;
    if (x.data instanceof Int32Array) ids = x.data;
    else {
      ids = Int32Array.from(x.data);
      const bad = x.data.findIndex((v, i) => v !== ids[i]);
      if (bad >= 0) throw new ValidationError(fn, `x[${Math.floor(bad / first.inSize)}]`, `integer token ids (${first.className} '${first.name}')`, x.data[bad], 'ERR_INVALID_TYPE');
    }
    first.checkIds(fn, ids);
    return ids;
  }
  return x.data;
}

/**
 * Targets for the engine's loss: sparse losses take integer labels (Int32, or Float32 holding
 * integers) of shape [n] or [n, ...rows, 1], checked to lie in [0, classes); other losses take
 * Float32 [n, ...outputShape].
 */
export function prepare(fn: string, engine: Engine, x: Tensor, y: Tensor, classWeight: Record<number, number> | null, sampleWeight: { arg: string; value: Tensor } | null = null, finite = false): Prepared {
  const xd = checkX(fn, x, engine.layers[0]);
  const n = x.shape[0];
  if (finite && xd instanceof Float32Array) checkFiniteRows(fn, 'x', xd, n);
  if (n === 0) throw new ShapeError(fn, 'x', 'at least one sample', '[0, ...]');
  if (y.shape[0] !== n) throw new ShapeError(fn, 'y', `as many samples as x (${n})`, y.shape[0]);
  const b = engine.binding!;
  const out = engine.outShape;
  const rps = engine.rowsPerSample;
  const classes = engine.lossCols;
  let yd: Float32Array | Int32Array;
  let ySize: number;
  if (b.loss.sparse) {
    ySize = rps;
    const size = y.shape.slice(1).reduce((a, c) => a * c, 1);
    if (size !== rps) throw new ShapeError(fn, 'y', `integer labels of shape [n${rps > 1 ? ', ' + out.slice(0, -1).join(', ') : ''}] (sparse loss)${flattenHint(engine, y.shape.length - 1, 1)}`, `[${y.shape.join(', ')}]`);
    yd = y.data instanceof Int32Array ? y.data : Int32Array.from(y.data);
    for (let i = 0; i < yd.length; i++) {
      const v = yd[i];
      if (!(v >= 0 && v < classes) || (y.data instanceof Float32Array && y.data[i] !== v)) {
        throw new ValidationError(fn, `y[${i}]`, `an integer class index in [0, ${classes})`, y.data[i]);
      }
    }
  } else {
    if (!(y.data instanceof Float32Array)) {
      const hint = b.loss.name === 'categoricalCrossentropy' ? 'use sparseCategoricalCrossentropy for integer labels' : 'float targets';
      throw new ValidationError(fn, 'y', `a Float32 tensor (${hint})`, y.data, 'ERR_INVALID_TYPE');
    }
    if (!sameShape(y.shape.slice(1), out)) {
      const hint = b.loss.name === 'categoricalCrossentropy' && y.shape.length === 1 ? ' (integer labels need sparseCategoricalCrossentropy, or one-hot them)' : '';
      throw new ShapeError(fn, 'y', `a tensor of shape [n, ${out.join(', ')}] (the model's output)${hint}${flattenHint(engine, y.shape.length - 1, 0)}`, `[${y.shape.join(', ')}]`);
    }
    yd = y.data;
    ySize = engine.layers[engine.layers.length - 1].outSize;
    if (finite) checkFiniteRows(fn, 'y', yd, n);
  }
  let w = classWeight ? rowWeights(fn, yd, n * rps, classes, b.loss.sparse, classWeight) : null;
  if (sampleWeight) w = sampleRowWeights(fn, sampleWeight.arg, sampleWeight.value, n, out.slice(0, -1), w);
  return { n, x: xd, y: yd, ySize, w };
}

/**
 * When the targets have fewer axes than the model's output and a dense layer took a multi-axis input
 * (a dense after a conv or pooling layer applies to the last axis only, as in Keras), say so: the
 * usual cause is a missing flatten(). `drop`: output axes the targets omit by design (sparse labels).
 */
function flattenHint(engine: Engine, targetRank: number, drop: number): string {
  const d = engine.layers.find((l) => l.className === 'Dense' && l.inShape.length > 1);
  if (!d || targetRank >= engine.outShape.length - drop) return '';
  return `; dense '${d.name}' acts on the last axis of its [${d.inShape.join(', ')}] input, so the model's output is [n, ${engine.outShape.join(', ')}]: add flatten() (or a global pooling layer) before it`;
}

/**
 * Up-front check of fit's and evaluate's data (issue 18 item 17): one pass that names the first
 * sample (row) holding a NaN or +-Inf, instead of a NaN loss at some later batch. scikit-learn's
 * check_array does the same by default (`ensure_all_finite=True`, "Input contains NaN"); Keras does
 * not check. The user opts out with `checkFinite: false`.
 * Cost: x * 0 is 0 for a finite x and NaN otherwise, and NaN survives addition, so the pass is one
 * multiply-add per value in four independent sums (0.8 ns a value against 1.6 for a compare per
 * value, measured on 49152 x 784 floats, AMD EPYC, Node 20, 2026-12-03); only a pass that found
 * something looks for the first bad index. And a range of memory checked once is not checked again
 * (`verified`): a search or a loop of fits over the same arrays (a 1-epoch fit of a small model spent
 * a sixth of its time here) pays one pass. A value made non-finite in place after its first check is
 * then not named up front; the step guard still stops training at its NaN loss (stepGuard.ts).
 */
export function checkFiniteRows(fn: string, arg: string, data: Float32Array, n: number): void {
  if (isVerified(data)) return;
  const end = data.length & ~3;
  let a = 0, b = 0, c = 0, d = 0;
  for (let i = 0; i < end; i += 4) {
    a += data[i] * 0;
    b += data[i + 1] * 0;
    c += data[i + 2] * 0;
    d += data[i + 3] * 0;
  }
  for (let i = end; i < data.length; i++) a += data[i] * 0;
  if (a + b + c + d === 0) {
    verify(data);
    return;
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      const per = data.length / n;
      const row = Math.floor(i / per);
      throw new ValidationError(fn, arg, `finite values (sample ${row} holds ${v} at flat index ${i - row * per}; pass checkFinite: false to train on it anyway)`, v);
    }
  }
}

/** Byte ranges [start, end) of each buffer found finite by checkFiniteRows; a few per buffer. */
const verified = new WeakMap<ArrayBufferLike, number[]>();
const MAX_RANGES = 8;

function isVerified(data: Float32Array): boolean {
  const r = verified.get(data.buffer);
  if (!r) return false;
  const start = data.byteOffset, end = start + data.byteLength;
  for (let i = 0; i < r.length; i += 2) if (r[i] <= start && end <= r[i + 1]) return true;
  return false;
}

function verify(data: Float32Array): void {
  let r = verified.get(data.buffer);
  if (!r) verified.set(data.buffer, (r = []));
  if (r.length >= 2 * MAX_RANGES) r.splice(0, 2);
  r.push(data.byteOffset, data.byteOffset + data.byteLength);
}

/** Keras class_weight: each row's loss weight is the weight of its class (label, argmax of a one-hot row, or a rounded binary target). */
function rowWeights(fn: string, y: Float32Array | Int32Array, rows: number, classes: number, sparse: boolean, cw: Record<number, number>): Float32Array {
  const w = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let c: number;
    if (sparse) c = y[r];
    else if (classes === 1) c = Math.round(y[r]);
    else {
      c = 0;
      for (let j = 1; j < classes; j++) if (y[r * classes + j] > y[r * classes + c]) c = j;
    }
    const v = cw[c];
    if (v === undefined) throw new ValidationError(fn, 'classWeight', `a weight for every class present in y (class ${c} is missing)`, cw);
    w[r] = v;
  }
  return w;
}

/** Copies samples idx[start .. start+batch) of `data` into the engine's current plan. */
export function loadBatch(engine: Engine, data: Prepared, idx: Int32Array, start: number, batch: number): void {
  const plan = engine.plan!;
  const heap = engine.heap();
  if (data.x instanceof Int32Array) copyLabels(data.x, engine.inSize, idx, start, batch, engine.heapI32(), plan.input >>> 2);
  else copyRows(data.x, engine.inSize, idx, start, batch, heap, plan.input >>> 2);
  const yDst = plan.targets >>> 2;
  if (data.y instanceof Int32Array) copyLabels(data.y, data.ySize, idx, start, batch, engine.heapI32(), yDst);
  else copyRows(data.y, data.ySize, idx, start, batch, heap, yDst);
  if (data.w) copyRows(data.w, engine.rowsPerSample, idx, start, batch, heap, plan.weights >>> 2);
}

// Plain loops, one per element type so V8's element accesses stay monomorphic. Measured on a loaded
// 2-core machine: 1.2 ms per 128 x 784 batch, about 3% of an mnist_mlp step there. Long rows go
// through TypedArray.set (a native copy) from a view of each sample made once per source array and
// kept beside it (a WeakMap, so nothing is allocated per batch and the views die with the data):
// 100-140 µs against 230-240 µs per 128 x 784 batch gathered at random from the 60,000 MNIST rows
// (AMD EPYC, Node 20, plain and shared wasm memory alike; issue 19). Rows shorter than ROW_VIEW_MIN
// floats keep the loop: there a view (about 100 bytes) would weigh too much beside its row.
const ROW_VIEW_MIN = 256;
const rowViews = new WeakMap<Float32Array, { size: number; rows: Float32Array[] }>();

function rowsOf(src: Float32Array, size: number): Float32Array[] | null {
  if (size < ROW_VIEW_MIN) return null;
  let v = rowViews.get(src);
  if (!v || v.size !== size) {
    const n = Math.floor(src.length / size);
    const rows = new Array<Float32Array>(n);
    for (let i = 0; i < n; i++) rows[i] = src.subarray(i * size, (i + 1) * size);
    v = { size, rows };
    rowViews.set(src, v);
  }
  return v.rows;
}

function copyRows(src: Float32Array, size: number, idx: Int32Array, start: number, batch: number, dst: Float32Array, at: number): void {
  const rows = rowsOf(src, size);
  if (rows) {
    for (let r = 0; r < batch; r++) dst.set(rows[idx[start + r]], at + r * size);
    return;
  }
  for (let r = 0; r < batch; r++) {
    const s = idx[start + r] * size;
    const d = at + r * size;
    for (let j = 0; j < size; j++) dst[d + j] = src[s + j];
  }
}

function copyLabels(src: Int32Array, size: number, idx: Int32Array, start: number, batch: number, dst: Int32Array, at: number): void {
  for (let r = 0; r < batch; r++) {
    const s = idx[start + r] * size;
    const d = at + r * size;
    for (let j = 0; j < size; j++) dst[d + j] = src[s + j];
  }
}
