// Keras's validation_split: the LAST `fraction` of the samples, taken before any shuffling, becomes
// the validation set (keras.src.trainers.data_adapters.array_slicing.train_validation_split):
// splitAt = floor(n * (1 - fraction)); an empty side is an error. Both sides are views, no copy.
import type { Tensor } from '../tensor.js';
import { ShapeError, ValidationError } from '../errors.js';
import { checkNumber } from '../validate.js';
import { sliceRows } from './toTensor.js';

/** A training part and a validation part of the same x and y. */
export interface Split<X extends Tensor, Y extends Tensor> {
  train: { x: X; y: Y };
  validation: { x: X; y: Y };
}

/**
 * Splits x and y into training and validation parts as Keras's `validation_split` does: the last
 * `fraction` of the samples, unshuffled, is the validation part.
 */
export function validationSplit<X extends Tensor, Y extends Tensor>(x: X, y: Y, fraction: number): Split<X, Y> {
  const fn = 'validationSplit';
  checkNumber(fn, 'fraction', fraction, 0, 1, { minExclusive: true });
  const n = x.shape[0];
  if (y.shape[0] !== n) throw new ShapeError(fn, 'y', `as many samples as x (${n})`, y.shape[0]);
  const splitAt = Math.floor(n * (1 - fraction));
  if (splitAt === 0 || splitAt === n) {
    throw new ValidationError(fn, 'fraction', `a value that leaves samples on both sides (${n} samples)`, fraction);
  }
  return {
    train: { x: sliceRows(x, 0, splitAt), y: sliceRows(y, 0, splitAt) },
    validation: { x: sliceRows(x, splitAt, n), y: sliceRows(y, splitAt, n) },
  };
}
