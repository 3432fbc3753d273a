// Typed, validated access to the optimizer steps (assembly/kernels/optim.ts). A model lays out its
// parameters as one flat arena p (n floats), gradients g in the same layout, and one buffer per
// optimizer state (`optimizerStates` says which, in kernel order, and their initial values); then
// `createOptimizerStep` validates everything once and returns a function to call once per batch with
// the step t, the learning rate and the gradient scale. The call allocates nothing and checks only
// those three numbers, so it can sit in the training loop.
// Defaults are Keras 3's (keras/src/optimizers/<name>.py); `KERAS_LEARNING_RATES` lists the default
// learning rate of each optimizer for the public API (the step itself takes lr per call so that
// schedules are evaluated in TypeScript).
import type { WasmModule } from './loader.js';
import { checkBuffer, checkDisjoint } from './buffers.js';
import { NonFiniteError, ShapeError, ValidationError } from '../src/errors.js';
import { checkBool, checkInt, checkKeys, checkNumber, checkOneOf } from '../src/validate.js';

export type OptimizerKind = 'sgd' | 'rmsprop' | 'adam' | 'adamw' | 'adagrad' | 'adadelta' | 'adamax' | 'nadam';
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgd', 'rmsprop', 'adam', 'adamw', 'adagrad', 'adadelta', 'adamax', 'nadam'];

/** Hyperparameters; each optimizer accepts its own subset plus clipValue and weightDecay. */
export interface OptimizerHyper {
  /** sgd, rmsprop: momentum in [0, 1]. Default 0 (sgd: plain SGD; rmsprop: no momentum buffer). */
  momentum?: number;
  /** sgd: Nesterov momentum. Default false. */
  nesterov?: boolean;
  /** rmsprop (default 0.9), adadelta (default 0.95): decay of the squared-gradient average, [0, 1]. */
  rho?: number;
  /** Default 1e-7 everywhere (Keras 3). Must be > 0. */
  epsilon?: number;
  /** rmsprop: normalize by the estimated variance. Default false. */
  centered?: boolean;
  /** adam, adamw, adamax, nadam: default 0.9, in [0, 1). */
  beta1?: number;
  /** adam, adamw, adamax, nadam: default 0.999, in [0, 1). */
  beta2?: number;
  /** adam, adamw: keep the running max of v. Default false. */
  amsgrad?: boolean;
  /** adagrad: starting value of the accumulator. Default 0.1, >= 0. */
  initialAccumulatorValue?: number;
  /** Clip each gradient element to [-clipValue, clipValue]; 0 (default) = no clipping. */
  clipValue?: number;
  /** Decoupled decay p -= p * weightDecay * lr before each update. Default 0 (adamw: 0.004). */
  weightDecay?: number;
}

type Resolved = Required<OptimizerHyper>;

/** Keras 3 default learning rate of each optimizer. */
export const KERAS_LEARNING_RATES: Readonly<Record<OptimizerKind, number>> = {
  sgd: 0.01, rmsprop: 0.001, adam: 0.001, adamw: 0.001, adagrad: 0.001, adadelta: 0.001, adamax: 0.001, nadam: 0.001,
};

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
/** Keras 3 defaults of the hyperparameters each optimizer accepts (its keys are the allowed options). */
const DEFAULTS: Record<OptimizerKind, Partial<OptimizerHyper>> = {
  sgd: { momentum: 0, nesterov: false },
  rmsprop: { rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
  adam: { ...ADAM, amsgrad: false },
  adamw: { ...ADAM, amsgrad: false, weightDecay: 0.004 },
  adagrad: { initialAccumulatorValue: 0.1, epsilon: 1e-7 },
  adadelta: { rho: 0.95, epsilon: 1e-7 },
  adamax: { ...ADAM },
  nadam: { ...ADAM },
};
const COMMON = { clipValue: 0, weightDecay: 0 };

/** Validates `hyper` for `kind` and fills in the Keras defaults. */
export function resolveOptimizerHyper(kind: OptimizerKind, hyper: OptimizerHyper = {}): Resolved {
  const fn = 'optimizer';
  checkOneOf(fn, 'kind', kind, OPTIMIZER_KINDS);
  if (hyper === null || typeof hyper !== 'object') throw new ValidationError(fn, 'hyper', 'an object', hyper, 'ERR_INVALID_TYPE');
  const defaults = { ...COMMON, ...DEFAULTS[kind] };
  checkKeys(`${fn} '${kind}'`, hyper, Object.keys(defaults));
  const h = { ...defaults, ...hyper } as Record<string, unknown>;
  const num = (k: string, lo: number, hi: number, loExclusive = false, hiExclusive = false) => {
    if (!(k in defaults)) return 0;
    const v = checkNumber(fn, k, h[k], lo, hi, { minExclusive: loExclusive });
    if (hiExclusive && v >= hi) throw new ValidationError(fn, k, `a finite number in [${lo}, ${hi})`, v);
    return v;
  };
  const bool = (k: string) => (k in defaults ? checkBool(fn, k, h[k]) : false);
  return {
    momentum: num('momentum', 0, 1),
    nesterov: bool('nesterov'),
    rho: num('rho', 0, 1),
    epsilon: num('epsilon', 0, Infinity, true),
    centered: bool('centered'),
    beta1: num('beta1', 0, 1, false, true), // beta = 1 makes the bias corrections 1 - beta^t zero
    beta2: num('beta2', 0, 1, false, true),
    amsgrad: bool('amsgrad'),
    initialAccumulatorValue: num('initialAccumulatorValue', 0, Infinity),
    clipValue: num('clipValue', 0, Infinity),
    weightDecay: num('weightDecay', 0, Infinity),
  };
}

export interface OptimizerState {
  /** Keras's name for the slot (momentum, velocity, ...). */
  name: string;
  /** Value every element must hold before the first step. */
  init: number;
}

/** The state buffers `kind` needs with these hyperparameters, in the order createOptimizerStep takes them. */
export function optimizerStates(kind: OptimizerKind, hyper: OptimizerHyper = {}): OptimizerState[] {
  return statesOf(kind, resolveOptimizerHyper(kind, hyper));
}

function statesOf(kind: OptimizerKind, h: Resolved): OptimizerState[] {
  const zero = (...names: string[]) => names.map((name) => ({ name, init: 0 }));
  switch (kind) {
    case 'sgd':
      return h.momentum !== 0 ? zero('momentum') : [];
    case 'rmsprop':
      return zero('velocity', ...(h.momentum > 0 ? ['momentum'] : []), ...(h.centered ? ['averageGradient'] : []));
    case 'adam':
    case 'adamw':
      return zero('momentum', 'velocity', ...(h.amsgrad ? ['velocityHat'] : []));
    case 'adagrad':
      return [{ name: 'accumulator', init: h.initialAccumulatorValue }];
    case 'adadelta':
      return zero('accumulatedGrad', 'accumulatedDeltaVar');
    case 'adamax':
      return zero('momentum', 'norm');
    case 'nadam':
      return zero('momentum', 'velocity');
  }
}

export interface OptimizerBuffers {
  /** Byte offset of the parameter arena (n floats), updated in place. */
  p: number;
  /** Byte offset of the gradients (n floats), read only. */
  g: number;
  /** Number of parameters, >= 0. */
  n: number;
  /** Byte offsets of the state buffers (n floats each), in `optimizerStates` order, initialized. */
  states: readonly number[];
}

/** One optimizer update over the whole arena. t: 1-based step; lr >= 0; gradScale >= 0 (default 1)
 *  carries global-norm clipping (see clipScale). */
export type OptimizerStepFn = (t: number, lr: number, gradScale?: number) => void;

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
  const n = checkInt(fn, 'n', buffers.n, 0, 2 ** 29);
  if (!Array.isArray(buffers.states) || buffers.states.length !== names.length) {
    throw new ShapeError(fn, 'states', `${names.length} buffers (${names.join(', ') || 'none'})`, buffers.states);
  }
  checkBuffer(fn, 'p', m, buffers.p, n);
  checkBuffer(fn, 'g', m, buffers.g, n);
  names.forEach((name, i) => checkBuffer(fn, `states[${i}] (${name})`, m, buffers.states[i], n));
  checkDisjoint(fn, [['p', buffers.p, n], ['g', buffers.g, n], ...names.map((name, i): [string, number, number] => [name, buffers.states[i], n])]);
  const momentum = momentumAtStep(kind, h, names, momentumAt);
  const { p, g } = buffers;
  const s = (name: string) => (names.includes(name) ? buffers.states[names.indexOf(name)] : 0); // 0: unused state
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
      const v = s('momentum'), nest = +h.nesterov;
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        x.sgdStep(p, g, v, n, lr, momentum(t), t, scale, c, wd, nest);
      };
    }
    case 'rmsprop': {
      const vel = s('velocity'), mo = s('momentum'), avg = s('averageGradient'), rho = h.rho, cen = +h.centered;
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        x.rmspropStep(p, g, vel, mo, avg, n, lr, rho, momentum(t), eps, t, scale, c, wd, cen);
      };
    }
    case 'adam':
    case 'adamw': {
      const mm = s('momentum'), v = s('velocity'), vh = s('velocityHat'), beta2 = h.beta2, ams = +h.amsgrad;
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        x.adamStep(p, g, mm, v, vh, n, lr, momentum(t), beta2, eps, t, scale, c, wd, ams);
      };
    }
    case 'adagrad': {
      const acc = s('accumulator');
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        x.adagradStep(p, g, acc, n, lr, eps, t, scale, c, wd);
      };
    }
    case 'adadelta': {
      const ag = s('accumulatedGrad'), ad = s('accumulatedDeltaVar'), rho = h.rho;
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        x.adadeltaStep(p, g, ag, ad, n, lr, rho, eps, t, scale, c, wd);
      };
    }
    case 'adamax': {
      const a = s('momentum'), u = s('norm'), beta2 = h.beta2;
      return (t, lr, scale = 1) => {
        check(t, lr, scale);
        x.adamaxStep(p, g, a, u, n, lr, momentum(t), beta2, eps, t, scale, c, wd);
      };
    }
    case 'nadam': {
      const a = s('momentum'), v = s('velocity'), beta2 = h.beta2;
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
        x.nadamStep(p, g, a, v, n, lr, beta1, beta2, eps, t, scale, c, wd, run[1]);
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
  checkInt(fn, 'n', n, 0, 2 ** 29);
  checkBuffer(fn, 'p', m, p, n);
  checkBuffer(fn, 'g', m, g, n);
  checkDisjoint(fn, [['p', p, n], ['g', g, n]]);
  m.exports.addRegularizerGrad(p, g, n, checkNumber(fn, 'l1', l1, 0), checkNumber(fn, 'l2', l2, 0));
}
