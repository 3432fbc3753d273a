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

/** A learning-rate schedule with the matching momentum (or beta1) schedule; null when not cycling. */
export type OneCycleSchedule = Schedule & { readonly momentum: Schedule | null; readonly totalSteps: number };

interface Phase {
  end: number;
  lr: [number, number];
  m: [number, number];
}

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
  const anneal = checkOneOf(fn, 'annealStrategy', options.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
  const cycle = checkBool(fn, 'cycleMomentum', options.cycleMomentum ?? true);
  const baseM = checkNumber(fn, 'baseMomentum', options.baseMomentum ?? 0.85, 0);
  const maxM = checkNumber(fn, 'maxMomentum', options.maxMomentum ?? 0.95, 0);
  const initial = maxLr / checkNumber(fn, 'divFactor', options.divFactor ?? 25, 0, Infinity, { minExclusive: true });
  const min = initial / checkNumber(fn, 'finalDivFactor', options.finalDivFactor ?? 1e4, 0, Infinity, { minExclusive: true });
  const phases: Phase[] = checkBool(fn, 'threePhase', options.threePhase ?? false)
    ? [
        { end: pct * total - 1, lr: [initial, maxLr], m: [maxM, baseM] },
        { end: 2 * pct * total - 2, lr: [maxLr, initial], m: [baseM, maxM] },
        { end: total - 1, lr: [initial, min], m: [maxM, maxM] },
      ]
    : [
        { end: pct * total - 1, lr: [initial, maxLr], m: [maxM, baseM] },
        { end: total - 1, lr: [maxLr, min], m: [baseM, maxM] },
      ];
  const annealFn = anneal === 'cos'
    ? (a: number, b: number, p: number) => b + ((a - b) / 2) * (Math.cos(Math.PI * p) + 1)
    : (a: number, b: number, p: number) => a + (b - a) * p;
  const at = (step: number, pick: (p: Phase) => [number, number]): number => {
    if (step > total) {
      throw new SimdnetError('ERR_STATE', fn, `tried to step ${step} times; the schedule has totalSteps = ${total}`);
    }
    let i = 0;
    while (i < phases.length - 1 && step > phases[i].end) i++;
    const start = i === 0 ? 0 : phases[i - 1].end;
    const [a, b] = pick(phases[i]);
    return annealFn(a, b, (step - start) / (phases[i].end - start));
  };
  const schedule = ((step: number) => at(step, (p) => p.lr)) as OneCycleSchedule;
  return Object.assign(schedule, { momentum: cycle ? (step: number) => at(step, (p) => p.m) : null, totalSteps: total });
}
