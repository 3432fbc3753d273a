// A light tensor value: a Float32Array (or Int32Array for integer labels) and a row-major shape.
// No copy is made; the first dimension is the batch (sample) dimension wherever a model reads one.
import { ShapeError, ValidationError } from './errors.js';

/** The element arrays a tensor may hold: Float32 for values, Int32 for class labels and token ids. */
export type TensorData = Float32Array | Int32Array;

/** A row-major n-dimensional array: its data and its shape (`tensor(data, shape)` makes one). */
export interface Tensor<D extends TensorData = TensorData> {
  readonly data: D;
  readonly shape: readonly number[];
}

/** Wraps data and a shape, checking that they agree. `tensor(new Float32Array(6), [2, 3])`. */
export function tensor<D extends TensorData>(data: D, shape: readonly number[]): Tensor<D> {
  if (!(data instanceof Float32Array) && !(data instanceof Int32Array)) {
    throw new ValidationError('tensor', 'data', 'a Float32Array or Int32Array', data, 'ERR_INVALID_TYPE');
  }
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ValidationError('tensor', 'shape', 'an array of integers >= 0', shape);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new ShapeError('tensor', 'shape', `a shape whose product is data.length (${data.length})`, `[${shape.join(', ')}]`);
  return { data, shape: Object.freeze([...shape]) };
}

/** Converts nested number arrays (rectangular) to a Float32 tensor. */
export function fromNested(fn: string, arg: string, value: unknown): Tensor<Float32Array> {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  if (shape.length === 0) throw new ValidationError(fn, arg, 'a tensor or a nested array of numbers', value, 'ERR_INVALID_TYPE');
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let k = 0;
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new ValidationError(fn, arg, 'numbers at the innermost level', v, 'ERR_INVALID_TYPE');
      data[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) throw new ShapeError(fn, arg, `a rectangular nested array of shape [${shape.join(', ')}]`, v);
    for (const e of v) walk(e, depth + 1);
  };
  walk(value, 0);
  return { data, shape };
}
