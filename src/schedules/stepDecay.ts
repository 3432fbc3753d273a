// Step decay as the project brief states it (the classic "drop every N epochs" recipe):
//   lr(epoch) = initialLearningRate * drop ^ floor((1 + epoch) / epochsDrop)
// e.g. 0.1, drop 0.5, epochsDrop 10: 0.1 for epochs 0-8, 0.05 for 9-18, 0.025 from 19.
// Note the (1 + epoch): the first drop happens after epochsDrop - 1 epochs, as in the original recipe.
// The argument is an epoch: pass it to learningRateScheduler, or give `stepsPerEpoch` to use it as an
// optimizer schedule over steps (epoch = floor(step / stepsPerEpoch)).
import type { Schedule } from '../callbacks/callback.js';
import { checkInt, checkKeys, checkNumber } from '../validate.js';

/** Options of `stepDecay`: the initial rate, the drop factor and how many epochs between drops. */
export interface StepDecayOptions {
  initialLearningRate: number;
  /** Factor applied at each drop, in (0, 1]. */
  drop: number;
  /** Epochs between drops (> 0). */
  epochsDrop: number;
  /** Optimizer steps per epoch when used as an optimizer schedule. Default 1 (argument = epoch). */
  stepsPerEpoch?: number;
}

/**
 * Step decay, the classic "drop every N epochs" recipe: lr = initialLearningRate · drop^floor((1 + epoch)
 * / epochsDrop).
 */
export function stepDecay(options: StepDecayOptions): Schedule {
  const fn = 'stepDecay';
  checkKeys(fn, options, ['initialLearningRate', 'drop', 'epochsDrop', 'stepsPerEpoch']);
  const lr0 = checkNumber(fn, 'initialLearningRate', options.initialLearningRate, 0);
  const drop = checkNumber(fn, 'drop', options.drop, 0, 1, { minExclusive: true });
  const epochsDrop = checkNumber(fn, 'epochsDrop', options.epochsDrop, 0, Infinity, { minExclusive: true });
  const stepsPerEpoch = checkInt(fn, 'stepsPerEpoch', options.stepsPerEpoch ?? 1, 1);
  return (step) => lr0 * drop ** Math.floor((1 + Math.floor(step / stepsPerEpoch)) / epochsDrop);
}
