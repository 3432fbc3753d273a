// Keras 3 keras.optimizers.schedules.CosineDecayRestarts (SGDR, Loshchilov & Hutter 2017): cosine
// decay over periods whose lengths grow geometrically by tMul, peaks scaled by mMul per restart.
//   f = step / firstDecaySteps
//   tMul == 1: i = floor(f), f -= i
//   else:      i = floor(log(1 - f * (1 - tMul)) / log(tMul)),
//              f = (f - (1 - tMul^i) / (1 - tMul)) / tMul^i
//   lr = initial * ((1 - alpha) * 0.5 * mMul^i * (1 + cos(pi * f)) + alpha)
import type { Schedule } from '../callbacks/callback.js';
import { checkKeys, checkNumber } from '../validate.js';

/** Options of `cosineDecayRestarts` (Keras 3 names and defaults). */
export interface CosineDecayRestartsOptions {
  initialLearningRate: number;
  /** Length of the first period in steps (> 0). */
  firstDecaySteps: number;
  /** Period length multiplier per restart. Default 2. */
  tMul?: number;
  /** Peak multiplier per restart. Default 1. */
  mMul?: number;
  /** Floor as a fraction of the initial rate. Default 0. */
  alpha?: number;
}

/**
 * Keras's CosineDecayRestarts (SGDR, Loshchilov & Hutter 2017): cosine decay over periods growing by
 * `tMul`, each restart's peak scaled by `mMul`.
 */
export function cosineDecayRestarts(options: CosineDecayRestartsOptions): Schedule {
  const fn = 'cosineDecayRestarts';
  checkKeys(fn, options, ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha']);
  const lr0 = checkNumber(fn, 'initialLearningRate', options.initialLearningRate, 0);
  const first = checkNumber(fn, 'firstDecaySteps', options.firstDecaySteps, 0, Infinity, { minExclusive: true });
  const tMul = checkNumber(fn, 'tMul', options.tMul ?? 2, 0, Infinity, { minExclusive: true });
  const mMul = checkNumber(fn, 'mMul', options.mMul ?? 1, 0);
  const alpha = checkNumber(fn, 'alpha', options.alpha ?? 0, 0, 1);
  return (step) => {
    let f = step / first;
    let i: number;
    if (tMul === 1) {
      i = Math.floor(f);
      f -= i;
    } else {
      i = Math.floor(Math.log(1 - f * (1 - tMul)) / Math.log(tMul));
      f = (f - (1 - tMul ** i) / (1 - tMul)) / tMul ** i;
    }
    const cosine = 0.5 * mMul ** i * (1 + Math.cos(Math.PI * f));
    return lr0 * ((1 - alpha) * cosine + alpha);
  };
}
