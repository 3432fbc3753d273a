// randomRotation (Keras 3 RandomRotation): rotates each image by a random angle about its centre.
import { WarpLayer, type WarpLayerOptions } from './imageAugmentation.js';
import { symmetricRange, uniform, type Range } from '../factors.js';
import { rotationMatrix, type Affine } from '../matrices.js';

/** Options of `randomRotation` (Keras 3 names and defaults). */
export interface RandomRotationOptions extends WarpLayerOptions {
  /**
   * Fraction of a full turn (2 pi), as Keras: f gives angles in [-f * 2pi, f * 2pi], [a, b] gives
   * [a * 2pi, b * 2pi]; positive = counter-clockwise. Bounds in [-1, 1]. Required.
   */
  factor: number | [number, number];
}

/** The layer `randomRotation()` makes: rotates each image by a random angle (Keras RandomRotation). */
export class RandomRotation extends WarpLayer {
  readonly className = 'RandomRotation';
  readonly factor: Range;
  private readonly tmp: Affine = [0, 0, 0, 0, 0, 0];

  constructor(options: RandomRotationOptions) {
    super('randomRotation', options, ['factor']);
    this.factor = symmetricRange('randomRotation', 'factor', options.factor, -1, 1);
  }

  protected drawMatrix(m: Float32Array, at: number): void {
    m.set(rotationMatrix(uniform(this.rng, this.factor) * 2 * Math.PI, this.h, this.w, this.tmp), at);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: [...this.factor] };
  }
}

/** `randomRotation({factor: 0.1})`: up to +-36 degrees, reflect fill, bilinear; identity at inference. */
export function randomRotation(options: RandomRotationOptions): RandomRotation {
  return new RandomRotation(options);
}
