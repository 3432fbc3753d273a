// Keras's SpatialDropout1D and SpatialDropout2D (keras/src/layers/regularization/spatial_dropout.py;
// Tompson et al. 2014, "Efficient Object Localization Using Convolutional Networks"): dropout that
// keeps or drops whole feature maps. Neighbouring steps or pixels of one channel are strongly
// correlated, so dropping them one by one barely regularizes; dropping the channel does. Keras
// defines them as Dropout with a noise shape, which is what they are here (noiseShape.ts):
//   spatialDropout1D: input [steps, channels], noise [batch, 1, channels];
//   spatialDropout2D: input [rows, cols, channels] (channels_last, the default) with noise
//     [batch, 1, 1, channels], or [channels, rows, cols] (channels_first) with [batch, channels, 1, 1].
// Survivors are scaled by 1 / (1 - rate); identity at inference, like dropout.
import { NoiseLayer, type RateOptions } from './noise.js';
import type { NoiseShape } from './noiseShape.js';
import { ShapeError } from '../errors.js';
import { checkOneOf } from '../validate.js';

/** Where the channels are: last (Keras's default) or first. */
export type DataFormat = 'channels_last' | 'channels_first';

/** Options of `spatialDropout2D` (Keras 3 names and defaults). */
export interface SpatialDropout2DOptions extends RateOptions {
  /** Where the channels are: 'channels_last' ([rows, cols, channels], default) or 'channels_first'. */
  dataFormat?: DataFormat;
}

/**
 * The layer `spatialDropout1D()` or `spatialDropout2D()` makes: drops whole channels instead of single
 * elements (Keras SpatialDropout).
 */
export class SpatialDropout extends NoiseLayer {
  /** channels_last unless a 2D layer was given channels_first (1D inputs are [steps, channels]). */
  readonly dataFormat: DataFormat;
  private readonly rank: number;

  constructor(rank: 1 | 2, options: RateOptions | SpatialDropout2DOptions) {
    const fn = rank === 1 ? 'spatialDropout1D' : 'spatialDropout2D';
    super(rank === 1 ? 'SpatialDropout1D' : 'SpatialDropout2D', fn, options, rank === 2 ? ['dataFormat'] : []);
    this.rank = rank;
    const format = (options as SpatialDropout2DOptions).dataFormat;
    this.dataFormat = format === undefined ? 'channels_last' : checkOneOf(fn, 'dataFormat', format, ['channels_last', 'channels_first'] as const);
  }

  protected override noiseShapeFor(inputShape: readonly number[]): NoiseShape {
    const want = this.rank + 1;
    if (inputShape.length !== want) {
      const form = this.rank === 1 ? '[steps, channels]' : this.dataFormat === 'channels_last' ? '[rows, cols, channels]' : '[channels, rows, cols]';
      throw new ShapeError(`${this.fn} '${this.name}'`, 'inputShape', `a per-sample shape of rank ${want} ${form}`, `[${inputShape.join(', ')}]`);
    }
    const spatial = new Array<number | null>(this.rank).fill(1);
    this.noiseShape = this.dataFormat === 'channels_last' ? [null, ...spatial, null] : [null, null, ...spatial];
    return this.noiseShape;
  }

  override getConfig(): Record<string, unknown> {
    const c = super.getConfig();
    return this.rank === 2 ? { ...c, dataFormat: this.dataFormat } : c;
  }
}

/** Drops whole channels of [steps, channels] inputs (Keras `SpatialDropout1D`). `spatialDropout1D({rate: 0.2})`. */
export function spatialDropout1D(options: RateOptions): SpatialDropout {
  return new SpatialDropout(1, options);
}

/** Drops whole feature maps of image inputs (Keras `SpatialDropout2D`). `spatialDropout2D({rate: 0.2})`. */
export function spatialDropout2D(options: SpatialDropout2DOptions): SpatialDropout {
  return new SpatialDropout(2, options);
}
