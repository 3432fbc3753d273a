// Optimizer hyperparameters and state buffers: which options each optimizer accepts, their Keras 3
// defaults (keras/src/optimizers/<name>.py), their validation, and the state buffers (with initial
// values) each optimizer needs. The step that uses them is bindings/optim.ts, which re-exports the
// public names below.
import { ValidationError } from '../src/errors.js';
import { checkBool, checkKeys, checkNumber, checkOneOf } from '../src/validate.js';

/** An optimizer the wasm step kernels implement (Keras 3 update rules). */
export type OptimizerKind = 'sgd' | 'rmsprop' | 'adam' | 'adamw' | 'adagrad' | 'adadelta' | 'adamax' | 'nadam';
/** Every optimizer the wasm step kernels implement. */
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

export type Resolved = Required<OptimizerHyper>;

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

/** One state slot of an optimizer (Keras's name for it and its values), as saved with a model. */
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

/** optimizerStates for hyperparameters already resolved (createOptimizerStep resolves them once). */
export function statesOf(kind: OptimizerKind, h: Resolved): OptimizerState[] {
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
