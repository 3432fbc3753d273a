// The activation at the end of a conv layer (conv2d, depthwiseConv2d, separableConv2d), handled as
// dense.ts does it: fused into the GEMM epilogue (or applied in place) when its derivative can be
// computed from the output y alone; otherwise (gelu, silu: backward needs z; softmax: a row-wise
// kernel over the channels) the layer keeps the pre-activation z and maps it to y. Shapes: z, y, dy,
// dz are [rows, cols] with rows = batch * OH * OW pixels and cols the output channels.
import type { ActivationSpec } from './activations.js';
import { getActivation } from './activations.js';
import type { LayerContext } from './layer.js';
import { zeroF32 } from './layer.js';
import { activationNeedsInput } from '../../bindings/activation.js';
import type { ActivationName } from '../../bindings/codes.js';

const LINEAR = getActivation('conv', 'activation', 'linear');

export interface ConvActivation {
  act: ActivationSpec;
  /** Whether z (the pre-activation) is kept in scratch. */
  keepZ: boolean;
}

/** The activation a layer applies itself (linear when the model fused it into the loss). */
export function convActivation(activation: ActivationSpec, fusedIntoLoss: boolean): ConvActivation {
  const act = fusedIntoLoss ? LINEAR : activation;
  return { act, keepZ: act.code < 0 || (act.code !== 0 && activationNeedsInput(act.name as ActivationName)) };
}

/** y = act(z) for a layer that kept z (rows x cols). */
export function applyActivation(ctx: LayerContext, a: ConvActivation, z: number, y: number, rows: number, cols: number): void {
  if (a.act.code < 0) ctx.k.softmaxForward(z, y, rows, cols);
  else ctx.k.activationForward(a.act.code, z, y, rows * cols, a.act.param);
}

/** dz = act'(.) * dy into the scratch `dz` and returns it; returns dy itself for linear. */
export function activationGradient(ctx: LayerContext, a: ConvActivation, z: number, y: number, dy: number, dz: number, rows: number, cols: number): number {
  if (a.act.code === 0) return dy;
  const n = rows * cols;
  zeroF32(ctx, dz, n);
  if (a.act.code < 0) ctx.k.softmaxBackward(y, dy, dz, rows, cols);
  else ctx.k.activationBackward(a.act.code, a.keepZ ? z : 0, y, dy, dz, n, a.act.param);
  return dz;
}
