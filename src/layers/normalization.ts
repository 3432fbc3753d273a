// Batch normalization (Ioffe & Szegedy 2015) and layer normalization (Ba et al. 2016) over the last
// axis, as Keras 3 (keras.layers.BatchNormalization / LayerNormalization, axis -1): an input
// [batch, ..., C] is normalized as rows = batch * prod(middle dims) by C channels.
// - batchNormalization: in training, per-channel batch mean and biased variance normalize x, and
//   the moving statistics update as moving = moving * momentum + batch * (1 - momentum); at inference
//   (and whenever the layer is not trainable, as Keras 3) the moving statistics are used.
//   Weights in Keras order: gamma (scale), beta (center), moving_mean, moving_variance; the moving
//   ones are non-trainable.
// - layerNormalization: per-row mean and variance over C, the same in training and inference.
// Both: y = (x - mean) / sqrt(var + epsilon) * gamma + beta. Kernels: assembly/kernels/norm.ts (batch), layerNorm.ts (layer).
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type ParamSpec, type ScratchSpec } from './layer.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { ValidationError } from '../errors.js';
import { checkBool, checkKeys, checkNumber } from '../validate.js';

/** Options shared by `batchNormalization` and `layerNormalization` (Keras 3 names and defaults). */
export interface NormalizationOptions extends LayerOptions {
  /** Default 1e-3 (Keras). */
  epsilon?: number;
  /** Learn an offset beta. Default true. */
  center?: boolean;
  /** Learn a scale gamma. Default true. */
  scale?: boolean;
  /** Default 'zeros'. */
  betaInitializer?: InitializerIdentifier;
  /** Default 'ones'. */
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
}

/** Options of `batchNormalization` (Keras 3 names and defaults). */
export interface BatchNormalizationOptions extends NormalizationOptions {
  /** Moving-average momentum, default 0.99 (Keras). */
  momentum?: number;
  /** Default 'zeros'. */
  movingMeanInitializer?: InitializerIdentifier;
  /** Default 'ones'. */
  movingVarianceInitializer?: InitializerIdentifier;
}

const KEYS = [...LAYER_OPTION_KEYS, 'epsilon', 'center', 'scale', 'betaInitializer', 'gammaInitializer', 'betaRegularizer', 'gammaRegularizer'];

abstract class Normalization extends Layer {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: Initializer;
  readonly gammaInitializer: Initializer;
  readonly betaRegularizer: Regularizer | null;
  readonly gammaRegularizer: Regularizer | null;
  protected rowsPerSample = 1;
  // Indices into io.p / io.g (-1 when absent).
  protected gi = -1;
  protected bi = -1;

  constructor(fn: string, options: NormalizationOptions, extraKeys: readonly string[]) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, [...KEYS, ...extraKeys]);
    super(fn, options);
    this.epsilon = checkNumber(fn, 'epsilon', options.epsilon ?? 1e-3, 0, Infinity, { minExclusive: true });
    this.center = checkBool(fn, 'center', options.center ?? true);
    this.scale = checkBool(fn, 'scale', options.scale ?? true);
    this.betaInitializer = getInitializer(fn, 'betaInitializer', options.betaInitializer ?? 'zeros');
    this.gammaInitializer = getInitializer(fn, 'gammaInitializer', options.gammaInitializer ?? 'ones');
    this.betaRegularizer = getRegularizer(fn, 'betaRegularizer', options.betaRegularizer);
    this.gammaRegularizer = getRegularizer(fn, 'gammaRegularizer', options.gammaRegularizer);
  }

  get channels(): number {
    return this.inShape[this.inShape.length - 1];
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override params(): ParamSpec[] {
    const C = this.channels;
    this.rowsPerSample = this.inSize / C;
    const out: ParamSpec[] = [];
    this.gi = this.bi = -1;
    if (this.scale) {
      this.gi = out.length;
      out.push({ name: 'gamma', shape: [C], initializer: this.gammaInitializer, regularizer: this.gammaRegularizer, trainable: true });
    }
    if (this.center) {
      this.bi = out.length;
      out.push({ name: 'beta', shape: [C], initializer: this.betaInitializer, regularizer: this.betaRegularizer, trainable: true });
    }
    return out;
  }

  protected ptr(list: number[], i: number): number {
    return i < 0 ? 0 : list[i];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.betaInitializer),
      gammaInitializer: serializeInitializer(this.gammaInitializer),
      betaRegularizer: this.betaRegularizer,
      gammaRegularizer: this.gammaRegularizer,
    };
  }
}

/**
 * The layer `batchNormalization()` makes: normalizes each channel by the batch statistics in training and
 * by moving statistics at inference (Ioffe & Szegedy 2015; Keras BatchNormalization).
 */
export class BatchNormalization extends Normalization {
  readonly className = 'BatchNormalization';
  readonly momentum: number;
  readonly movingMeanInitializer: Initializer;
  readonly movingVarianceInitializer: Initializer;

  constructor(options: BatchNormalizationOptions = {}) {
    const fn = 'batchNormalization';
    super(fn, options, ['momentum', 'movingMeanInitializer', 'movingVarianceInitializer']);
    this.momentum = checkNumber(fn, 'momentum', options.momentum ?? 0.99, 0, 1);
    this.movingMeanInitializer = getInitializer(fn, 'movingMeanInitializer', options.movingMeanInitializer ?? 'zeros');
    this.movingVarianceInitializer = getInitializer(fn, 'movingVarianceInitializer', options.movingVarianceInitializer ?? 'ones');
  }

  override params(): ParamSpec[] {
    const C = this.channels;
    return [
      ...super.params(),
      { name: 'moving_mean', shape: [C], initializer: this.movingMeanInitializer, regularizer: null, trainable: false },
      { name: 'moving_variance', shape: [C], initializer: this.movingVarianceInitializer, regularizer: null, trainable: false },
    ];
  }

  override scratch(): ScratchSpec[] {
    // Batch mean and 1/sqrt(var + eps) per channel, saved for backward.
    return [
      { name: 'mean', perSample: 0, fixed: this.channels },
      { name: 'invStd', perSample: 0, fixed: this.channels },
    ];
  }

  forward(batch: number, training: boolean): void {
    const { x, y, p, s } = this.io;
    const rows = batch * this.rowsPerSample;
    const C = this.channels;
    const n = p.length;
    const gamma = this.ptr(p, this.gi);
    const beta = this.ptr(p, this.bi);
    // Keras 3: a non-trainable BatchNormalization runs in inference mode even during fit.
    if (training && this.trainable) this.ctx.k.batchNormForwardTrain(x, y, gamma, beta, s[0], s[1], p[n - 2], p[n - 1], rows, C, this.momentum, this.epsilon);
    else this.ctx.k.batchNormForwardInfer(x, y, gamma, beta, p[n - 2], p[n - 1], rows, C, this.epsilon);
  }

  backward(batch: number): void {
    const { x, dx, dy, p, g, s } = this.io;
    this.ctx.k.batchNormBackward(x, dy, dx || this.ctx.sink, this.ptr(p, this.gi), s[0], s[1], this.ptr(g, this.gi), this.ptr(g, this.bi), batch * this.rowsPerSample, this.channels);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      momentum: this.momentum,
      movingMeanInitializer: serializeInitializer(this.movingMeanInitializer),
      movingVarianceInitializer: serializeInitializer(this.movingVarianceInitializer),
    };
  }
}

/**
 * The layer `layerNormalization()` makes: normalizes each row over its last axis, the same in training and
 * inference (Ba et al. 2016; Keras LayerNormalization).
 */
export class LayerNormalization extends Normalization {
  readonly className = 'LayerNormalization';

  constructor(options: NormalizationOptions = {}) {
    super('layerNormalization', options, []);
  }

  override scratch(): ScratchSpec[] {
    // Per-row mean and 1/sqrt(var + eps), saved for backward.
    return [
      { name: 'mean', perSample: this.rowsPerSample, fixed: 0 },
      { name: 'invStd', perSample: this.rowsPerSample, fixed: 0 },
    ];
  }

  forward(batch: number): void {
    const { x, y, p, s } = this.io;
    this.ctx.k.layerNormForward(x, y, this.ptr(p, this.gi), this.ptr(p, this.bi), s[0], s[1], batch * this.rowsPerSample, this.channels, this.epsilon);
  }

  backward(batch: number): void {
    const { x, dx, dy, p, g, s } = this.io;
    this.ctx.k.layerNormBackward(x, dy, dx || this.ctx.sink, this.ptr(p, this.gi), s[0], s[1], this.ptr(g, this.gi), this.ptr(g, this.bi), batch * this.rowsPerSample, this.channels);
  }
}

/** Batch normalization (Keras `BatchNormalization`): momentum 0.99, epsilon 1e-3, center and scale. */
export function batchNormalization(options: BatchNormalizationOptions = {}): BatchNormalization {
  return new BatchNormalization(options);
}

/** Layer normalization over the last axis (Keras `LayerNormalization`): epsilon 1e-3, center and scale. */
export function layerNormalization(options: NormalizationOptions = {}): LayerNormalization {
  return new LayerNormalization(options);
}
