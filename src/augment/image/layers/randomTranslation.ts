// randomTranslation (Keras 3 RandomTranslation): shifts each image by a random fraction of its size.
import { WarpLayer, type WarpLayerOptions } from './imageAugmentation.js';
import { symmetricRange, uniform, type Range } from '../factors.js';
import { translationMatrix, type Affine } from '../matrices.js';

/** Options of `randomTranslation` (Keras 3 names and defaults). */
export interface RandomTranslationOptions extends WarpLayerOptions {
  /** Vertical shift as a fraction of the height: f gives [-f, f], [a, b] as is; positive = down. Bounds in [-1, 1]. Required. */
  heightFactor: number | [number, number];
  /** Horizontal shift as a fraction of the width, same forms; positive = right. Required. */
  widthFactor: number | [number, number];
}

/**
 * The layer `randomTranslation()` makes: shifts each image by a random fraction of its height and width
 * (Keras RandomTranslation).
 */
export class RandomTranslation extends WarpLayer {
  readonly className = 'RandomTranslation';
  readonly heightFactor: Range;
  readonly widthFactor: Range;
  private readonly tmp: Affine = [0, 0, 0, 0, 0, 0];

  constructor(options: RandomTranslationOptions) {
    super('randomTranslation', options, ['heightFactor', 'widthFactor']);
    this.heightFactor = symmetricRange('randomTranslation', 'heightFactor', options.heightFactor, -1, 1);
    this.widthFactor = symmetricRange('randomTranslation', 'widthFactor', options.widthFactor, -1, 1);
  }

  protected drawMatrix(m: Float32Array, at: number): void {
    // Keras draws the height shift first, then the width shift.
    const dy = uniform(this.rng, this.heightFactor) * this.h;
    const dx = uniform(this.rng, this.widthFactor) * this.w;
    m.set(translationMatrix(dx, dy, this.tmp), at);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), heightFactor: [...this.heightFactor], widthFactor: [...this.widthFactor] };
  }
}

/** `randomTranslation({heightFactor: 0.1, widthFactor: 0.1})`; identity at inference. */
export function randomTranslation(options: RandomTranslationOptions): RandomTranslation {
  return new RandomTranslation(options);
}
