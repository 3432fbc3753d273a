// randomContrast (Keras 3 RandomContrast): per image a factor uniform in [1 - lower, 1 + upper]; per
// channel x -> (x - mean) * factor + mean, mean over the image's pixels; clipped to value_range.
import { ImageAugmentation, valueRange, type AugmentationOptions } from './imageAugmentation.js';
import type { ScratchSpec } from '../../../layers/layer.js';
import { uniform, type Range } from '../factors.js';
import { ValidationError } from '../../../errors.js';

/** Options of `randomContrast` (Keras 3 names and defaults). */
export interface RandomContrastOptions extends AugmentationOptions {
  /** f gives factors in [1 - f, 1 + f]; [lower, upper] gives [1 - lower, 1 + upper]; values in [0, 1]. Required. */
  factor: number | [number, number];
  /** `[low, high]`: outputs are clipped to it. Default [0, 255] (Keras 3). */
  valueRange?: [number, number];
}

/**
 * The layer `randomContrast()` makes: scales each image's deviation from its mean by a random factor
 * (Keras RandomContrast).
 */
export class RandomContrast extends ImageAugmentation {
  readonly className = 'RandomContrast';
  /** [lower, upper] as given (the drawn factor lies in [1 - lower, 1 + upper]). */
  readonly factor: Range;
  readonly valueRange: [number, number];
  private readonly draw: Range;

  constructor(options: RandomContrastOptions) {
    super('randomContrast', options, ['factor', 'valueRange']);
    const f = options.factor;
    const pair = typeof f === 'number' ? [f, f] : f;
    const ok = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
    if (!Array.isArray(pair) || pair.length !== 2 || !ok(pair[0]) || !ok(pair[1])) {
      throw new ValidationError('randomContrast', 'factor', 'a number in [0, 1] or a pair [lower, upper] of numbers in [0, 1]', f);
    }
    this.factor = [pair[0], pair[1]];
    this.draw = [1 - pair[0], 1 + pair[1]];
    this.valueRange = valueRange('randomContrast', options.valueRange);
  }

  override scratch(): ScratchSpec[] {
    return [{ name: 'factor', perSample: 1, fixed: 0 }];
  }

  protected augment(batch: number): void {
    const factor = this.io.s[0];
    const heap = this.ctx.heap();
    for (let i = 0; i < batch; i++) heap[(factor >>> 2) + i] = uniform(this.rng, this.draw);
    this.ctx.k.adjustContrast(this.io.x, this.io.y, factor, batch, this.h * this.w, this.c, this.valueRange[0], this.valueRange[1]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: [...this.factor], valueRange: [...this.valueRange] };
  }
}

/** `randomContrast({factor: 0.2, valueRange: [0, 1]})`; identity at inference. */
export function randomContrast(options: RandomContrastOptions): RandomContrast {
  return new RandomContrast(options);
}
