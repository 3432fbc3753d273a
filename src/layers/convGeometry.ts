// The geometry of a 2-D convolution over NHWC samples [H, W, C]: option parsing shared by conv2d,
// depthwiseConv2d and separableConv2d, the output size and the padding, as Keras 3 and TensorFlow
// define them (tf.nn.convolution, "padding"):
//   'valid': OH = floor((H - ((KH-1)*DH + 1)) / SH) + 1, no padding (empty when the kernel is larger);
//   'same':  OH = ceil(H / SH), total padding max((OH-1)*SH + (KH-1)*DH + 1 - H, 0), of which
//            floor(total / 2) on top and the rest at the bottom (an even kernel pads more at the
//            bottom/right), and the same for W.
// Keras also rejects strides > 1 together with dilation > 1 (BaseConv: "`strides > 1` not supported
// in conjunction with `dilation_rate > 1`"); we do the same.
import { ShapeError, ValidationError } from '../errors.js';
import { intPair, checkPadding, outputLength, padBefore, type Padding } from './windowGeometry.js';

/** A size per spatial axis: one number for both, or [height, width]. */
export type IntPair = number | [number, number];

/** What the kernels take after the pointers (assembly/kernels/im2col.ts legend), without B. */
export interface ConvGeometry {
  H: number; W: number; C: number; KH: number; KW: number; SH: number; SW: number;
  DH: number; DW: number; PT: number; PL: number; OH: number; OW: number;
}

/** The spatial options of a conv layer, checked. */
export interface ConvSpatial {
  kernelSize: [number, number];
  strides: [number, number];
  dilationRate: [number, number];
  padding: Padding;
}

export function parseSpatial(fn: string, o: { kernelSize?: unknown; strides?: unknown; dilationRate?: unknown; padding?: unknown }): ConvSpatial {
  if (o.kernelSize === undefined) throw new ValidationError(fn, 'kernelSize', 'an integer >= 1 or a pair of them', undefined, 'ERR_INVALID_TYPE');
  const kernelSize = intPair(fn, 'kernelSize', o.kernelSize);
  const strides = intPair(fn, 'strides', o.strides ?? 1);
  const dilationRate = intPair(fn, 'dilationRate', o.dilationRate ?? 1);
  const padding = checkPadding(fn, o.padding);
  if (Math.max(...strides) > 1 && Math.max(...dilationRate) > 1) {
    throw new ValidationError(fn, 'dilationRate', `[1, 1] when strides > 1 (Keras does not support both; strides are [${strides}])`, dilationRate);
  }
  return { kernelSize, strides, dilationRate, padding };
}

/**
 * The geometry for a per-sample input [H, W, C]; `where` names the layer in errors. Throws a
 * ShapeError for an input that is not [H, W, C] or a kernel larger than the (unpadded, 'valid') input.
 */
export function convGeometry(where: string, inShape: readonly number[], sp: ConvSpatial): ConvGeometry {
  if (inShape.length !== 3) {
    const hint = inShape.length === 1 ? ' (flat vectors: add reshape({targetShape: [height, width, channels]}) in front)' : inShape.length === 2 ? ' (one channel: reshape to [height, width, 1])' : '';
    throw new ShapeError(where, 'inputShape', `[height, width, channels] per sample (NHWC)${hint}`, `[${inShape}]`);
  }
  const [H, W, C] = inShape;
  const [KH, KW] = sp.kernelSize;
  const [SH, SW] = sp.strides;
  const [DH, DW] = sp.dilationRate;
  const OH = outputLength(H, KH, SH, sp.padding, DH);
  const OW = outputLength(W, KW, SW, sp.padding, DW);
  const PT = padBefore(H, KH, SH, sp.padding, DH);
  const PL = padBefore(W, KW, SW, sp.padding, DW);
  if (OH === 0 || OW === 0) {
    const eff = [(KH - 1) * DH + 1, (KW - 1) * DW + 1];
    throw new ShapeError(where, 'kernelSize', `a (dilated) kernel no larger than the input [${H}, ${W}] with padding 'valid'`, `a [${eff}] kernel (output would be [${OH}, ${OW}])`);
  }
  return { H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW };
}

/** The geometry as the kernels' trailing arguments (after B; depthwise ones put DM after C). */
export function geometryArgs(g: ConvGeometry): number[] {
  return [g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW];
}

/** Keras config fields of the spatial options (getConfig, tfjs format). */
export function spatialConfig(sp: ConvSpatial): Record<string, unknown> {
  return { kernelSize: [...sp.kernelSize], strides: [...sp.strides], padding: sp.padding, dilationRate: [...sp.dilationRate] };
}
