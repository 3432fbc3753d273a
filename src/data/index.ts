// Data: tensors to batches, validation split, streaming datasets, and the MNIST loader.
export type { Batch, Dataset } from './batch.js';
export { toTensor, rowSize, sliceRows } from './toTensor.js';
export type { TensorLike } from './toTensor.js';
export { validationSplit } from './validationSplit.js';
export type { Split } from './validationSplit.js';
export { arrayBatches, ArrayBatches } from './arrayBatches.js';
export type { ArrayBatchesOptions } from './arrayBatches.js';
export { StreamDataset, stack } from './stream.js';
export type { Sample } from './stream.js';
export { oneHot } from './oneHot.js';
export { parseIdx, encodeIdx } from './idx.js';
export type { MnistOptions, Mnist, MnistSplit } from './mnist.js';
import { fromGenerator, zip } from './stream.js';
import { fromRecords, fromLines } from './records.js';
import { mnist } from './mnist.js';
export type { RecordOptions } from './records.js';

/** Streaming dataset constructors (tf.data style): fromGenerator, fromRecords, fromLines, zip. */
export const dataset = { fromGenerator, fromRecords, fromLines, zip };

/** Bundled dataset loaders. */
export const datasets = { mnist };
