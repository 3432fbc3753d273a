// Conv1D (Keras 3 keras.layers.Conv1D), channels last: x [batch, timesteps, C] -> y [batch, OT,
// filters], kernel [k, C, filters] (Keras's layout), bias [filters]. A sequence is an image of height
// 1: the layer is conv2d (conv2d.ts: im2col + the packed sgemm with bias/activation fused, TN/NT
// GEMMs + col2im backward) on [1, T, C] with a [1, k] kernel, whose [1, k, C, F] memory is the same
// as Keras's [k, C, F]; no kernel of its own.
// Output length OT and padding (Keras 3 BaseConv / ops.conv, TensorFlow's rules):
//   'valid':  OT = floor((T - ((k-1)*d + 1)) / s) + 1
//   'same':   OT = ceil(T / s), total padding max((OT-1)*s + (k-1)*d + 1 - T, 0), floor(total/2) on the left
//   'causal': left padding (k-1)*d and no right padding (Keras pads the input with ops.pad, then runs
//             'valid'), so OT = floor((T - 1) / s) + 1 and output t only sees inputs <= t*s.
// The padding is implicit: im2col reads zeros outside [0, T) (assembly/kernels/im2col.ts, PL = left).
import { Conv2D, type Conv2DOptions } from './conv2d.js';
import { convGeometry, type ConvSpatial } from './convGeometry.js';
import type { ParamSpec } from './layer.js';
import { ShapeError, ValidationError } from '../errors.js';
import { checkInt, checkOneOf } from '../validate.js';

/**
 * Conv1D padding: 'valid' (no padding), 'same' (output length = ceil(input / stride)) or 'causal' (left
 * padding only, so step t sees no later step).
 */
export type Padding1D = 'valid' | 'same' | 'causal';
const PADDINGS_1D: readonly Padding1D[] = ['valid', 'same', 'causal'];

/** A 1-D size: an integer or a one-element array (Keras accepts `3` or `(3,)`). */
export type Int1 = number | [number];

/** Options of `conv1d` (Keras 3 names and defaults; single numbers where Conv2D takes pairs). */
export interface Conv1DOptions extends Omit<Conv2DOptions, 'kernelSize' | 'strides' | 'dilationRate' | 'padding'> {
  /** Kernel length (required). */
  kernelSize: Int1;
  /** Default 1. */
  strides?: Int1;
  /** Default 'valid'; 'same' (output ceil(T / strides)); 'causal' (left padding only: output t sees inputs up to t). */
  padding?: Padding1D;
  /** Default 1. Must stay 1 when strides > 1 (as Keras). */
  dilationRate?: Int1;
}

/** An Int1 checked to an integer >= 1. */
export function int1(fn: string, arg: string, v: unknown): number {
  if (Array.isArray(v)) {
    if (v.length !== 1) throw new ValidationError(fn, arg, 'an integer >= 1 or a one-element array', v);
    return checkInt(fn, `${arg}[0]`, v[0], 1);
  }
  return checkInt(fn, arg, v, 1);
}

/**
 * The layer `conv1d()` makes: a 1-D convolution over steps of (steps, channels) input, run as a Conv2D of
 * height 1 (Keras Conv1D).
 */
export class Conv1D extends Conv2D {
  override readonly className: string = 'Conv1D';
  readonly padding1d: Padding1D;

  constructor(options: Conv1DOptions) {
    const fn = 'conv1d';
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    if (options.kernelSize === undefined) throw new ValidationError(fn, 'kernelSize', 'an integer >= 1', undefined, 'ERR_INVALID_TYPE');
    const k = int1(fn, 'kernelSize', options.kernelSize);
    const s = int1(fn, 'strides', options.strides ?? 1);
    const d = int1(fn, 'dilationRate', options.dilationRate ?? 1);
    const padding = checkOneOf(fn, 'padding', options.padding ?? 'valid', PADDINGS_1D);
    if (s > 1 && d > 1) throw new ValidationError(fn, 'dilationRate', `1 when strides > 1 (Keras does not support both; strides are ${s})`, d);
    // 'causal' runs as 'valid' over the left-padded sequence; computeOutputShape sets the padding.
    const spatial: ConvSpatial = { kernelSize: [1, k], strides: [1, s], dilationRate: [1, d], padding: padding === 'same' ? 'same' : 'valid' };
    super(options as unknown as Conv2DOptions, fn, spatial);
    this.padding1d = padding;
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    const where = `conv1d '${this.name}'`;
    if (inputShape.length !== 2) {
      const hint = inputShape.length === 1 ? ' (one feature per step: reshape({targetShape: [timesteps, 1]}) in front, or an embedding for token ids)' : '';
      throw new ShapeError(where, 'inputShape', `[timesteps, features] per sample${hint}`, `[${inputShape}]`);
    }
    const [T, C] = inputShape;
    const k = this.spatial.kernelSize[1];
    const d = this.spatial.dilationRate[1];
    const eff = (k - 1) * d + 1;
    if (this.padding1d === 'valid' && eff > T) {
      throw new ShapeError(where, 'kernelSize', `a (dilated) kernel no longer than the ${T} timesteps with padding 'valid'`, `length ${eff}`);
    }
    const left = this.padding1d === 'causal' ? (k - 1) * d : 0;
    const g = convGeometry(where, [1, T + left, C], this.spatial);
    this.geometry = left ? { ...g, W: T, PL: left } : g;
    return [this.geometry.OW, this.filters];
  }

  override params(): ParamSpec[] {
    const [kernel, ...rest] = super.params();
    return [{ ...kernel, shape: [this.geometry.KW, this.geometry.C, this.filters] }, ...rest];
  }

  override getConfig(): Record<string, unknown> {
    const sp = this.spatial;
    return { ...super.getConfig(), kernelSize: [sp.kernelSize[1]], strides: [sp.strides[1]], padding: this.padding1d, dilationRate: [sp.dilationRate[1]] };
  }
}

/** A 1-D convolution over [batch, timesteps, features] (Keras `Conv1D`). `conv1d({filters: 128, kernelSize: 5, activation: 'relu'})`. */
export function conv1d(options: Conv1DOptions): Conv1D {
  return new Conv1D(options);
}
