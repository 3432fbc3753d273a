// Keras 3 keras.optimizers.schedules.CosineDecay (SGDR without restarts, Loshchilov & Hutter 2017),
// with the optional linear warmup Keras 3 added (Goyal et al. 2017):
//   no warmupTarget: lr = initial * decayed(min(step, decaySteps))
//   warmupTarget:    step' = min(step, warmupSteps + decaySteps)
//                    step' < warmupSteps: lr = initial + (warmupTarget - initial) * step' / warmupSteps
//                    otherwise:           lr = warmupTarget * decayed(step' - warmupSteps)
//   decayed(s) = (1 - alpha) * 0.5 * (1 + cos(pi * s / decaySteps)) + alpha
// As in Keras, warmupSteps is ignored unless warmupTarget is given.
import type { Schedule } from '../callbacks/callback.js';
import { checkInt, checkKeys, checkNumber } from '../validate.js';

/** Options of `cosineDecay` (Keras 3 names and defaults). */
export interface CosineDecayOptions {
  /** The starting rate (the warmup's start when warmupTarget is set). */
  initialLearningRate: number;
  /** Steps of cosine decay (> 0). */
  decaySteps: number;
  /** Floor of the decay as a fraction of the peak rate. Default 0. */
  alpha?: number;
  /** Rate reached at the end of the warmup; no warmup when omitted (Keras: None). */
  warmupTarget?: number;
  /** Steps of linear warmup. Default 0. */
  warmupSteps?: number;
}

/**
 * Keras's CosineDecay (SGDR without restarts, Loshchilov & Hutter 2017), with the optional linear warmup:
 * a per-step learning-rate schedule for an optimizer's `learningRate`.
 */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const fn = 'cosineDecay';
  checkKeys(fn, options, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps']);
  const lr0 = checkNumber(fn, 'initialLearningRate', options.initialLearningRate, 0);
  const decaySteps = checkNumber(fn, 'decaySteps', options.decaySteps, 0, Infinity, { minExclusive: true });
  const alpha = checkNumber(fn, 'alpha', options.alpha ?? 0, 0, 1);
  const target = options.warmupTarget === undefined ? null : checkNumber(fn, 'warmupTarget', options.warmupTarget, 0);
  const warmupSteps = checkInt(fn, 'warmupSteps', options.warmupSteps ?? 0, 0);
  const decayed = (s: number, from: number) => from * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * s) / decaySteps)) + alpha);
  if (target === null) return (step) => decayed(Math.min(step, decaySteps), lr0);
  return (step) => {
    const s = Math.min(step, warmupSteps + decaySteps);
    if (s < warmupSteps) return lr0 + ((target - lr0) * s) / warmupSteps;
    return decayed(s - warmupSteps, target);
  };
}
