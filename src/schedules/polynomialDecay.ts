// Keras 3 keras.optimizers.schedules.PolynomialDecay:
//   step' = min(step, decaySteps)
//   lr    = (initial - end) * (1 - step' / decaySteps) ^ power + end
// With `cycle`, decaySteps is instead stretched to the next multiple of itself that is >= step
// (decaySteps * ceil(step / decaySteps), with ceil taken as 1 at step 0), restarting the decay.
import type { Schedule } from '../callbacks/callback.js';
import { checkBool, checkKeys, checkNumber } from '../validate.js';

/** Options of `polynomialDecay` (Keras 3 names and defaults). */
export interface PolynomialDecayOptions {
  initialLearningRate: number;
  /** Steps over which to decay (> 0). */
  decaySteps: number;
  /** Final learning rate. Default 1e-4 (Keras). */
  endLearningRate?: number;
  /** Polynomial power. Default 1 (linear). */
  power?: number;
  /** Restart the decay after decaySteps with a longer period. Default false. */
  cycle?: boolean;
}

/**
 * Keras's PolynomialDecay: from the initial rate to `endLearningRate` over `decaySteps` along (1 - step /
 * decaySteps)^power, optionally cycling.
 */
export function polynomialDecay(options: PolynomialDecayOptions): Schedule {
  const fn = 'polynomialDecay';
  checkKeys(fn, options, ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle']);
  const lr0 = checkNumber(fn, 'initialLearningRate', options.initialLearningRate, 0);
  const decaySteps = checkNumber(fn, 'decaySteps', options.decaySteps, 0, Infinity, { minExclusive: true });
  const end = checkNumber(fn, 'endLearningRate', options.endLearningRate ?? 1e-4, 0);
  const power = checkNumber(fn, 'power', options.power ?? 1, 0);
  const cycle = checkBool(fn, 'cycle', options.cycle ?? false);
  return (step) => {
    let steps = decaySteps;
    let s = step;
    if (cycle) steps = decaySteps * (step === 0 ? 1 : Math.ceil(step / decaySteps));
    else s = Math.min(step, decaySteps);
    return (lr0 - end) * (1 - s / steps) ** power + end;
  };
}
