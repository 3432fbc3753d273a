// GlobalAveragePooling2D and GlobalMaxPooling2D (Keras 3, channels_last): each channel of an
// [batch, height, width, channels] input reduced over all its pixels, to [batch, channels]
// (keepdims false, the Keras default) or [batch, 1, 1, channels] (keepdims true). They run the 2-D
// pooling kernels (assembly/kernels/pool.ts) with one window covering the whole image, so the
// gradients are those of pooling: max routes dy to the first maximum, average spreads dy / (H * W).
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type ScratchSpec } from './layer.js';
import { checkImageInput } from './windowGeometry.js';
import { SimdnetError, ValidationError } from '../errors.js';
import { checkBool, checkKeys } from '../validate.js';

/** Options of `globalAveragePooling2d` and `globalMaxPooling2d` (Keras 3 names and defaults). */
export interface GlobalPooling2DOptions extends LayerOptions {
  /** Keep the pooled axes as size 1: [batch, 1, 1, channels]. Default false (Keras). */
  keepdims?: boolean;
  /** Only 'channels_last' is implemented. */
  dataFormat?: 'channels_last';
}

/** The options every global pooling shares (1-D and 2-D): `keepdims` (default false, Keras) and
 * `dataFormat`, of which only 'channels_last' is implemented. Returns keepdims. */
export function globalPoolingKeepdims(fn: string, options: { keepdims?: boolean; dataFormat?: string }): boolean {
  const keepdims = checkBool(fn, 'keepdims', options.keepdims ?? false);
  if (options.dataFormat !== undefined && options.dataFormat !== 'channels_last') {
    throw new SimdnetError('ERR_UNSUPPORTED', fn, `dataFormat ${JSON.stringify(options.dataFormat)} is not implemented: only 'channels_last'`, { arg: 'dataFormat' });
  }
  return keepdims;
}

type Kind = 'GlobalAveragePooling2D' | 'GlobalMaxPooling2D';

/**
 * The layer `globalAveragePooling2d()` or `globalMaxPooling2d()` makes: the mean or maximum of each
 * channel over height and width.
 */
export class GlobalPooling2D extends Layer {
  readonly className: Kind;
  readonly keepdims: boolean;
  private readonly fn: string;
  private hw: [number, number, number] = [0, 0, 0];

  constructor(kind: Kind, fn: string, options: GlobalPooling2DOptions) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, [...LAYER_OPTION_KEYS, 'keepdims', 'dataFormat']);
    super(fn, options);
    this.className = kind;
    this.fn = fn;
    this.keepdims = globalPoolingKeepdims(fn, options);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    this.hw = checkImageInput(`${this.fn} '${this.name}'`, inputShape);
    const C = this.hw[2];
    return this.keepdims ? [1, 1, C] : [C];
  }

  override scratch(): ScratchSpec[] {
    return this.className === 'GlobalMaxPooling2D' ? [{ name: 'argmax', perSample: this.hw[2], fixed: 0 }] : [];
  }

  forward(batch: number): void {
    const { k } = this.ctx;
    const { x, y, s } = this.io;
    const [H, W, C] = this.hw;
    if (this.className === 'GlobalMaxPooling2D') k.maxPool2dForward(x, y, s[0], batch, H, W, C, 1, 1, H, W, 1, 1, 0, 0);
    else k.avgPool2dForward(x, y, batch, H, W, C, 1, 1, H, W, 1, 1, 0, 0);
  }

  backward(batch: number): void {
    const { k } = this.ctx;
    const { dx, dy, s } = this.io;
    if (!dx) return;
    const [H, W, C] = this.hw;
    if (this.className === 'GlobalMaxPooling2D') k.maxPool2dBackward(dy, s[0], dx, batch * C);
    else k.avgPool2dBackward(dy, dx, batch, H, W, C, 1, 1, H, W, 1, 1, 0, 0);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepdims: this.keepdims };
  }
}

/** Mean of each channel over the image (Keras `GlobalAveragePooling2D`). */
export function globalAveragePooling2d(options: GlobalPooling2DOptions = {}): GlobalPooling2D {
  return new GlobalPooling2D('GlobalAveragePooling2D', 'globalAveragePooling2d', options);
}

/** Max of each channel over the image (Keras `GlobalMaxPooling2D`). */
export function globalMaxPooling2d(options: GlobalPooling2DOptions = {}): GlobalPooling2D {
  return new GlobalPooling2D('GlobalMaxPooling2D', 'globalMaxPooling2d', options);
}
