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
//
// dropout({rate, noiseShape}) and the spatial dropouts (spatialDropout.ts) draw a smaller mask and
// broadcast it (noiseShape.ts): the mask is dropoutForward over the mask elements alone (on a buffer
// of ones, so the draws follow the same keep rule and stream), then dropoutBroadcastForward applies it.
import { Layer, LAYER_OPTION_KEYS, type LayerContext, type LayerIO, type LayerOptions, type ScratchSpec, copyF32, type MaskBehavior } from './layer.js';
import { ValidationError } from '../errors.js';
import { checkInt, checkKeys, checkNumber } from '../validate.js';
import { checkNoiseShape, MaskBroadcast, type NoiseShape } from './noiseShape.js';

/** Words of in-wasm PRNG state per stochastic layer (rngSeed: 64 bytes, a 4-lane xoshiro128**). */
export const RNG_STATE_WORDS = 16;

type Kind = 'Dropout' | 'SpatialDropout1D' | 'SpatialDropout2D' | 'GaussianDropout' | 'AlphaDropout' | 'GaussianNoise';
const KERNELS: Record<Kind, string> = {
  Dropout: 'dropoutForward',
  SpatialDropout1D: 'dropoutForward',
  SpatialDropout2D: 'dropoutForward',
  GaussianDropout: 'gaussianDropoutForward',
  AlphaDropout: 'alphaDropoutForward',
  GaussianNoise: 'gaussianNoiseForward',
};

/** Options of the dropout layers: the rate and the seed. */
export interface RateOptions extends LayerOptions {
  /** Fraction of inputs dropped, in [0, 1) (required). */
  rate: number;
  /** Seed of this layer's random stream; default: derived from the fit seed. */
  seed?: number;
}

/** Options of `dropout` (Keras 3 names and defaults). */
export interface DropoutOptions extends RateOptions {
  /**
   * Keras `noise_shape`: the mask's shape, batch entry first, null = varies along that dimension
   * (the input's size), 1 = the same mask along it; e.g. [null, 1, 64] on [steps, 64] inputs drops
   * whole features for all steps. The batch entry is null (a mask per sample) or 1 (one mask for the
   * batch). Default null: every element independently.
   */
  noiseShape?: (number | null)[] | null;
}

/** Options of `gaussianNoise` (Keras 3 names and defaults). */
export interface GaussianNoiseOptions extends LayerOptions {
  /** Standard deviation of the additive noise, >= 0 (required). */
  stddev: number;
  seed?: number;
}

/**
 * The layer `dropout()`, `gaussianDropout()`, `alphaDropout()` or `gaussianNoise()` makes: active in
 * training only, seeded masks and noise drawn in wasm.
 */
export class NoiseLayer extends Layer {
  readonly className: Kind;
  /** Keras: supports_masking = True (the mask goes through unchanged). */
  override maskBehavior(): MaskBehavior {
    return 'pass';
  }
  override readonly stochastic = true;
  /** rate (dropouts) or stddev (gaussianNoise). */
  readonly amount: number;
  readonly fixedSeed: number | null;
  /** The noise shape given (Dropout) or implied (spatial dropouts, at build); null: elementwise. */
  noiseShape: NoiseShape | null;
  private readonly masked: boolean;
  protected readonly fn: string;
  /** Set by build when the mask is broadcast (some noise-shape entry is 1). */
  private broadcast: MaskBroadcast | null = null;
  private forwardKernel: (...a: number[]) => void = () => {};

  constructor(kind: Kind, fn: string, options: RateOptions | GaussianNoiseOptions | DropoutOptions, extraKeys: readonly string[] = []) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    const arg = kind === 'GaussianNoise' ? 'stddev' : 'rate';
    const shaped = kind === 'Dropout' ? ['noiseShape'] : [];
    checkKeys(fn, options, [...LAYER_OPTION_KEYS, arg, 'seed', ...shaped, ...extraKeys]);
    super(fn, options);
    this.className = kind;
    const v = (options as unknown as Record<string, unknown>)[arg];
    this.amount = checkNumber(fn, arg, v, 0, kind === 'GaussianNoise' ? Infinity : 1);
    if (arg === 'rate' && this.amount >= 1) throw new ValidationError(fn, 'rate', 'a finite number in [0, 1)', v);
    this.fixedSeed = options.seed === undefined ? null : checkInt(fn, 'seed', options.seed, 0, 0xffffffff);
    this.masked = kind !== 'GaussianNoise';
    this.fn = fn;
    this.noiseShape = kind === 'Dropout' ? checkNoiseShape(fn, (options as DropoutOptions).noiseShape) : null;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  /** The noise shape for a per-sample input shape (the spatial dropouts derive it; ShapeError if the rank does not fit). */
  protected noiseShapeFor(_inputShape: readonly number[]): NoiseShape | null {
    return this.noiseShape;
  }

  override build(inputShape: readonly number[]): readonly number[] {
    const noise = this.noiseShapeFor(inputShape);
    this.broadcast = noise ? MaskBroadcast.resolve(`${this.fn} '${this.name}'`, noise, inputShape) : null;
    return super.build(inputShape);
  }

  override scratch(): ScratchSpec[] {
    const b = this.broadcast;
    // Broadcast: the small mask, and as many ones for dropoutForward to draw it on.
    const mask = b ? { perSample: b.maskPerSample, fixed: b.maskFixed } : { perSample: this.masked ? this.inSize : 0, fixed: 0 };
    return [
      { name: 'mask', ...mask },
      { name: 'rng', perSample: 0, fixed: RNG_STATE_WORDS },
      { name: 'ones', ...(b ? mask : { perSample: 0, fixed: 0 }) },
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
    else if (this.broadcast) {
      const k = this.ctx.k;
      const nm = this.broadcast.maskSize(batch);
      k.fillF32(s[2], nm, 1);
      k.dropoutForward(s[2], s[2], s[0], nm, this.amount, s[1]);
      this.broadcast.apply(k, 'dropoutBroadcastForward', x, s[0], y, batch);
    } else if (this.masked) this.forwardKernel(x, y, s[0], n, this.amount, s[1]);
    else this.forwardKernel(x, y, n, this.amount, s[1]);
  }

  backward(batch: number): void {
    const n = batch * this.inSize;
    const { dx, dy, s } = this.io;
    if (!dx) return;
    // dx is zero on entry, so a copy is the sum dx += dy.
    if (this.broadcast && this.amount > 0) this.broadcast.apply(this.ctx.k, 'dropoutBroadcastBackward', dy, s[0], dx, batch);
    else if (this.masked && this.amount > 0) this.ctx.k.dropoutBackward(dy, s[0], dx, n);
    else copyF32(this.ctx, dy, dx, n);
  }

  override getConfig(): Record<string, unknown> {
    const seed = this.fixedSeed === null ? {} : { seed: this.fixedSeed };
    const noise = this.className === 'Dropout' && this.noiseShape ? { noiseShape: [...this.noiseShape] } : {};
    return { ...super.getConfig(), [this.className === 'GaussianNoise' ? 'stddev' : 'rate']: this.amount, ...seed, ...noise };
  }
}

/** Inverted dropout (Keras `Dropout`). `dropout({rate: 0.2})`, `dropout({rate: 0.2, noiseShape: [null, 1, null]})`. */
export function dropout(options: DropoutOptions): NoiseLayer {
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
