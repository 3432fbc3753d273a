// ZeroPadding2D (Keras 3, channels_last): rows of zeros above and below, columns left and right of
// every [height, width, channels] image. `padding` as Keras: a number (all four sides), a pair
// [rows, cols] (symmetric), or a pair of pairs [[top, bottom], [left, right]]; default 1.
// Kernels: assembly/kernels/pad.ts (forward writes every output element; backward adds the middle of dy).
import { Layer, LAYER_OPTION_KEYS, type LayerOptions } from './layer.js';
import { checkImageInput } from './windowGeometry.js';
import { SimdnetError, ValidationError } from '../errors.js';
import { checkInt, checkKeys } from '../validate.js';

/**
 * Zero padding: one number for all four sides, [height, width] for symmetric padding, or [[top, bottom],
 * [left, right]].
 */
export type Padding2D = number | [number, number] | [[number, number], [number, number]];

/** Options of `zeroPadding2d` (Keras 3 names and defaults). */
export interface ZeroPadding2DOptions extends LayerOptions {
  /** Default 1: one row / column of zeros on every side. */
  padding?: Padding2D;
  /** Only 'channels_last' is implemented. */
  dataFormat?: 'channels_last';
}

const fn = 'zeroPadding2d';

/** [[top, bottom], [left, right]] from Keras's three forms. */
function sides(v: unknown): [[number, number], [number, number]] {
  const expected = 'an integer >= 0, a pair [rows, cols], or [[top, bottom], [left, right]]';
  if (typeof v === 'number') {
    checkInt(fn, 'padding', v, 0);
    return [[v, v], [v, v]];
  }
  if (!Array.isArray(v) || v.length !== 2) throw new ValidationError(fn, 'padding', expected, v);
  if (typeof v[0] === 'number' && typeof v[1] === 'number') {
    const [r, c] = [checkInt(fn, 'padding[0]', v[0], 0), checkInt(fn, 'padding[1]', v[1], 0)];
    return [[r, r], [c, c]];
  }
  const pair = (p: unknown, i: number): [number, number] => {
    if (!Array.isArray(p) || p.length !== 2) throw new ValidationError(fn, `padding[${i}]`, 'a pair of integers >= 0', p);
    return [checkInt(fn, `padding[${i}][0]`, p[0], 0), checkInt(fn, `padding[${i}][1]`, p[1], 0)];
  };
  return [pair(v[0], 0), pair(v[1], 1)];
}

/**
 * The layer `zeroPadding2d()` makes: adds rows and columns of zeros around each image (Keras
 * ZeroPadding2D).
 */
export class ZeroPadding2D extends Layer {
  readonly className = 'ZeroPadding2D';
  /** [[top, bottom], [left, right]]. */
  readonly padding: [[number, number], [number, number]];
  private hwc: [number, number, number] = [0, 0, 0];

  constructor(options: ZeroPadding2DOptions = {}) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, [...LAYER_OPTION_KEYS, 'padding', 'dataFormat']);
    super(fn, options);
    this.padding = sides(options.padding ?? 1);
    if (options.dataFormat !== undefined && options.dataFormat !== 'channels_last') {
      throw new SimdnetError('ERR_UNSUPPORTED', fn, `dataFormat ${JSON.stringify(options.dataFormat)} is not implemented: only 'channels_last'`, { arg: 'dataFormat' });
    }
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    this.hwc = checkImageInput(`${fn} '${this.name}'`, inputShape);
    const [[t, b], [l, r]] = this.padding;
    return [this.hwc[0] + t + b, this.hwc[1] + l + r, this.hwc[2]];
  }

  forward(batch: number): void {
    const [[t, b], [l, r]] = this.padding;
    this.ctx.k.zeroPad2dForward(this.io.x, this.io.y, batch, this.hwc[0], this.hwc[1], this.hwc[2], t, b, l, r);
  }

  backward(batch: number): void {
    if (!this.io.dx) return;
    const [[t, b], [l, r]] = this.padding;
    this.ctx.k.zeroPad2dBackward(this.io.dy, this.io.dx, batch, this.hwc[0], this.hwc[1], this.hwc[2], t, b, l, r);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding.map((p) => [...p]) };
  }
}

/** Pads images with zeros (Keras `ZeroPadding2D`). `zeroPadding2d({padding: 2})`. */
export function zeroPadding2d(options: ZeroPadding2DOptions = {}): ZeroPadding2D {
  return new ZeroPadding2D(options);
}
