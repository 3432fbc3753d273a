// GlobalAveragePooling1D and GlobalMaxPooling1D (Keras 3, channels_last): each feature of a
// [batch, timesteps, features] input reduced over its timesteps, to [batch, features] (keepdims false,
// the Keras default) or [batch, 1, features]. Without a mask they run the 2-D pooling kernels
// (assembly/kernels/pool.ts) with one [1, T] window; with the mask of an embedding({maskZero: true})
// upstream they consume it and pool over the real steps only (assembly/kernels/maskedPool.ts):
//   average: Σ real x / number of real steps, as Keras 3 (an all-padding row gives 0, Keras NaN);
//   max:     the max over the real steps (Keras 3's GlobalMaxPooling1D ignores the mask and also
//            sees the padding steps' values; an all-padding row gives 0 with no gradient).
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type MaskBehavior, type ScratchSpec } from './layer.js';
import { checkSequenceInput } from './pooling1d.js';
import { globalPoolingKeepdims } from './globalPooling.js';
import { ValidationError } from '../errors.js';
import { checkKeys } from '../validate.js';

/** Options of `globalAveragePooling1d` and `globalMaxPooling1d` (Keras 3 names and defaults). */
export interface GlobalPooling1DOptions extends LayerOptions {
  /** Keep the time axis as size 1: [batch, 1, features]. Default false (Keras). */
  keepdims?: boolean;
  /** Only 'channels_last' is implemented. */
  dataFormat?: 'channels_last';
}

type Kind = 'GlobalAveragePooling1D' | 'GlobalMaxPooling1D';

/**
 * The layer `globalAveragePooling1d()` or `globalMaxPooling1d()` makes: the mean or maximum of each
 * channel over steps, skipping masked steps.
 */
export class GlobalPooling1D extends Layer {
  readonly className: Kind;
  readonly keepdims: boolean;
  private readonly fn: string;
  private tc: [number, number] = [0, 0];

  constructor(kind: Kind, fn: string, options: GlobalPooling1DOptions) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, [...LAYER_OPTION_KEYS, 'keepdims', 'dataFormat']);
    super(fn, options);
    this.className = kind;
    this.fn = fn;
    this.keepdims = globalPoolingKeepdims(fn, options);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    this.tc = checkSequenceInput(`${this.fn} '${this.name}'`, inputShape);
    const C = this.tc[1];
    return this.keepdims ? [1, C] : [C];
  }

  override maskBehavior(): MaskBehavior {
    return 'consume';
  }

  override scratch(): ScratchSpec[] {
    return this.className === 'GlobalMaxPooling1D' ? [{ name: 'argmax', perSample: this.tc[1], fixed: 0 }] : [];
  }

  forward(batch: number): void {
    const { k } = this.ctx;
    const { x, y, s, mask } = this.io;
    const [T, C] = this.tc;
    const max = this.className === 'GlobalMaxPooling1D';
    if (mask) {
      if (max) k.maskedMaxPool1dForward(x, mask, y, s[0], batch, T, C);
      else k.maskedAvgPool1dForward(x, mask, y, batch, T, C);
    } else if (max) k.maxPool2dForward(x, y, s[0], batch, 1, T, C, 1, 1, 1, T, 1, 1, 0, 0);
    else k.avgPool2dForward(x, y, batch, 1, T, C, 1, 1, 1, T, 1, 1, 0, 0);
  }

  backward(batch: number): void {
    const { k } = this.ctx;
    const { dx, dy, s, mask } = this.io;
    if (!dx) return;
    const [T, C] = this.tc;
    if (this.className === 'GlobalMaxPooling1D') {
      // With a mask, argmax is -1 for a row with no real step (maskedPool.ts); maxPool2dBackward has no such case.
      if (mask) k.maskedMaxPool1dBackward(dy, s[0], dx, batch * C);
      else k.maxPool2dBackward(dy, s[0], dx, batch * C);
    } else if (mask) k.maskedAvgPool1dBackward(dy, mask, dx, batch, T, C);
    else k.avgPool2dBackward(dy, dx, batch, 1, T, C, 1, 1, 1, T, 1, 1, 0, 0);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepdims: this.keepdims };
  }
}

/** Mean of each feature over the (unmasked) timesteps (Keras `GlobalAveragePooling1D`). */
export function globalAveragePooling1d(options: GlobalPooling1DOptions = {}): GlobalPooling1D {
  return new GlobalPooling1D('GlobalAveragePooling1D', 'globalAveragePooling1d', options);
}

/** Max of each feature over the (unmasked) timesteps (Keras `GlobalMaxPooling1D`; it ignores the mask, we do not). */
export function globalMaxPooling1d(options: GlobalPooling1DOptions = {}): GlobalPooling1D {
  return new GlobalPooling1D('GlobalMaxPooling1D', 'globalMaxPooling1d', options);
}
