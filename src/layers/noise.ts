// The random regularization layers, all active in training only (identity at inference), each a
// single in-wasm kernel over [batch * features] with a per-layer PRNG stream seeded when fit starts
// (from the layer's own seed, or from the fit seed), and a mask kept for backward (dx += dy * mask):
//
// - dropout({rate}) (Srivastava et al. 2014), inverted as in Keras: each input is kept with
//   probability 1 - rate and survivors are scaled by 1 / (1 - rate) in training. Textbook dropout
//   instead keeps units unscaled in training and multiplies activations by (1 - rate) at test time.
//   Both make every unit's expected training value match its test value (E[mask * x] = x with
//   mask in {0, 1 / (1 - rate)}); they are the same network up to a constant factor that inverted
//   dropout moves into training, so inference needs no rescaling (the layer is simply skipped).
// - gaussianDropout({rate}): multiplicative noise mask = 1 + sqrt(rate / (1 - rate)) * N(0, 1)
//   (Srivastava et al. 2014, sec. 10), same mean and variance as dropout's mask.
// - alphaDropout({rate}): for SELU networks (Klambauer et al. 2017): dropped units take SELU's
//   saturation value and an affine map keeps mean and variance (mask = a or 0).
// - gaussianNoise({stddev}): additive noise y = x + stddev * N(0, 1); dx = dy.
import { Layer, LAYER_OPTION_KEYS, type LayerContext, type LayerIO, type LayerOptions, type ScratchSpec, copyF32 } from './layer.js';
import { ValidationError } from '../errors.js';
import { checkInt, checkKeys, checkNumber } from '../validate.js';

/** Words of in-wasm PRNG state per stochastic layer (rngSeed: 64 bytes, a 4-lane xoshiro128**). */
export const RNG_STATE_WORDS = 16;

type Kind = 'Dropout' | 'GaussianDropout' | 'AlphaDropout' | 'GaussianNoise';
const KERNELS: Record<Kind, string> = {
  Dropout: 'dropoutForward',
  GaussianDropout: 'gaussianDropoutForward',
  AlphaDropout: 'alphaDropoutForward',
  GaussianNoise: 'gaussianNoiseForward',
};

export interface RateOptions extends LayerOptions {
  /** Fraction of inputs dropped, in [0, 1) (required). */
  rate: number;
  /** Seed of this layer's random stream; default: derived from the fit seed. */
  seed?: number;
}

export interface GaussianNoiseOptions extends LayerOptions {
  /** Standard deviation of the additive noise, >= 0 (required). */
  stddev: number;
  seed?: number;
}

export class NoiseLayer extends Layer {
  readonly className: Kind;
  override readonly stochastic = true;
  /** rate (dropouts) or stddev (gaussianNoise). */
  readonly amount: number;
  readonly fixedSeed: number | null;
  private readonly masked: boolean;
  private forwardKernel: (...a: number[]) => void = () => {};

  constructor(kind: Kind, fn: string, options: RateOptions | GaussianNoiseOptions) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    const arg = kind === 'GaussianNoise' ? 'stddev' : 'rate';
    checkKeys(fn, options, [...LAYER_OPTION_KEYS, arg, 'seed']);
    super(fn, options);
    this.className = kind;
    const v = (options as unknown as Record<string, unknown>)[arg];
    this.amount = checkNumber(fn, arg, v, 0, kind === 'GaussianNoise' ? Infinity : 1);
    if (arg === 'rate' && this.amount >= 1) throw new ValidationError(fn, 'rate', 'a finite number in [0, 1)', v);
    this.fixedSeed = options.seed === undefined ? null : checkInt(fn, 'seed', options.seed, 0, 0xffffffff);
    this.masked = kind !== 'GaussianNoise';
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override scratch(): ScratchSpec[] {
    return [
      { name: 'mask', perSample: this.masked ? this.inSize : 0, fixed: 0 },
      { name: 'rng', perSample: 0, fixed: RNG_STATE_WORDS },
    ];
  }

  override bind(ctx: LayerContext, io: LayerIO): void {
    super.bind(ctx, io);
    this.forwardKernel = ctx.k[KERNELS[this.className]];
  }

  override seed(seed: number): void {
    this.ctx.k.rngSeed(this.io.s[1], this.fixedSeed ?? seed);
  }

  forward(batch: number, training: boolean): void {
    const n = batch * this.inSize;
    const { x, y, s } = this.io;
    if (!training || this.amount === 0) copyF32(this.ctx, x, y, n);
    else if (this.masked) this.forwardKernel(x, y, s[0], n, this.amount, s[1]);
    else this.forwardKernel(x, y, n, this.amount, s[1]);
  }

  backward(batch: number): void {
    const n = batch * this.inSize;
    const { dx, dy, s } = this.io;
    if (!dx) return;
    // dx is zero on entry, so a copy is the sum dx += dy.
    if (this.masked && this.amount > 0) this.ctx.k.dropoutBackward(dy, s[0], dx, n);
    else copyF32(this.ctx, dy, dx, n);
  }

  override getConfig(): Record<string, unknown> {
    const seed = this.fixedSeed === null ? {} : { seed: this.fixedSeed };
    return { ...super.getConfig(), [this.className === 'GaussianNoise' ? 'stddev' : 'rate']: this.amount, ...seed };
  }
}

/** Inverted dropout (Keras `Dropout`). `dropout({rate: 0.2})`. */
export function dropout(options: RateOptions): NoiseLayer {
  return new NoiseLayer('Dropout', 'dropout', options);
}

/** Multiplicative Gaussian noise of dropout's variance (Keras `GaussianDropout`). */
export function gaussianDropout(options: RateOptions): NoiseLayer {
  return new NoiseLayer('GaussianDropout', 'gaussianDropout', options);
}

/** Dropout that keeps SELU's self-normalization (Keras `AlphaDropout`). */
export function alphaDropout(options: RateOptions): NoiseLayer {
  return new NoiseLayer('AlphaDropout', 'alphaDropout', options);
}

/** Additive zero-mean Gaussian noise (Keras `GaussianNoise`). `gaussianNoise({stddev: 0.1})`. */
export function gaussianNoise(options: GaussianNoiseOptions): NoiseLayer {
  return new NoiseLayer('GaussianNoise', 'gaussianNoise', options);
}
