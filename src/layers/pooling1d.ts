// MaxPooling1D and AveragePooling1D (Keras 3 keras.layers, channels_last): a window of poolSize
// steps moved by strides over [batch, timesteps, features], each feature pooled on its own. A
// sequence is an image of height 1, so these run the 2-D pooling kernels (assembly/kernels/pool.ts)
// with H = 1 and a [1, poolSize] window: max records the argmax (i32 scratch [batch, OT, C]) and
// routes dy to it (ties: first max, as TF); average with 'same' divides by the steps inside the
// sequence (TF/Keras: padded steps do not count). Sizes: windowGeometry.ts ('valid' / 'same').
// No parameters; no mask (Keras 3's 1-D pooling layers do not support masking either).
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type ScratchSpec } from './layer.js';
import { checkPadding, outputLength, padBefore, type Padding } from './windowGeometry.js';
import { int1, type Int1 } from './conv1d.js';
import { ShapeError, ValidationError, SimdnetError } from '../errors.js';
import { checkKeys } from '../validate.js';

/** Options of `maxPooling1d` and `averagePooling1d` (Keras 3 names and defaults). */
export interface Pooling1DOptions extends LayerOptions {
  /** Window length. Default 2 (Keras). */
  poolSize?: Int1;
  /** Step; default null = poolSize (Keras). */
  strides?: Int1 | null;
  /** 'valid' (default: windows inside the sequence only) or 'same' (output ceil(T / strides), TF padding). */
  padding?: Padding;
  /** Only 'channels_last' ([batch, timesteps, features], the Keras default) is implemented. */
  dataFormat?: 'channels_last';
}

const KEYS = [...LAYER_OPTION_KEYS, 'poolSize', 'strides', 'padding', 'dataFormat'];
type Kind = 'MaxPooling1D' | 'AveragePooling1D';

/** Checks a per-sample [timesteps, features] input shape. */
export function checkSequenceInput(who: string, inputShape: readonly number[]): [number, number] {
  if (inputShape.length !== 2) {
    throw new ShapeError(who, 'inputShape', 'a 3-D input [batch, timesteps, features] (per sample [timesteps, features])', `[${inputShape.join(', ')}] per sample`);
  }
  return inputShape as [number, number];
}

/**
 * The layer `maxPooling1d()` or `averagePooling1d()` makes: the maximum or mean over each window of steps.
 */
export class Pooling1D extends Layer {
  readonly className: Kind;
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: Padding;
  /** Set by build: T, C, OT, PL (padding before the first step). */
  private g = [0, 0, 0, 0];
  private readonly fn: string;

  constructor(kind: Kind, fn: string, options: Pooling1DOptions) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, KEYS);
    super(fn, options);
    this.className = kind;
    this.fn = fn;
    this.poolSize = int1(fn, 'poolSize', options.poolSize ?? 2);
    this.strides = options.strides === undefined || options.strides === null ? this.poolSize : int1(fn, 'strides', options.strides);
    this.padding = checkPadding(fn, options.padding);
    if (options.dataFormat !== undefined && options.dataFormat !== 'channels_last') {
      throw new SimdnetError('ERR_UNSUPPORTED', fn, `dataFormat ${JSON.stringify(options.dataFormat)} is not implemented: only 'channels_last' ([batch, timesteps, features])`, { arg: 'dataFormat' });
    }
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    const who = `${this.fn} '${this.name}'`;
    const [T, C] = checkSequenceInput(who, inputShape);
    const OT = outputLength(T, this.poolSize, this.strides, this.padding);
    if (OT === 0) {
      throw new ShapeError(who, 'poolSize', `a window no longer than the ${T} timesteps with padding 'valid' (the output would be empty; use padding 'same' or a smaller poolSize)`, this.poolSize);
    }
    this.g = [T, C, OT, padBefore(T, this.poolSize, this.strides, this.padding)];
    return [OT, C];
  }

  override scratch(): ScratchSpec[] {
    return this.className === 'MaxPooling1D' ? [{ name: 'argmax', perSample: this.outSize, fixed: 0 }] : [];
  }

  forward(batch: number): void {
    const { k } = this.ctx;
    const { x, y, s } = this.io;
    const [T, C, OT, PL] = this.g;
    if (this.className === 'MaxPooling1D') k.maxPool2dForward(x, y, s[0], batch, 1, T, C, 1, OT, 1, this.poolSize, 1, this.strides, 0, PL);
    else k.avgPool2dForward(x, y, batch, 1, T, C, 1, OT, 1, this.poolSize, 1, this.strides, 0, PL);
  }

  backward(batch: number): void {
    const { k } = this.ctx;
    const { dx, dy, s } = this.io;
    if (!dx) return;
    const [T, C, OT, PL] = this.g;
    if (this.className === 'MaxPooling1D') k.maxPool2dBackward(dy, s[0], dx, batch * this.outSize);
    else k.avgPool2dBackward(dy, dx, batch, 1, T, C, 1, OT, 1, this.poolSize, 1, this.strides, 0, PL);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: [this.poolSize], strides: [this.strides], padding: this.padding };
  }
}

/** Max pooling over windows of timesteps (Keras `MaxPooling1D`). `maxPooling1d({poolSize: 2})`. */
export function maxPooling1d(options: Pooling1DOptions = {}): Pooling1D {
  return new Pooling1D('MaxPooling1D', 'maxPooling1d', options);
}

/** Average pooling over windows of timesteps (Keras `AveragePooling1D`). `averagePooling1d({poolSize: 2})`. */
export function averagePooling1d(options: Pooling1DOptions = {}): Pooling1D {
  return new Pooling1D('AveragePooling1D', 'averagePooling1d', options);
}
