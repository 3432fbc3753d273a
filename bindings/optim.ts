// Typed, validated access to the optimizer steps (assembly/kernels/optim.ts, optimAdam.ts). A model lays out its
// parameters as one flat arena p (n floats), gradients g in the same layout, and one buffer per
// optimizer state (`optimizerStates` says which, in kernel order, and their initial values); then
// `createOptimizerStep` validates everything once and returns a function to call once per batch with
// the step t, the learning rate and the gradient scale. The call allocates nothing and checks only
// those three numbers, so it can sit in the training loop.
// Hyperparameters, their Keras 3 defaults and the state list live in optimHyper.ts (re-exported
// here); the step itself takes lr per call so that schedules are evaluated in TypeScript.
import type { WasmModule } from './loader.js';
import { checkBuffer, checkDisjoint, MAX_FLOATS } from './buffers.js';
import { NonFiniteError, ShapeError, ValidationError } from '../src/errors.js';
import { checkInt, checkNumber } from '../src/validate.js';
import { resolveOptimizerHyper, statesOf, type OptimizerHyper, type OptimizerKind, type Resolved } from './optimHyper.js';

export { OPTIMIZER_KINDS, KERAS_LEARNING_RATES, resolveOptimizerHyper, optimizerStates } from './optimHyper.js';
export type { OptimizerKind, OptimizerHyper, OptimizerState } from './optimHyper.js';

/**
 * Byte offsets of the buffers one optimizer step reads and updates: parameters, gradients and the
 * optimizer's state slots.
 */
export interface OptimizerBuffers {
  /** Byte offset of the parameter arena (n floats), updated in place. */
  p: number;
  /** Byte offset of the gradients (n floats), read only. */
  g: number;
  /** Number of parameters, >= 0. */
  n: number;
  /** Byte offsets of the state buffers (n floats each), in `optimizerStates` order, initialized. */
  states: readonly number[];
  /**
   * The undo journal (assembly/kernels/optim.ts), or absent: a buffer of n floats for p and one per
   * state (same order), disjoint from everything else. Each step then stores there what p and the
   * states held before it, in the same pass, so that a non-finite step can be copied back.
   */
  journal?: { p: number; states: readonly number[] };
}

/** One optimizer update over the whole arena. t: 1-based step; lr >= 0; gradScale >= 0 (default 1)
 *  carries global-norm clipping (see clipScale). Returns how many parameters the update left NaN or
 *  +-Inf (0 for a good step). */
export type OptimizerStepFn = (t: number, lr: number, gradScale?: number) => number;

/** The momentum (sgd, rmsprop) or beta1 (adam, adamw, adamax, nadam) of each update: update t uses
 *  momentumAt(t - 1), the number of updates done before it (as a learning-rate schedule). */
export type MomentumSchedule = (step: number) => number;

/** The optimizers whose momentum term PyTorch's OneCycleLR can cycle ('momentum' or 'betas' in their
 *  defaults), and which of the two it is. */
const CYCLED: Partial<Record<OptimizerKind, 'momentum' | 'beta1'>> = {
  sgd: 'momentum', rmsprop: 'momentum', adam: 'beta1', adamw: 'beta1', adamax: 'beta1', nadam: 'beta1',
};

/** Which hyperparameter a momentum schedule drives for `kind`, or null when it has none. */
export function cycledHyper(kind: OptimizerKind): 'momentum' | 'beta1' | null {
  return CYCLED[kind] ?? null;
}

/** Nadam's u_1 * ... * u_t with u_i = beta1At(i) * (1 - 0.5 * 0.96^i) (keras/src/optimizers/nadam.py
 *  keeps this product in a variable; beta1At(i) is the beta1 of update i). Stops once the product is
 *  below 1e-300: from there 1 - product * u is exactly 1 in f64, so the kernel's coefficients are
 *  those of the full product (which would not even reach 0: denormals times 0.9 round back up). */
export function nadamMomentumProduct(t: number, beta1At: (i: number) => number): number {
  let prod = 1;
  for (let i = 1; i <= t && prod > 1e-300; i++) prod *= beta1At(i) * (1 - 0.5 * Math.pow(0.96, i));
  return prod;
}

/** Validates the buffers and hyperparameters once and returns the per-batch step. The buffers must
 *  stay allocated while the step is used (memory growth does not move them). With `momentumAt`, each
 *  update t uses momentumAt(t - 1) as its momentum (sgd, rmsprop) or beta1 (adam family) in place of
 *  hyper's (PyTorch OneCycleLR's cycle_momentum); sgd and rmsprop then need their momentum buffer,
 *  i.e. hyper.momentum > 0, and adagrad and adadelta refuse it (no momentum term). */
export function createOptimizerStep(m: WasmModule, kind: OptimizerKind, hyper: OptimizerHyper, buffers: OptimizerBuffers,
  momentumAt: MomentumSchedule | null = null): OptimizerStepFn {
  const fn = 'createOptimizerStep';
  const h = resolveOptimizerHyper(kind, hyper);
  const names = statesOf(kind, h).map((s) => s.name);
  if (buffers === null || typeof buffers !== 'object') throw new ValidationError(fn, 'buffers', 'an object', buffers, 'ERR_INVALID_TYPE');
  const n = checkInt(fn, 'n', buffers.n, 0, MAX_FLOATS);
  if (!Array.isArray(buffers.states) || buffers.states.length !== names.length) {
    throw new ShapeError(fn, 'states', `${names.length} buffers (${names.join(', ') || 'none'})`, buffers.states);
  }
  checkBuffer(fn, 'p', m, buffers.p, n);
  checkBuffer(fn, 'g', m, buffers.g, n);
  names.forEach((name, i) => checkBuffer(fn, `states[${i}] (${name})`, m, buffers.states[i], n));
  const regions: [string, number, number][] = [['p', buffers.p, n], ['g', buffers.g, n], ...names.map((name, i): [string, number, number] => [name, buffers.states[i], n])];
  const journal = buffers.journal;
  if (journal !== undefined) {
    if (journal === null || typeof journal !== 'object' || !Array.isArray(journal.states) || journal.states.length !== names.length) {
      throw new ShapeError(fn, 'journal', `{ p, states: ${names.length} buffers (${names.join(', ') || 'none'}) }`, journal);
    }
    checkBuffer(fn, 'journal.p', m, journal.p, n);
    names.forEach((name, i) => checkBuffer(fn, `journal.states[${i}] (${name})`, m, journal.states[i], n));
    regions.push(['journal.p', journal.p, n], ...names.map((name, i): [string, number, number] => [`journal of ${name}`, journal.states[i], n]));
  }
  checkDisjoint(fn, regions);
  const momentum = momentumAtStep(kind, h, names, momentumAt);
  const { p, g } = buffers;
  const s = (name: string) => (names.includes(name) ? buffers.states[names.indexOf(name)] : 0); // 0: unused state
  // The journal of p and of each state, or 0 (no journal, or a state this configuration lacks).
  const jp = journal ? journal.p : 0;
  const j = (name: string) => (journal && names.includes(name) ? journal.states[names.indexOf(name)] : 0);
  const { clipValue: c, weightDecay: wd, epsilon: eps } = h;
  const x = m.exports;
  const check = (t: number, lr: number, scale: number) => {
    checkInt('optimizerStep', 't', t, 1, 2 ** 31 - 1);
    checkNumber('optimizerStep', 'lr', lr, 0);
    if (!Number.isFinite(scale)) throw new NonFiniteError('optimizerStep', `gradient scale is ${scale}: the gradient norm was not finite`);
    checkNumber('optimizerStep', 'gradScale', scale, 0);
  };
  switch (kind) {
    case 'sgd': {
      const v = s('momentum'), nest = +h.nesterov, jv = j('momentum');
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        return x.sgdStep(p, g, v, n, lr, momentum(t), t, scale, c, wd, nest, jp, jv);
      };
    }
    case 'rmsprop': {
      const vel = s('velocity'), mo = s('momentum'), avg = s('averageGradient'), rho = h.rho, cen = +h.centered;
      const jvel = j('velocity'), jmo = j('momentum'), javg = j('averageGradient');
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        return x.rmspropStep(p, g, vel, mo, avg, n, lr, rho, momentum(t), eps, t, scale, c, wd, cen, jp, jvel, jmo, javg);
      };
    }
    case 'adam':
    case 'adamw': {
      const mm = s('momentum'), v = s('velocity'), vh = s('velocityHat'), beta2 = h.beta2, ams = +h.amsgrad;
      const jm = j('momentum'), jv = j('velocity'), jvh = j('velocityHat');
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        return x.adamStep(p, g, mm, v, vh, n, lr, momentum(t), beta2, eps, t, scale, c, wd, ams, jp, jm, jv, jvh);
      };
    }
    case 'adagrad': {
      const acc = s('accumulator'), jacc = j('accumulator');
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        return x.adagradStep(p, g, acc, n, lr, eps, t, scale, c, wd, jp, jacc);
      };
    }
    case 'adadelta': {
      const ag = s('accumulatedGrad'), ad = s('accumulatedDeltaVar'), rho = h.rho, jag = j('accumulatedGrad'), jad = j('accumulatedDeltaVar');
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        return x.adadeltaStep(p, g, ag, ad, n, lr, rho, eps, t, scale, c, wd, jp, jag, jad);
      };
    }
    case 'adamax': {
      const a = s('momentum'), u = s('norm'), beta2 = h.beta2, ja = j('momentum'), ju = j('norm');
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        return x.adamaxStep(p, g, a, u, n, lr, momentum(t), beta2, eps, t, scale, c, wd, jp, ja, ju);
      };
    }
    case 'nadam': {
      const a = s('momentum'), v = s('velocity'), beta2 = h.beta2, ja = j('momentum'), jv = j('velocity');
      // Keras's u_product variable: run[1] is the product through update run[0], extended by one
      // factor per step; rebuilt from the beta1 of every earlier update when t does not follow on
      // (first use of this step after training elsewhere, or a repeated t). A model loaded from disk
      // keeps its last beta1 but not the schedule, so its rebuilt product assumes that beta1 all along:
      // it differs from the trained one only while the product is above f32 resolution (about the
      // first 150 updates at beta1 0.9). A typed array, because a captured `let` holding a double is
      // boxed anew (16 heap bytes) at every write.
      const run = new Float64Array([0, 1]);
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        const beta1 = momentum(t);
        if (run[0] !== t - 1) run[1] = nadamMomentumProduct(t - 1, momentum);
        run[1] *= beta1 * (1 - 0.5 * Math.pow(0.96, t));
        run[0] = t;
        return x.nadamStep(p, g, a, v, n, lr, beta1, beta2, eps, t, scale, c, wd, run[1], jp, ja, jv);
      };
    }
  }
}

/** momentum(t): the momentum or beta1 of update t, fixed (hyper's) or from the schedule, checked. */
function momentumAtStep(kind: OptimizerKind, h: Resolved, states: readonly string[], momentumAt: MomentumSchedule | null): (t: number) => number {
  const fn = 'createOptimizerStep';
  const which = cycledHyper(kind);
  if (momentumAt === null) {
    const fixed = which === null ? 0 : h[which];
    return () => fixed;
  }
  if (typeof momentumAt !== 'function') throw new ValidationError(fn, 'momentumAt', 'a function (step) => momentum, or null', momentumAt, 'ERR_INVALID_TYPE');
  if (which === null) {
    throw new ValidationError(fn, 'momentumAt', `null: ${kind} has no momentum or beta1 to schedule (PyTorch's OneCycleLR refuses it too)`, 'a schedule');
  }
  if (which === 'momentum' && !states.includes('momentum')) {
    throw new ValidationError(fn, 'hyper.momentum', `> 0 when momentum follows a schedule (it sizes the ${kind} momentum buffer)`, h.momentum);
  }
  // momentum may be 1 (Keras accepts [0, 1]); beta1 must stay below 1 (1 - beta1^t is a divisor).
  const below = which === 'beta1';
  return (t) => {
    const v = checkNumber('optimizerStep', which, momentumAt(t - 1), 0, 1);
    if (below && v === 1) throw new ValidationError('optimizerStep', 'beta1', 'a finite number in [0, 1)', v);
    return v;
  };
}

/** Keras clip scale for clipnorm / global_clipnorm (keras/src/optimizers/base_optimizer.py
 *  clip_by_global_norm): clipNorm * min(1 / norm, 1 / clipNorm), i.e. 1 while norm <= clipNorm;
 *  NaN when the norm is not finite (Keras then produces NaN gradients; the step refuses NaN). */
export function clipScale(norm: number, clipNorm: number): number {
  checkNumber('clipScale', 'clipNorm', clipNorm, 0, Infinity, { minExclusive: true });
  if (!Number.isFinite(norm)) return NaN;
  return clipNorm * Math.min(1 / norm, 1 / clipNorm);
}

/** g += l1 * sign(p) + 2 * l2 * p over n floats: the Keras L1L2 penalty gradient of one layer. */
export function addRegularizerGrad(m: WasmModule, p: number, g: number, n: number, l1: number, l2: number): void {
  const fn = 'addRegularizerGrad';
  checkInt(fn, 'n', n, 0, MAX_FLOATS);
  checkBuffer(fn, 'p', m, p, n);
  checkBuffer(fn, 'g', m, g, n);
  checkDisjoint(fn, [['p', p, n], ['g', g, n]]);
  m.exports.addRegularizerGrad(p, g, n, checkNumber(fn, 'l1', l1, 0), checkNumber(fn, 'l2', l2, 0));
}
