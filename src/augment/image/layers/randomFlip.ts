// randomFlip (Keras 3 RandomFlip): mirrors each image with probability 1/2 per enabled axis.
// A flip is an exact pixel permutation, run as a warp with nearest interpolation.
import { WarpLayer, type AugmentationOptions, type WarpLayerOptions } from './imageAugmentation.js';
import { LAYER_OPTION_KEYS } from '../../../layers/layer.js';
import { flipMatrix, type Affine } from '../matrices.js';
import { checkKeys, checkOneOf } from '../../../validate.js';
import { ValidationError } from '../../../errors.js';

/** The flip modes of `randomFlip` (Keras's names). */
export const FLIP_MODES = ['horizontal', 'vertical', 'horizontal_and_vertical'] as const;
/** Which mirror images `randomFlip` may produce. */
export type FlipMode = (typeof FLIP_MODES)[number];

/** Options of `randomFlip` (Keras 3 names and defaults). */
export interface RandomFlipOptions extends AugmentationOptions {
  /** Default 'horizontal_and_vertical' (Keras). */
  mode?: FlipMode;
}

/**
 * The layer `randomFlip()` makes: mirrors each image horizontally and/or vertically with probability 1/2
 * each (Keras RandomFlip).
 */
export class RandomFlip extends WarpLayer {
  readonly className = 'RandomFlip';
  readonly mode: FlipMode;
  private readonly tmp: Affine = [0, 0, 0, 0, 0, 0];

  constructor(options: RandomFlipOptions = {}) {
    super('randomFlip', nearestWarp(options), ['mode']);
    this.mode = checkOneOf('randomFlip', 'mode', options.mode ?? 'horizontal_and_vertical', FLIP_MODES);
  }

  protected drawMatrix(m: Float32Array, at: number): void {
    const h = this.mode !== 'vertical' && this.rng.uniform() < 0.5;
    const v = this.mode !== 'horizontal' && this.rng.uniform() < 0.5;
    m.set(flipMatrix(h, v, this.h, this.w, this.tmp), at);
  }

  override getConfig(): Record<string, unknown> {
    const { fillMode: _f, interpolation: _i, fillValue: _v, ...rest } = super.getConfig();
    return { ...rest, mode: this.mode };
  }
}

/** Flips take no fill or interpolation options (Keras RandomFlip has none): a nearest warp. */
function nearestWarp(options: RandomFlipOptions): WarpLayerOptions {
  if (options === null || typeof options !== 'object') throw new ValidationError('randomFlip', 'options', 'an options object', options, 'ERR_INVALID_TYPE');
  checkKeys('randomFlip', options, [...LAYER_OPTION_KEYS, 'seed', 'mode']);
  return { ...options, interpolation: 'nearest' };
}

/** `randomFlip({mode: 'horizontal'})`; identity at inference. */
export function randomFlip(options: RandomFlipOptions = {}): RandomFlip {
  return new RandomFlip(options);
}
