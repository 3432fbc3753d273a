// The batch contract between data sources (src/data/) and model.fit: a dataset is a (possibly
// async) iterable of batches; xs is [batch, ...features], ys is [batch, ...targets] (Float32) or
// [batch] integer class labels (Int32, for sparse losses). An optional sampleWeight ([batch], or
// per loss row) weights the batch's loss, as the (x, y, sample_weight) batches of a Keras dataset.
import type { Tensor } from '../tensor.js';

/**
 * One mini-batch as model.fit consumes it: inputs (Float32 [n, ...]) and targets (Float32 [n, k], or Int32
 * [n] class labels).
 */
export interface Batch {
  xs: Tensor<Float32Array>;
  ys: Tensor;
  /** Loss weight per sample ([batch] Float32Array or tensor) or per loss row; see fit's sampleWeight. */
  sampleWeight?: Tensor | Float32Array;
}

/**
 * Batches model.fit can train on: any iterable or async iterable of Batch (a generator, a StreamDataset,
 * an ImageDataGenerator flow).
 */
export type Dataset = Iterable<Batch> | AsyncIterable<Batch>;
