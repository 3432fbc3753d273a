// Accepts what fit/evaluate accept for x and y: a Tensor (used as is, no copy) or a rectangular
// nested array of numbers (copied once into a Float32 tensor).
import type { Tensor } from '../tensor.js';
import { fromNested } from '../tensor.js';
import { ValidationError } from '../errors.js';

/**
 * What fit, evaluate and predict accept for x and y: a Tensor (used as is) or a rectangular nested array
 * of numbers (copied once).
 */
export type TensorLike = Tensor | number[] | number[][] | number[][][] | number[][][][];

/**
 * Turns a TensorLike into a Tensor (no copy for a Tensor); anything else is a ValidationError naming `fn`
 * and `arg`.
 */
export function toTensor(fn: string, arg: string, value: unknown): Tensor {
  if (value !== null && typeof value === 'object' && 'data' in value && 'shape' in value) {
    const t = value as Tensor;
    if (!(t.data instanceof Float32Array) && !(t.data instanceof Int32Array)) {
      throw new ValidationError(fn, arg, 'a tensor over a Float32Array or Int32Array', t.data, 'ERR_INVALID_TYPE');
    }
    if (!Array.isArray(t.shape) || t.shape.length === 0) throw new ValidationError(fn, arg, 'a tensor with at least one dimension', t.shape);
    return t;
  }
  return fromNested(fn, arg, value);
}

/** Number of values per sample: product of every dimension but the first. */
export function rowSize(t: Tensor): number {
  let n = 1;
  for (let i = 1; i < t.shape.length; i++) n *= t.shape[i];
  return n;
}

/** Rows [start, end) of t as a view (no copy). */
export function sliceRows<T extends Tensor>(t: T, start: number, end: number): T {
  const r = rowSize(t);
  return { data: t.data.subarray(start * r, end * r), shape: [end - start, ...t.shape.slice(1)] } as unknown as T;
}
