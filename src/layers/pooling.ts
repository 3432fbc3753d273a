// MaxPooling2D and AveragePooling2D (Keras 3 keras.layers, channels_last): a PH x PW window moved by
// strides over [batch, height, width, channels] inputs, each channel pooled on its own.
//   maxPooling2d:     y = max of the window; forward records the argmax (an i32 scratch
//                     [batch, OH, OW, C]) and backward routes dy to it (ties: the first max, as TF).
//   averagePooling2d: y = mean of the window; with 'same' the mean is over the cells inside the
//                     image only (TF/Keras: padded cells do not count); backward spreads dy / count.
// Output sizes and padding: windowGeometry.ts. Kernels: assembly/kernels/pool.ts. No parameters.
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type ScratchSpec } from './layer.js';
import { checkImageInput, checkPadding, intPair, outputLength, padBefore, type Padding } from './windowGeometry.js';
import { ShapeError, ValidationError, SimdnetError } from '../errors.js';
import { checkKeys } from '../validate.js';

/** Options of `maxPooling2d` and `averagePooling2d` (Keras 3 names and defaults). */
export interface Pooling2DOptions extends LayerOptions {
  /** Window [rows, cols] or one number for both. Default 2 (Keras (2, 2)). */
  poolSize?: number | [number, number];
  /** Step [rows, cols] or one number; default null = poolSize (Keras). */
  strides?: number | [number, number] | null;
  /** 'valid' (default: windows inside the image only) or 'same' (output ceil(in / strides), TF padding). */
  padding?: Padding;
  /** Only 'channels_last' ([batch, height, width, channels], the Keras default) is implemented. */
  dataFormat?: 'channels_last';
}

const KEYS = [...LAYER_OPTION_KEYS, 'poolSize', 'strides', 'padding', 'dataFormat'];
type Kind = 'MaxPooling2D' | 'AveragePooling2D';

/** The layer `maxPooling2d()` or `averagePooling2d()` makes: the maximum or mean over each pooling window. */
export class Pooling2D extends Layer {
  readonly className: Kind;
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  /** [N-free] geometry set by build: H, W, C, OH, OW, PT, PL. */
  private g = [0, 0, 0, 0, 0, 0, 0];
  private readonly fn: string;

  constructor(kind: Kind, fn: string, options: Pooling2DOptions) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, KEYS);
    super(fn, options);
    this.className = kind;
    this.fn = fn;
    this.poolSize = intPair(fn, 'poolSize', options.poolSize ?? 2);
    this.strides = options.strides === undefined || options.strides === null ? [...this.poolSize] : intPair(fn, 'strides', options.strides);
    this.padding = checkPadding(fn, options.padding);
    if (options.dataFormat !== undefined && options.dataFormat !== 'channels_last') {
      throw new SimdnetError('ERR_UNSUPPORTED', fn, `dataFormat ${JSON.stringify(options.dataFormat)} is not implemented: only 'channels_last' ([batch, height, width, channels])`, { arg: 'dataFormat' });
    }
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    const who = `${this.fn} '${this.name}'`;
    const [H, W, C] = checkImageInput(who, inputShape);
    const [PH, PW] = this.poolSize;
    const [SH, SW] = this.strides;
    const OH = outputLength(H, PH, SH, this.padding);
    const OW = outputLength(W, PW, SW, this.padding);
    if (OH === 0 || OW === 0) {
      throw new ShapeError(who, 'poolSize', `a window no larger than the ${H}x${W} input with padding 'valid' (the output would be empty; use padding 'same' or a smaller poolSize)`, `[${PH}, ${PW}]`);
    }
    this.g = [H, W, C, OH, OW, padBefore(H, PH, SH, this.padding), padBefore(W, PW, SW, this.padding)];
    return [OH, OW, C];
  }

  override scratch(): ScratchSpec[] {
    // Max: the argmax of every output value (i32 flat indices into the batch's input).
    return this.className === 'MaxPooling2D' ? [{ name: 'argmax', perSample: this.outSize, fixed: 0 }] : [];
  }

  forward(batch: number): void {
    const { k } = this.ctx;
    const { x, y, s } = this.io;
    const [H, W, C, OH, OW, PT, PL] = this.g;
    const [PH, PW] = this.poolSize;
    const [SH, SW] = this.strides;
    if (this.className === 'MaxPooling2D') k.maxPool2dForward(x, y, s[0], batch, H, W, C, OH, OW, PH, PW, SH, SW, PT, PL);
    else k.avgPool2dForward(x, y, batch, H, W, C, OH, OW, PH, PW, SH, SW, PT, PL);
  }

  backward(batch: number): void {
    const { k } = this.ctx;
    const { dx, dy, s } = this.io;
    if (!dx) return;
    const [H, W, C, OH, OW, PT, PL] = this.g;
    const [PH, PW] = this.poolSize;
    const [SH, SW] = this.strides;
    if (this.className === 'MaxPooling2D') k.maxPool2dBackward(dy, s[0], dx, batch * this.outSize);
    else k.avgPool2dBackward(dy, dx, batch, H, W, C, OH, OW, PH, PW, SH, SW, PT, PL);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
  }
}

/** Max pooling over 2-D windows (Keras `MaxPooling2D`). `maxPooling2d({poolSize: 2})`. */
export function maxPooling2d(options: Pooling2DOptions = {}): Pooling2D {
  return new Pooling2D('MaxPooling2D', 'maxPooling2d', options);
}

/** Average pooling over 2-D windows (Keras `AveragePooling2D`). `averagePooling2d({poolSize: 2})`. */
export function averagePooling2d(options: Pooling2DOptions = {}): Pooling2D {
  return new Pooling2D('AveragePooling2D', 'averagePooling2d', options);
}
