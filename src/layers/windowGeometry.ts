// Window geometry of the 2-D image layers (pooling here; conv can share it), as TensorFlow defines
// 'valid' and 'same' (tensorflow/python/ops/nn_ops.py, "Notes on padding"; Keras follows TF):
//   valid: out = floor((in - k_eff) / s) + 1, no padding (0 when the window is larger than the input)
//   same:  out = ceil(in / s), total = max((out - 1) * s + k_eff - in, 0), before = floor(total / 2)
//          (so an odd total pads one more at the bottom / right)
// with k_eff = (k - 1) * dilation + 1.
import { ShapeError, ValidationError } from '../errors.js';
import { checkInt, checkOneOf } from '../validate.js';

/** Window padding: 'valid' (none) or 'same' (output size = ceil(input / stride)). */
export type Padding = 'valid' | 'same';
export const PADDINGS: readonly Padding[] = ['valid', 'same'];

/** A size given as a number or a [rows, cols] pair (Keras `pool_size`, `strides`); integers >= min. */
export function intPair(fn: string, arg: string, v: unknown, min = 1): [number, number] {
  if (typeof v === 'number') {
    checkInt(fn, arg, v, min);
    return [v, v];
  }
  if (!Array.isArray(v) || v.length !== 2) throw new ValidationError(fn, arg, `an integer >= ${min} or a pair of them`, v);
  return [checkInt(fn, `${arg}[0]`, v[0], min), checkInt(fn, `${arg}[1]`, v[1], min)];
}

export function checkPadding(fn: string, v: unknown): Padding {
  return checkOneOf(fn, 'padding', v ?? 'valid', PADDINGS);
}

/** Output length along one axis. */
export function outputLength(len: number, k: number, s: number, padding: Padding, dilation = 1): number {
  const eff = (k - 1) * dilation + 1;
  if (padding === 'same') return Math.ceil(len / s);
  return len >= eff ? Math.floor((len - eff) / s) + 1 : 0;
}

/** Implicit padding before the input along one axis (0 for 'valid'). */
export function padBefore(len: number, k: number, s: number, padding: Padding, dilation = 1): number {
  if (padding === 'valid') return 0;
  const eff = (k - 1) * dilation + 1;
  return Math.floor(Math.max((outputLength(len, k, s, padding, dilation) - 1) * s + eff - len, 0) / 2);
}

/** Checks that a per-sample shape is [height, width, channels] (channels_last images). */
export function checkImageInput(who: string, inputShape: readonly number[]): [number, number, number] {
  if (inputShape.length !== 3) {
    throw new ShapeError(who, 'inputShape', 'a 4-D input [batch, height, width, channels] (per sample [height, width, channels])', `[${inputShape.join(', ')}] per sample`);
  }
  return inputShape as [number, number, number];
}
