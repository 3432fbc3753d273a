// Keras 3 keras.optimizers.schedules.ExponentialDecay:
//   lr(step) = initialLearningRate * decayRate ^ (step / decaySteps)
// and with `staircase` the exponent is floor(step / decaySteps): the rate drops in discrete steps.
import type { Schedule } from '../callbacks/callback.js';
import { checkBool, checkKeys, checkNumber } from '../validate.js';

/** Options of `exponentialDecay` (Keras 3 names and defaults). */
export interface ExponentialDecayOptions {
  initialLearningRate: number;
  /** Steps per decay period (> 0). */
  decaySteps: number;
  /** Factor applied per period (> 0). */
  decayRate: number;
  /** Decay at integer multiples of decaySteps only. Default false. */
  staircase?: boolean;
}

/**
 * Keras's ExponentialDecay: lr = initialLearningRate · decayRate^(step / decaySteps), in discrete drops
 * with `staircase`.
 */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const fn = 'exponentialDecay';
  checkKeys(fn, options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
  const lr0 = checkNumber(fn, 'initialLearningRate', options.initialLearningRate, 0);
  const decaySteps = checkNumber(fn, 'decaySteps', options.decaySteps, 0, Infinity, { minExclusive: true });
  const decayRate = checkNumber(fn, 'decayRate', options.decayRate, 0, Infinity, { minExclusive: true });
  const staircase = checkBool(fn, 'staircase', options.staircase ?? false);
  return (step) => {
    const p = step / decaySteps;
    return lr0 * decayRate ** (staircase ? Math.floor(p) : p);
  };
}
