// The batch contract between data sources (src/data/) and model.fit: a dataset is a (possibly
// async) iterable of batches; xs is [batch, ...features], ys is [batch, ...targets] (Float32) or
// [batch] integer class labels (Int32, for sparse losses). An optional sampleWeight ([batch], or
// per loss row) weights the batch's loss, as the (x, y, sample_weight) batches of a Keras dataset.
import type { Tensor } from '../tensor.js';

export interface Batch {
  xs: Tensor<Float32Array>;
  ys: Tensor;
  /** Loss weight per sample ([batch] Float32Array or tensor) or per loss row; see fit's sampleWeight. */
  sampleWeight?: Tensor | Float32Array;
}

export type Dataset = Iterable<Batch> | AsyncIterable<Batch>;
