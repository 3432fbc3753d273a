// The optimizers of the public API: Keras 3 names, hyperparameters and defaults. Each is a small
// configuration object; the update itself is one kernel call per step over the model's flat
// trainable arena (bindings/optim.ts `createOptimizerStep`, kernels in assembly/kernels/optim.ts,
// which cite Keras's formulas), with the learning rate evaluated here in TypeScript.
//
// Options shared by all, as Keras 3's BaseOptimizer:
// - learningRate: a number, or a schedule `(step) => lr` evaluated at the number of updates so far.
// - weightDecay: decoupled decay p -= p * weightDecay * lr before the update (AdamW default 0.004).
// - clipnorm: clip each weight tensor's gradient to this L2 norm; globalClipnorm: clip all gradients
//   jointly to this global norm; clipvalue: clip each element to [-v, v]. As in Keras only one
//   applies, in that order of precedence, and clipnorm with globalClipnorm is an error.
// - A learning-rate schedule that carries a `momentum` schedule (oneCycle with cycleMomentum, the
//   default) also drives the momentum of sgd and rmsprop, or beta1 of adam, adamW, adamax and nadam,
//   as PyTorch's OneCycleLR does (it overwrites the group's momentum or betas[0]). Like PyTorch,
//   sgd and rmsprop cycle even when created without momentum; adagrad and adadelta have no momentum
//   term and refuse such a schedule (PyTorch: "optimizer must support momentum"). Giving momentum
//   or beta1 as well is an error here, where PyTorch would silently overwrite it.
import type { Schedule } from '../callbacks/callback.js';
import { KERAS_LEARNING_RATES, cycledHyper, optimizerStates, resolveOptimizerHyper, type OptimizerHyper, type OptimizerKind, type OptimizerState } from '../../bindings/optim.js';
import { SimdnetError, ValidationError } from '../errors.js';
import { checkKeys, checkNumber } from '../validate.js';

/**
 * Options every optimizer takes: learning rate (a number or a schedule), weight decay and gradient
 * clipping (Keras 3 names and defaults).
 */
export interface BaseOptimizerOptions {
  /** A number (default: Keras's for this optimizer, 0.01 for sgd, else 0.001) or a schedule. */
  learningRate?: number | Schedule;
  /** Default 0 (none); adamW: 0.004. */
  weightDecay?: number | null;
  clipnorm?: number | null;
  clipvalue?: number | null;
  globalClipnorm?: number | null;
}

const BASE_KEYS = ['learningRate', 'weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm'];

const CLASS_NAMES: Record<OptimizerKind, string> = {
  sgd: 'SGD', rmsprop: 'RMSprop', adam: 'Adam', adamw: 'AdamW', adagrad: 'Adagrad', adadelta: 'Adadelta', adamax: 'Adamax', nadam: 'Nadam',
};

/**
 * An optimizer as `sgd()`, `adam()` and the other factories make it: its kind, hyperparameters and
 * schedule; the update is one wasm call over the whole parameter arena.
 */
export class Optimizer {
  readonly kind: OptimizerKind;
  readonly className: string;
  readonly clipnorm: number;
  readonly clipvalue: number;
  readonly globalClipnorm: number;
  /** Kernel hyperparameters as given (validated; bindings/optim.ts fills in Keras's defaults). */
  readonly hyper: Readonly<OptimizerHyper>;
  /** The same with every default filled in. */
  readonly resolved: Readonly<Required<OptimizerHyper>>;
  /** Updates applied so far (Keras `iterations`); saved with the model. */
  iterations = 0;
  /** The momentum (sgd, rmsprop) or beta1 (adam family) schedule carried by the learning-rate
   *  schedule (oneCycle's `.momentum`), evaluated at `iterations` like the rate; or null. */
  readonly momentumSchedule: Schedule | null;
  private lr: number | Schedule;

  constructor(kind: OptimizerKind, options: BaseOptimizerOptions & Omit<OptimizerHyper, 'weightDecay'>, ownKeys: readonly string[]) {
    const fn = kind === 'adamw' ? 'adamW' : kind;
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, [...BASE_KEYS, ...ownKeys]);
    this.kind = kind;
    this.className = CLASS_NAMES[kind];
    const lr = options.learningRate ?? KERAS_LEARNING_RATES[kind];
    this.lr = typeof lr === 'function' ? lr : checkNumber(fn, 'learningRate', lr, 0);
    const opt = (arg: 'clipnorm' | 'clipvalue' | 'globalClipnorm') => {
      const v = options[arg];
      return v === undefined || v === null ? 0 : checkNumber(fn, arg, v, 0);
    };
    this.clipnorm = opt('clipnorm');
    this.clipvalue = opt('clipvalue');
    this.globalClipnorm = opt('globalClipnorm');
    if (this.clipnorm > 0 && this.globalClipnorm > 0) {
      throw new ValidationError(fn, 'globalClipnorm', 'unset when clipnorm is set (Keras allows only one)', options.globalClipnorm);
    }
    const own: OptimizerHyper = {};
    for (const k of ownKeys) if ((options as Record<string, unknown>)[k] !== undefined) (own as Record<string, unknown>)[k] = (options as Record<string, unknown>)[k];
    this.momentumSchedule = typeof this.lr === 'function' ? checkMomentumSchedule(fn, kind, this.lr, own) : null;
    if (options.weightDecay !== undefined && options.weightDecay !== null) own.weightDecay = options.weightDecay;
    // Keras: clipvalue applies only when neither norm clipping is set.
    own.clipValue = this.clipnorm > 0 || this.globalClipnorm > 0 ? 0 : this.clipvalue;
    this.resolved = Object.freeze(resolveOptimizerHyper(kind, own));
    this.hyper = Object.freeze(own);
  }

  /** The learning rate of the next update (a schedule is evaluated at `iterations`). */
  get learningRate(): number {
    return typeof this.lr === 'function' ? this.lr(this.iterations) : this.lr;
  }

  /** Sets a constant learning rate (callbacks); one built with a schedule refuses, as Keras. */
  set learningRate(value: number) {
    if (typeof this.lr === 'function') {
      throw new SimdnetError('ERR_STATE', `${this.className}.learningRate`, 'this optimizer was created with a schedule, so its learning rate is not settable; create it with a number to change it from callbacks');
    }
    this.lr = checkNumber(`${this.className}.learningRate`, 'value', value, 0);
  }

  get hasSchedule(): boolean {
    return typeof this.lr === 'function';
  }

  /** State buffers (each as large as the trainable arena) with their initial values, in kernel order. */
  states(): OptimizerState[] {
    return optimizerStates(this.kind, this.hyper);
  }

  /** Options that recreate this optimizer (save/load); a schedule is saved as its current value, and
   *  so is a cycled momentum or beta1. */
  getConfig(): Record<string, number | boolean> {
    const { clipValue: _, ...hyper } = this.resolved;
    const own = Object.fromEntries(Object.entries(hyper).filter(([k]) => OWN_KEYS[this.kind].includes(k) || k === 'weightDecay'));
    if (this.momentumSchedule) own[cycledHyper(this.kind)!] = this.momentumSchedule(this.iterations);
    return { learningRate: this.learningRate, clipnorm: this.clipnorm, clipvalue: this.clipvalue, globalClipnorm: this.globalClipnorm, ...own };
  }
}

/**
 * The momentum schedule carried by a learning-rate schedule (oneCycle's `.momentum`), checked against
 * `kind`; null when there is none. For sgd and rmsprop it sets own.momentum to the largest scheduled
 * value so that the momentum buffer exists (bindings/optim.ts sizes the state list from it).
 */
function checkMomentumSchedule(fn: string, kind: OptimizerKind, lr: Schedule, own: OptimizerHyper): Schedule | null {
  const sched = lr as Schedule & { momentum?: unknown; baseMomentum?: unknown; maxMomentum?: unknown };
  if (typeof sched.momentum !== 'function') return null;
  const momentum = sched.momentum as Schedule;
  const which = cycledHyper(kind);
  if (which === null) {
    throw new ValidationError(fn, 'learningRate', `a schedule that does not cycle momentum (oneCycle({..., cycleMomentum: false})): ${kind} has no momentum or beta1 (PyTorch's OneCycleLR refuses it too)`, 'oneCycle with cycleMomentum');
  }
  if (own[which] !== undefined) {
    throw new ValidationError(fn, which, `unset: the learning-rate schedule cycles ${which} (set oneCycle's baseMomentum and maxMomentum, or cycleMomentum: false)`, own[which]);
  }
  // Every scheduled value lies between baseMomentum and maxMomentum (both ends are reached).
  const ends = typeof sched.baseMomentum === 'number' && typeof sched.maxMomentum === 'number' ? [sched.baseMomentum, sched.maxMomentum] : [momentum(0)];
  const hi = Math.max(...ends);
  for (const v of ends) {
    // beta1 must stay below 1 (1 - beta1^t divides); Keras's SGD and RMSprop take momentum in [0, 1].
    if (!(v >= 0 && (which === 'beta1' ? v < 1 : v <= 1))) {
      throw new ValidationError(fn, 'learningRate', `a schedule whose momentum stays in [0, 1${which === 'beta1' ? ')' : ']'} (it drives ${kind}'s ${which})`, v);
    }
  }
  if (which === 'momentum') {
    if (hi === 0) throw new ValidationError(fn, 'learningRate', 'a schedule whose momentum is not always 0 (or use cycleMomentum: false)', 0);
    own.momentum = hi;
  }
  return momentum;
}

const OWN_KEYS: Record<OptimizerKind, string[]> = {
  sgd: ['momentum', 'nesterov'],
  rmsprop: ['rho', 'momentum', 'epsilon', 'centered'],
  adam: ['beta1', 'beta2', 'epsilon', 'amsgrad'],
  adamw: ['beta1', 'beta2', 'epsilon', 'amsgrad'],
  adagrad: ['initialAccumulatorValue', 'epsilon'],
  adadelta: ['rho', 'epsilon'],
  adamax: ['beta1', 'beta2', 'epsilon'],
  nadam: ['beta1', 'beta2', 'epsilon'],
};

type Opts<K extends keyof OptimizerHyper> = BaseOptimizerOptions & Partial<Pick<OptimizerHyper, K>>;
const factory =
  <K extends keyof OptimizerHyper>(kind: OptimizerKind) =>
  (options: Opts<K> = {} as Opts<K>): Optimizer =>
    new Optimizer(kind, options as BaseOptimizerOptions & Omit<OptimizerHyper, 'weightDecay'>, OWN_KEYS[kind]);

/** SGD: learningRate 0.01, momentum 0, nesterov false. */
export const sgd = factory<'momentum' | 'nesterov'>('sgd');
/** RMSprop (Hinton): learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false. */
export const rmsprop = factory<'rho' | 'momentum' | 'epsilon' | 'centered'>('rmsprop');
/** Adam (Kingma & Ba 2015): learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false. */
export const adam = factory<'beta1' | 'beta2' | 'epsilon' | 'amsgrad'>('adam');
/** AdamW (Loshchilov & Hutter 2019): Adam with decoupled weightDecay, default 0.004. */
export const adamW = factory<'beta1' | 'beta2' | 'epsilon' | 'amsgrad'>('adamw');
/** Adagrad: learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7. */
export const adagrad = factory<'initialAccumulatorValue' | 'epsilon'>('adagrad');
/** Adadelta (Zeiler 2012): learningRate 0.001, rho 0.95, epsilon 1e-7. */
export const adadelta = factory<'rho' | 'epsilon'>('adadelta');
/** Adamax (Kingma & Ba 2015, sec. 7): learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export const adamax = factory<'beta1' | 'beta2' | 'epsilon'>('adamax');
/** Nadam (Dozat 2016): learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export const nadam = factory<'beta1' | 'beta2' | 'epsilon'>('nadam');

const BY_NAME = {
  sgd, rmsprop, adam, adamw: adamW, adamW, adagrad, adadelta, adamax, nadam,
  SGD: sgd, RMSprop: rmsprop, Adam: adam, AdamW: adamW, Adagrad: adagrad, Adadelta: adadelta, Adamax: adamax, Nadam: nadam,
} satisfies Record<string, (o?: any) => Optimizer>;

/** Optimizer names `compile({optimizer})` accepts (Keras 3 defaults); a literal union. */
export type OptimizerIdentifier = keyof typeof BY_NAME;

/** Every optimizer name compile accepts as a string. */
export const OPTIMIZER_NAMES = ['sgd', 'rmsprop', 'adam', 'adamW', 'adagrad', 'adadelta', 'adamax', 'nadam'];

/** An optimizer from a name (Keras 3 defaults) or an Optimizer instance. */
export function getOptimizer(fn: string, arg: string, id: unknown): Optimizer {
  if (id instanceof Optimizer) return id;
  if (typeof id === 'string' && Object.hasOwn(BY_NAME, id)) return BY_NAME[id as OptimizerIdentifier]();
  throw new ValidationError(fn, arg, `an optimizer (e.g. adam({learningRate: 1e-3})) or one of ${OPTIMIZER_NAMES.join(', ')}`, id);
}

/** Recreates an optimizer from its class name and getConfig() (saved models). */
export function optimizerFromConfig(fn: string, className: string, config: Record<string, unknown>): Optimizer {
  const f = Object.hasOwn(BY_NAME, className) ? (BY_NAME[className as OptimizerIdentifier] as (o?: any) => Optimizer) : undefined;
  if (!f) throw new ValidationError(fn, 'optimizer.className', `one of ${OPTIMIZER_NAMES.join(', ')}`, className, 'ERR_CORRUPT_DATA');
  return f(config);
}
