// fit / evaluate / predict given a dataset instead of arrays, as Keras 3's `model.fit(x)` takes a
// tf.data.Dataset, a generator or a PyDataset (keras/src/trainers/data_adapters/__init__.py
// get_data_adapter), e.g. `model.fit(gen.flow(x, y), { epochs })`. A dataset is any (async) iterable
// of batches that is not itself array data (nested number arrays, a typed array, a {data, shape}
// tensor); an array of {xs, ys} batches is a dataset.
// As in Keras: with a dataset `y` must be absent (the batches carry the targets) and so must
// batchSize ("Do not specify `batch_size` if your data is in the form of datasets, generators, or
// keras.utils.PyDataset instances"); `fit(ds, options)` and `fit(ds, undefined, options)` both work.
import type { Dataset } from '../data/batch.js';
import type { Tensor } from '../tensor.js';
import { ValidationError } from '../errors.js';

/** True for an (async) iterable that is not array data. */
export function isDataset(x: unknown): x is Dataset {
  // An array of {xs, ys} batches is a dataset (fitDataset always took one); nested number arrays are data.
  if (Array.isArray(x)) return x.length > 0 && x[0] !== null && typeof x[0] === 'object' && 'xs' in x[0];
  if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return false;
  if ('data' in x && 'shape' in x) return false; // a tensor
  const o = x as Record<symbol, unknown>;
  return typeof o[Symbol.asyncIterator] === 'function' || typeof o[Symbol.iterator] === 'function';
}

/** The options of fit/evaluate/predict(dataset, ...): the second argument, or the third with the second absent. */
export function datasetOptions<O extends object>(fn: string, second: unknown, third: O | undefined): O {
  if (second !== undefined && second !== null && third !== undefined) {
    throw new ValidationError(fn, 'y', 'absent when x is a dataset (its batches carry the targets), as in Keras', second);
  }
  const o = (third ?? second ?? {}) as O;
  if (typeof o !== 'object' || Array.isArray(o) || ArrayBuffer.isView(o) || 'data' in o) {
    throw new ValidationError(fn, 'y', 'absent when x is a dataset (its batches carry the targets), as in Keras; pass options as the second argument', o);
  }
  if ('batchSize' in o && (o as { batchSize?: unknown }).batchSize !== undefined) {
    throw new ValidationError(fn, 'batchSize', 'absent when x is a dataset (its batches are used as they come), as in Keras', (o as { batchSize?: unknown }).batchSize);
  }
  return o;
}

/** The x of one item of a dataset given to predict: a {xs, ...} batch or a bare tensor. */
export function batchInputs(fn: string, item: unknown, index: number): Tensor {
  const b = item as { xs?: unknown } | null;
  const xs = b && typeof b === 'object' && 'xs' in b ? b.xs : item;
  if (!xs || typeof xs !== 'object' || !('data' in xs) || !('shape' in xs)) {
    throw new ValidationError(fn, `dataset batch ${index}`, 'a {xs, ...} batch or an x tensor', item, 'ERR_INVALID_TYPE');
  }
  return xs as Tensor;
}
