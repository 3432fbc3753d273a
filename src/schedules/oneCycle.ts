// The 1cycle policy (Smith & Topin 2018) with PyTorch torch.optim.lr_scheduler.OneCycleLR semantics:
// the rate rises from maxLearningRate / divFactor to maxLearningRate over the first pctStart of the
// steps, then anneals to initial / finalDivFactor; momentum (SGD momentum, or Adam's beta1) cycles
// the other way, maxMomentum -> baseMomentum -> maxMomentum. Phase ends, as PyTorch computes them:
//   two phases:   pctStart * total - 1,  total - 1
//   three phases: pctStart * total - 1,  2 * pctStart * total - 2,  total - 1
//   (the middle phase returns to the initial rate; the last anneals to the minimum with momentum
//   held at maxMomentum). Within a phase pct = (step - phaseStart) / (phaseEnd - phaseStart) and
//   cos anneal: end + (start - end) / 2 * (1 + cos(pi * pct)); linear: start + (end - start) * pct.
// `step` counts updates done (PyTorch's last_epoch); as in PyTorch, step > totalSteps throws.
import type { Schedule } from '../callbacks/callback.js';
import { SimdnetError, ValidationError } from '../errors.js';
import { checkBool, checkInt, checkKeys, checkNumber, checkOneOf } from '../validate.js';

/** Options of `oneCycle` (PyTorch OneCycleLR's names, camelCase, and defaults). */
export interface OneCycleOptions {
  maxLearningRate: number;
  /** Total number of optimizer steps; or give epochs and stepsPerEpoch. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the steps spent increasing the rate. Default 0.3. */
  pctStart?: number;
  /** 'cos' (default) or 'linear'. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum inversely to the rate. Default true. */
  cycleMomentum?: boolean;
  /** Default 0.85. */
  baseMomentum?: number;
  /** Default 0.95. */
  maxMomentum?: number;
  /** initial rate = maxLearningRate / divFactor. Default 25. */
  divFactor?: number;
  /** minimum rate = initial rate / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
  /** Use the three-phase variant (fast.ai's original). Default false. */
  threePhase?: boolean;
}

/** A learning-rate schedule with the matching momentum (or beta1) schedule; null when not cycling.
 *  An optimizer given it as its learningRate follows both (see src/optimizers/optimizer.ts). */
export type OneCycleSchedule = Schedule & {
  readonly momentum: Schedule | null;
  readonly totalSteps: number;
  readonly baseMomentum: number;
  readonly maxMomentum: number;
};

/**
 * The 1cycle policy (Smith & Topin 2018) as PyTorch's OneCycleLR: the rate rises to `maxLearningRate`,
 * then anneals far below the start, while momentum cycles the other way.
 */
export function oneCycle(options: OneCycleOptions): OneCycleSchedule {
  const fn = 'oneCycle';
  checkKeys(fn, options, ['maxLearningRate', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase']);
  const maxLr = checkNumber(fn, 'maxLearningRate', options.maxLearningRate, 0, Infinity, { minExclusive: true });
  let total: number;
  if (options.totalSteps !== undefined) total = checkInt(fn, 'totalSteps', options.totalSteps, 1);
  else if (options.epochs !== undefined && options.stepsPerEpoch !== undefined) {
    total = checkInt(fn, 'epochs', options.epochs, 1) * checkInt(fn, 'stepsPerEpoch', options.stepsPerEpoch, 1);
  } else throw new ValidationError(fn, 'totalSteps', 'given (or epochs and stepsPerEpoch)', undefined);
  const pct = checkNumber(fn, 'pctStart', options.pctStart ?? 0.3, 0, 1);
  const cosine = checkOneOf(fn, 'annealStrategy', options.annealStrategy ?? 'cos', ['cos', 'linear'] as const) === 'cos';
  const cycle = checkBool(fn, 'cycleMomentum', options.cycleMomentum ?? true);
  const baseM = checkNumber(fn, 'baseMomentum', options.baseMomentum ?? 0.85, 0);
  const maxM = checkNumber(fn, 'maxMomentum', options.maxMomentum ?? 0.95, 0);
  const initial = maxLr / checkNumber(fn, 'divFactor', options.divFactor ?? 25, 0, Infinity, { minExclusive: true });
  const min = initial / checkNumber(fn, 'finalDivFactor', options.finalDivFactor ?? 1e4, 0, Infinity, { minExclusive: true });
  // Phase i runs from ends[i - 1] (0 for the first) to ends[i]; the rate goes lrFrom[i] -> lrTo[i] and
  // the momentum mFrom[i] -> mTo[i]. Plain number arrays so that evaluating a step allocates nothing
  // (the optimizer calls both schedules once per training step).
  const three = checkBool(fn, 'threePhase', options.threePhase ?? false);
  const ends = three ? [pct * total - 1, 2 * pct * total - 2, total - 1] : [pct * total - 1, total - 1];
  const lrFrom = three ? [initial, maxLr, initial] : [initial, maxLr];
  const lrTo = three ? [maxLr, initial, min] : [maxLr, min];
  const mFrom = three ? [maxM, baseM, maxM] : [maxM, baseM];
  const mTo = three ? [baseM, maxM, maxM] : [baseM, maxM];
  const at = (step: number, from: readonly number[], to: readonly number[]): number => {
    if (step > total) {
      throw new SimdnetError('ERR_STATE', fn, `tried to step ${step} times; the schedule has totalSteps = ${total}`);
    }
    let i = 0;
    while (i < ends.length - 1 && step > ends[i]) i++;
    const start = i === 0 ? 0 : ends[i - 1];
    const p = (step - start) / (ends[i] - start);
    const a = from[i], b = to[i];
    return cosine ? b + ((a - b) / 2) * (Math.cos(Math.PI * p) + 1) : a + (b - a) * p;
  };
  const schedule = (step: number) => at(step, lrFrom, lrTo);
  const momentum = cycle ? (step: number) => at(step, mFrom, mTo) : null;
  return Object.assign(schedule, { momentum, totalSteps: total, baseMomentum: baseM, maxMomentum: maxM });
}
