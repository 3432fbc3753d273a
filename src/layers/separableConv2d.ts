// SeparableConv2D (Keras 3): a depthwise convolution (no bias) followed by a 1x1 pointwise
// convolution, which on NHWC data is one GEMM over the pixels (MobileNet, Howard et al. 2017;
// Chollet, "Xception", 2017). Weights as Keras: depthwise_kernel [KH, KW, C, DM], pointwise_kernel
// [1, 1, C*DM, F], bias [F]. Shapes, R = batch*OH*OW pixels, M = C*DM:
//   mid[R, M] = depthwise(x)                       assembly/kernels/depthwise.ts
//   y[R, F]   = act(mid · pointwise + bias)        NN GEMM, bias and activation fused
// Backward: dz = act'(.) * dy; dPointwise += midᵀ·dz (TN), dBias += 1ᵀ·dz, dMid = dz·pointwiseᵀ (NT),
// then the depthwise filter and input gradients of dMid. The GEMMs split across the thread pool.
import type { ParamSpec, ScratchSpec } from './layer.js';
import type { ActivationSpec } from './activations.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier, type Initializer } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { convActivation, applyActivation, activationGradient } from './convActivation.js';
import {
  DepthwiseConv2D, DEPTHWISE_SPATIAL_KEYS, serializeRegularizer, depthwiseForward, depthwiseBackwardFilter, depthwiseBackwardInput,
  type DepthwiseConv2DOptions,
} from './depthwiseConv2d.js';
import { checkInt } from '../validate.js';

/** Options of `separableConv2d` (Keras 3 names and defaults, channels last). */
export interface SeparableConv2DOptions extends DepthwiseConv2DOptions {
  /** Output channels of the pointwise convolution (required, >= 1). */
  filters: number;
  /** Default 'glorotUniform' (fans of [1, 1, C*DM, filters]). */
  pointwiseInitializer?: InitializerIdentifier;
  pointwiseRegularizer?: RegularizerIdentifier | null;
}

const KEYS = [...DEPTHWISE_SPATIAL_KEYS, 'filters', 'depthwiseInitializer', 'depthwiseRegularizer', 'pointwiseInitializer', 'pointwiseRegularizer'];

/**
 * The layer `separableConv2d()` makes: a depthwise convolution followed by a 1x1 pointwise one (Keras
 * SeparableConv2D).
 */
export class SeparableConv2D extends DepthwiseConv2D {
  override readonly className: string = 'SeparableConv2D';
  readonly filters: number;
  readonly pointwiseInitializer: Initializer;
  readonly pointwiseRegularizer: Regularizer | null;

  constructor(options: SeparableConv2DOptions) {
    const fn = 'separableConv2d';
    super(options, fn, KEYS);
    this.filters = checkInt(fn, 'filters', options.filters, 1);
    this.pointwiseInitializer = getInitializer(fn, 'pointwiseInitializer', options.pointwiseInitializer ?? 'glorotUniform');
    this.pointwiseRegularizer = getRegularizer(fn, 'pointwiseRegularizer', options.pointwiseRegularizer);
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    const [OH, OW] = super.computeOutputShape(inputShape);
    return [OH, OW, this.filters];
  }

  override params(): ParamSpec[] {
    const { KH, KW, C } = this.geometry;
    const M = this.outChannels;
    const out: ParamSpec[] = [
      { name: 'depthwise_kernel', shape: [KH, KW, C, this.depthMultiplier], initializer: this.depthwiseInitializer, regularizer: this.depthwiseRegularizer, trainable: this.trainable },
      { name: 'pointwise_kernel', shape: [1, 1, M, this.filters], initializer: this.pointwiseInitializer, regularizer: this.pointwiseRegularizer, trainable: this.trainable },
    ];
    if (this.useBias) out.push({ name: 'bias', shape: [this.filters], initializer: this.biasInitializer, regularizer: this.biasRegularizer, trainable: this.trainable });
    return out;
  }

  override scratch(): ScratchSpec[] {
    this.fused = convActivation(this.activation, this.fuseFinalActivation);
    const pixels = this.geometry.OH * this.geometry.OW;
    const per = pixels * this.filters;
    return [
      { name: 'z', perSample: this.fused.keepZ ? per : 0, fixed: 0 },
      { name: 'dz', perSample: this.fused.act.code !== 0 ? per : 0, fixed: 0 },
      { name: 'mid', perSample: pixels * this.outChannels, fixed: 0 },
      { name: 'dMid', perSample: pixels * this.outChannels, fixed: 0 },
    ];
  }

  override finalActivation(): ActivationSpec | null {
    return this.activation;
  }

  override forward(batch: number): void {
    const { x, y, p, s } = this.io;
    const { act, keepZ } = this.fused;
    const rows = batch * this.geometry.OH * this.geometry.OW;
    const M = this.outChannels;
    const F = this.filters;
    depthwiseForward(this.ctx, this.geometry, this.depthMultiplier, x, p[0], 0, s[2], batch);
    this.ctx.k.sgemm(0, 0, rows, F, M, 1, s[2], M, p[1], F, 0, keepZ ? s[0] : y, F, this.useBias ? p[2] : 0, keepZ ? 0 : act.code, act.param, this.ctx.ws);
    if (keepZ) applyActivation(this.ctx, this.fused, s[0], y, rows, F);
  }

  override backward(batch: number): void {
    const { k, ws, ones } = this.ctx;
    const { x, y, dx, dy, p, g, s } = this.io;
    const rows = batch * this.geometry.OH * this.geometry.OW;
    const M = this.outChannels;
    const F = this.filters;
    const dz = activationGradient(this.ctx, this.fused, s[0], y, dy, s[1], rows, F);
    if (g[1]) k.sgemm(1, 0, M, F, rows, 1, s[2], M, dz, F, 1, g[1], F, 0, 0, 0, ws);
    if (this.useBias && g[2]) k.sgemm(0, 0, 1, F, rows, 1, ones, rows, dz, F, 1, g[2], F, 0, 0, 0, ws);
    if (!g[0] && !dx) return;
    k.sgemm(0, 1, rows, M, F, 1, dz, F, p[1], F, 0, s[3], M, 0, 0, 0, ws);
    if (g[0]) depthwiseBackwardFilter(this.ctx, this.geometry, this.depthMultiplier, x, s[3], g[0], 0, batch);
    if (dx) depthwiseBackwardInput(this.ctx, this.geometry, this.depthMultiplier, s[3], p[0], dx, batch);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      pointwiseInitializer: serializeInitializer(this.pointwiseInitializer),
      pointwiseRegularizer: serializeRegularizer(this.pointwiseRegularizer),
    };
  }
}

/** A depthwise-separable 2-D convolution (Keras `SeparableConv2D`). `separableConv2d({filters: 64, kernelSize: 3})`. */
export function separableConv2d(options: SeparableConv2DOptions): SeparableConv2D {
  return new SeparableConv2D(options);
}
