// randomBrightness (Keras 3 RandomBrightness): adds delta = u * (high - low) to every pixel of an
// image, u uniform in the factor range, then clips to value_range.
import { ImageAugmentation, valueRange, type AugmentationOptions } from './imageAugmentation.js';
import type { ScratchSpec } from '../../../layers/layer.js';
import { symmetricRange, uniform, type Range } from '../factors.js';

/** Options of `randomBrightness` (Keras 3 names and defaults). */
export interface RandomBrightnessOptions extends AugmentationOptions {
  /** f gives [-f, f], [a, b] as is; bounds in [-1, 1] (-1: black, 1: white). Required. */
  factor: number | [number, number];
  /** [low, high] of the input values; the delta scales with it and outputs are clipped to it. Default [0, 255]. */
  valueRange?: [number, number];
}

/** The layer `randomBrightness()` makes: adds a random offset to each image (Keras RandomBrightness). */
export class RandomBrightness extends ImageAugmentation {
  readonly className = 'RandomBrightness';
  readonly factor: Range;
  readonly valueRange: [number, number];

  constructor(options: RandomBrightnessOptions) {
    super('randomBrightness', options, ['factor', 'valueRange']);
    this.factor = symmetricRange('randomBrightness', 'factor', options.factor, -1, 1);
    this.valueRange = valueRange('randomBrightness', options.valueRange);
  }

  override scratch(): ScratchSpec[] {
    return [
      { name: 'scale', perSample: 1, fixed: 0 },
      { name: 'delta', perSample: 1, fixed: 0 },
    ];
  }

  protected augment(batch: number): void {
    const [lo, hi] = this.valueRange;
    const [scale, delta] = this.io.s;
    const heap = this.ctx.heap();
    for (let i = 0; i < batch; i++) {
      heap[(scale >>> 2) + i] = 1;
      heap[(delta >>> 2) + i] = uniform(this.rng, this.factor) * (hi - lo);
    }
    this.ctx.k.adjustBrightness(this.io.x, this.io.y, scale, delta, batch, this.inSize, lo, hi);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: [...this.factor], valueRange: [...this.valueRange] };
  }
}

/** `randomBrightness({factor: 0.2, valueRange: [0, 1]})`; identity at inference. */
export function randomBrightness(options: RandomBrightnessOptions): RandomBrightness {
  return new RandomBrightness(options);
}
