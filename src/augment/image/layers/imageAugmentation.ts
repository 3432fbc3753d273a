// The base of the Keras-style random image preprocessing layers (randomRotation, randomTranslation,
// randomZoom, randomFlip, randomBrightness, randomContrast). They implement the Layer contract of
// src/layers/layer.ts as augmentation layers: `trainingOnly` (identity at inference, as Keras's
// random preprocessing layers; the model requires them before every other layer) and no input
// gradient. In training, forward draws each image's parameters in TypeScript from the layer's seeded
// Rng, writes them into the layer's scratch buffers (no allocation), and makes ONE wasm call over the
// batch (assembly/kernels/warp.ts). Input per sample: [H, W, C] channels-last, or [H, W] (C = 1).
import { Layer, LAYER_OPTION_KEYS, copyF32, type LayerOptions, type ScratchSpec } from '../../../layers/layer.js';
import { MAX_SIDE, FILL_MODES, FILL_MODE_CODES, INTERPOLATIONS, INTERPOLATION_CODES, type FillMode, type Interpolation } from '../../../../bindings/warp.js';
import { ShapeError, ValidationError } from '../../../errors.js';
import { Rng, randomSeed } from '../../../rng.js';
import { checkInt, checkKeys, checkNumber, checkOneOf } from '../../../validate.js';

/** Options every augmentation layer takes: its seed and the usual layer options. */
export interface AugmentationOptions extends LayerOptions {
  /** Seed of this layer's random stream; default: derived from fit's seed when training starts. */
  seed?: number;
}

/**
 * Options of the augmentation layers that warp the image (rotation, translation, zoom, flip): fill mode,
 * fill value and interpolation.
 */
export interface WarpLayerOptions extends AugmentationOptions {
  /** Default 'reflect' (Keras 3 RandomRotation / RandomTranslation / RandomZoom). */
  fillMode?: FillMode;
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  /** Value outside the image for fillMode 'constant'. Default 0. */
  fillValue?: number;
}

/**
 * Base of the Keras random image preprocessing layers: active in training only (the identity in predict
 * and evaluate), seeded, one wasm call per batch; must come first in a model, on (height, width) or
 * (height, width, channels) input.
 */
export abstract class ImageAugmentation extends Layer {
  override readonly trainingOnly = true;
  override readonly stochastic = true;
  readonly fixedSeed: number | null;
  protected rng: Rng;
  protected h = 0;
  protected w = 0;
  protected c = 0;

  constructor(fn: string, options: AugmentationOptions, keys: readonly string[]) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, [...LAYER_OPTION_KEYS, 'seed', ...keys]);
    super(fn, options);
    this.fixedSeed = options.seed === undefined ? null : checkInt(fn, 'seed', options.seed, 0, 0xffffffff);
    this.rng = new Rng(this.fixedSeed ?? randomSeed());
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    const [h, w, c = 1] = inputShape;
    if ((inputShape.length !== 2 && inputShape.length !== 3) || h > MAX_SIDE || w > MAX_SIDE || h * w * c * 4 >= 2 ** 31) {
      throw new ShapeError(this.className, 'inputShape', `an image shape [H, W, C] or [H, W] with H, W <= ${MAX_SIDE}`, `[${inputShape.join(', ')}]`);
    }
    this.h = h;
    this.w = w;
    this.c = c;
    return [...inputShape];
  }

  /** A fixed seed restarts the same stream at every fit; otherwise fit's seed chooses it. */
  override seed(seed: number): void {
    this.rng = new Rng(this.fixedSeed ?? seed);
  }

  forward(batch: number, training: boolean): void {
    if (training) this.augment(batch);
    else copyF32(this.ctx, this.io.x, this.io.y, batch * this.inSize);
  }

  /** Draws the batch's parameters and runs the kernel: x -> y. */
  protected abstract augment(batch: number): void;

  /** Augmentation layers come first: there is no input gradient to write. */
  backward(_batch: number): void {}

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...(this.fixedSeed === null ? {} : { seed: this.fixedSeed }) };
  }
}

/** Layers that warp: one matrix per image in scratch 0 ((batch, 6) floats), one warpAffine call. */
export abstract class WarpLayer extends ImageAugmentation {
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(fn: string, options: WarpLayerOptions, keys: readonly string[]) {
    super(fn, options, [...keys, 'fillMode', 'interpolation', 'fillValue']);
    this.fillMode = checkOneOf(fn, 'fillMode', options.fillMode ?? 'reflect', FILL_MODES);
    this.interpolation = checkOneOf(fn, 'interpolation', options.interpolation ?? 'bilinear', INTERPOLATIONS);
    this.fillValue = checkNumber(fn, 'fillValue', options.fillValue ?? 0, -3.4e38, 3.4e38);
  }

  override scratch(): ScratchSpec[] {
    return [{ name: 'matrices', perSample: 6, fixed: 0 }];
  }

  /** Writes image i's matrix [a0 a1 a2 b0 b1 b2] (see ../matrices.ts) at m[at..at+5]. */
  protected abstract drawMatrix(m: Float32Array, at: number): void;

  protected augment(batch: number): void {
    const mats = this.io.s[0];
    const heap = this.ctx.heap();
    for (let i = 0; i < batch; i++) this.drawMatrix(heap, (mats >>> 2) + 6 * i);
    this.ctx.k.warpAffine(this.io.x, this.io.y, mats, batch, this.h, this.w, this.c, INTERPOLATION_CODES[this.interpolation], FILL_MODE_CODES[this.fillMode], this.fillValue);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
  }
}

/** Keras value_range: a pair [low, high], low < high. Default [0, 255]. */
export function valueRange(fn: string, v: unknown): [number, number] {
  const r = v ?? [0, 255];
  if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x)) || r[0] >= r[1]) {
    throw new ValidationError(fn, 'valueRange', 'a pair [low, high] of finite numbers with low < high', v);
  }
  return [r[0], r[1]];
}
