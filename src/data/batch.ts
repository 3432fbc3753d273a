// The batch contract between data sources (src/data/) and model.fit: a dataset is a (possibly
// async) iterable of batches; xs is [batch, ...features], ys is [batch, ...targets] (Float32) or
// [batch] integer class labels (Int32, for sparse losses).
import type { Tensor } from '../tensor.js';

export interface Batch {
  xs: Tensor<Float32Array>;
  ys: Tensor;
}

export type Dataset = Iterable<Batch> | AsyncIterable<Batch>;
