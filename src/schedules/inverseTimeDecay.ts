// Keras 3 keras.optimizers.schedules.InverseTimeDecay:
//   lr(step) = initialLearningRate / (1 + decayRate * step / decaySteps)
// with `staircase`, step / decaySteps is floored.
import type { Schedule } from '../callbacks/callback.js';
import { checkBool, checkKeys, checkNumber } from '../validate.js';

/** Options of `inverseTimeDecay` (Keras 3 names and defaults). */
export interface InverseTimeDecayOptions {
  initialLearningRate: number;
  /** Steps per decay period (> 0). */
  decaySteps: number;
  /** Rate of decay (>= 0). */
  decayRate: number;
  /** Decay at integer multiples of decaySteps only. Default false. */
  staircase?: boolean;
}

/**
 * Keras's InverseTimeDecay: lr = initialLearningRate / (1 + decayRate · step / decaySteps), floored with
 * `staircase`.
 */
export function inverseTimeDecay(options: InverseTimeDecayOptions): Schedule {
  const fn = 'inverseTimeDecay';
  checkKeys(fn, options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
  const lr0 = checkNumber(fn, 'initialLearningRate', options.initialLearningRate, 0);
  const decaySteps = checkNumber(fn, 'decaySteps', options.decaySteps, 0, Infinity, { minExclusive: true });
  const decayRate = checkNumber(fn, 'decayRate', options.decayRate, 0);
  const staircase = checkBool(fn, 'staircase', options.staircase ?? false);
  return (step) => {
    const p = step / decaySteps;
    return lr0 / (1 + decayRate * (staircase ? Math.floor(p) : p));
  };
}
