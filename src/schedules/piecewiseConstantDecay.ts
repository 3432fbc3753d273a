// Keras 3 keras.optimizers.schedules.PiecewiseConstantDecay: `values[0]` while step <= boundaries[0],
// `values[i]` while boundaries[i-1] < step <= boundaries[i], and the last value after the last
// boundary. values.length must be boundaries.length + 1; boundaries must increase.
import type { Schedule } from '../callbacks/callback.js';
import { ValidationError } from '../errors.js';
import { checkKeys, checkNumber } from '../validate.js';

/** Options of `piecewiseConstantDecay`: increasing step boundaries and one more value than boundaries. */
export interface PiecewiseConstantDecayOptions {
  /** Strictly increasing step boundaries. */
  boundaries: number[];
  /** One more value than boundaries. */
  values: number[];
}

/**
 * Keras's PiecewiseConstantDecay: `values[i]` between `boundaries[i-1]` and `boundaries[i]` (steps), the
 * last value after the last boundary.
 */
export function piecewiseConstantDecay(options: PiecewiseConstantDecayOptions): Schedule {
  const fn = 'piecewiseConstantDecay';
  checkKeys(fn, options, ['boundaries', 'values']);
  const { boundaries, values } = options;
  if (!Array.isArray(boundaries)) throw new ValidationError(fn, 'boundaries', 'an array of numbers', boundaries, 'ERR_INVALID_TYPE');
  if (!Array.isArray(values) || values.length !== boundaries.length + 1) {
    throw new ValidationError(fn, 'values', `an array of boundaries.length + 1 = ${boundaries.length + 1} numbers`, values);
  }
  boundaries.forEach((b, i) => checkNumber(fn, `boundaries[${i}]`, b, i > 0 ? boundaries[i - 1] : -Infinity, Infinity, { minExclusive: i > 0 }));
  values.forEach((v, i) => checkNumber(fn, `values[${i}]`, v, 0));
  const b = [...boundaries];
  const v = [...values];
  return (step) => {
    let i = 0;
    while (i < b.length && step > b[i]) i++;
    return v[i];
  };
}
