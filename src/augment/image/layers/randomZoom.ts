// randomZoom (Keras 3 RandomZoom): zooms each image in or out about its centre.
import { WarpLayer, type WarpLayerOptions } from './imageAugmentation.js';
import { symmetricRange, uniform, type Range } from '../factors.js';
import { zoomMatrix, type Affine } from '../matrices.js';

/** Options of `randomZoom` (Keras 3 names and defaults). */
export interface RandomZoomOptions extends WarpLayerOptions {
  /**
   * Vertical zoom: f gives [-f, f], [a, b] as is; the image is sampled with factor 1 + value, so a
   * POSITIVE value zooms OUT and a negative one zooms in (Keras). Bounds in [-1, 1]. Required.
   */
  heightFactor: number | [number, number];
  /** Horizontal zoom, same forms; default null: the height's factor (aspect ratio kept). */
  widthFactor?: number | [number, number] | null;
}

/** The layer `randomZoom()` makes: zooms each image in or out by a random factor (Keras RandomZoom). */
export class RandomZoom extends WarpLayer {
  readonly className = 'RandomZoom';
  readonly heightFactor: Range;
  readonly widthFactor: Range | null;
  private readonly tmp: Affine = [0, 0, 0, 0, 0, 0];

  constructor(options: RandomZoomOptions) {
    super('randomZoom', options, ['heightFactor', 'widthFactor']);
    this.heightFactor = symmetricRange('randomZoom', 'heightFactor', options.heightFactor, -1, 1);
    this.widthFactor = options.widthFactor == null ? null : symmetricRange('randomZoom', 'widthFactor', options.widthFactor, -1, 1);
  }

  protected drawMatrix(m: Float32Array, at: number): void {
    const zy = 1 + uniform(this.rng, this.heightFactor);
    const zx = this.widthFactor ? 1 + uniform(this.rng, this.widthFactor) : zy;
    m.set(zoomMatrix(zx, zy, this.h, this.w, this.tmp), at);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), heightFactor: [...this.heightFactor], widthFactor: this.widthFactor && [...this.widthFactor] };
  }
}

/** `randomZoom({heightFactor: 0.1})`: zoom in or out by up to 10%, aspect kept; identity at inference. */
export function randomZoom(options: RandomZoomOptions): RandomZoom {
  return new RandomZoom(options);
}
