// DepthwiseConv2D (Keras 3), channels last: each input channel c is convolved with its own
// depthMultiplier (DM) filters, output channel c*DM + m. x [batch, H, W, C] -> y [batch, OH, OW, C*DM],
// weights depthwise_kernel [KH, KW, C, DM] (Keras 3 names it 'kernel'; we keep the tfjs/Keras 2 name
// the TensorFlow.js format stores, docs/layers.md) and bias [C*DM]. Direct SIMD kernels over the
// channels (assembly/kernels/depthwise.ts): there is no reduction over channels to give a GEMM.
//   forward   y  = act(depthwise(x, kernel) + bias)
//   backward  dz = act'(.) * dy;  dKernel += Σ x ⊗ dz, dBias += Σ dz (one pass);  dx += depthwiseᵀ(dz)
// The thread pool splits them (by samples; the filter gradient by channels), bit-identically
// (bindings/threads/depthwise.ts).
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type ParamSpec, type ScratchSpec } from './layer.js';
import { getActivation, type ActivationIdentifier, type ActivationSpec } from './activations.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier, type Initializer } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { convGeometry, parseSpatial, spatialConfig, type ConvGeometry, type ConvSpatial, type IntPair } from './convGeometry.js';
import type { Padding } from './windowGeometry.js';
import { convActivation, applyActivation, activationGradient, type ConvActivation } from './convActivation.js';
import { ValidationError } from '../errors.js';
import { checkBool, checkInt, checkKeys } from '../validate.js';
import type { LayerContext } from './layer.js';

/** Spatial options shared by depthwiseConv2d and separableConv2d. */
export interface DepthwiseSpatialOptions extends LayerOptions {
  /** Kernel height and width: a number or [kh, kw] (required). */
  kernelSize: IntPair;
  /** Default 1. */
  strides?: IntPair;
  /** Default 'valid'. */
  padding?: Padding;
  /** Default 1; must stay 1 when strides > 1 (as Keras). */
  dilationRate?: IntPair;
  /** Filters per input channel; default 1. */
  depthMultiplier?: number;
  /** Default 'linear' (none). */
  activation?: ActivationIdentifier;
  /** Default true. */
  useBias?: boolean;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  biasRegularizer?: RegularizerIdentifier | null;
  /** Penalty on the layer's output. Default none. */
  activityRegularizer?: RegularizerIdentifier | null;
}

/** Options of `depthwiseConv2d` (Keras 3 names and defaults, channels last). */
export interface DepthwiseConv2DOptions extends DepthwiseSpatialOptions {
  /** Default 'glorotUniform' (fans from [KH, KW, C, DM] as Keras: KH*KW*C in, KH*KW*DM out). */
  depthwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
}

export const DEPTHWISE_SPATIAL_KEYS = [...LAYER_OPTION_KEYS, 'kernelSize', 'strides', 'padding', 'dilationRate', 'depthMultiplier', 'activation', 'useBias', 'biasInitializer', 'biasRegularizer', 'activityRegularizer'];
const KEYS = [...DEPTHWISE_SPATIAL_KEYS, 'depthwiseInitializer', 'depthwiseRegularizer'];

export const serializeRegularizer = (r: Regularizer | null) => (r ? { className: r.className, l1: r.l1, l2: r.l2 } : null);

/** The depthwise kernels' trailing size arguments are written out in each call (no spread: no allocation per step). */
export function depthwiseForward(ctx: LayerContext, g: ConvGeometry, DM: number, x: number, w: number, bias: number, y: number, B: number): void {
  ctx.k.depthwiseConv2dForward(x, w, bias, y, B, g.H, g.W, g.C, DM, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW);
}
export function depthwiseBackwardFilter(ctx: LayerContext, g: ConvGeometry, DM: number, x: number, dy: number, dw: number, db: number, B: number): void {
  ctx.k.depthwiseConv2dBackwardFilter(x, dy, dw, db, B, g.H, g.W, g.C, DM, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW, 0, g.C);
}
export function depthwiseBackwardInput(ctx: LayerContext, g: ConvGeometry, DM: number, dy: number, w: number, dx: number, B: number): void {
  ctx.k.depthwiseConv2dBackwardInput(dy, w, dx, B, g.H, g.W, g.C, DM, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW);
}

/**
 * The layer `depthwiseConv2d()` makes: convolves each input channel with its own `depthMultiplier` filters
 * (Keras DepthwiseConv2D).
 */
export class DepthwiseConv2D extends Layer {
  readonly className: string = 'DepthwiseConv2D';
  readonly spatial: ConvSpatial;
  readonly depthMultiplier: number;
  readonly activation: ActivationSpec;
  readonly useBias: boolean;
  readonly depthwiseInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly depthwiseRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  geometry!: ConvGeometry;
  protected fused: ConvActivation = convActivation(getActivation('depthwiseConv2d', 'activation', 'linear'), false);

  constructor(options: DepthwiseConv2DOptions, fn = 'depthwiseConv2d', keys = KEYS) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, keys);
    super(fn, options);
    this.spatial = parseSpatial(fn, options);
    this.depthMultiplier = checkInt(fn, 'depthMultiplier', options.depthMultiplier ?? 1, 1);
    this.activation = getActivation(fn, 'activation', options.activation);
    this.useBias = checkBool(fn, 'useBias', options.useBias ?? true);
    this.depthwiseInitializer = getInitializer(fn, 'depthwiseInitializer', options.depthwiseInitializer ?? 'glorotUniform');
    this.biasInitializer = getInitializer(fn, 'biasInitializer', options.biasInitializer ?? 'zeros');
    this.depthwiseRegularizer = getRegularizer(fn, 'depthwiseRegularizer', options.depthwiseRegularizer);
    this.biasRegularizer = getRegularizer(fn, 'biasRegularizer', options.biasRegularizer);
    this.activityRegularizer = getRegularizer(fn, 'activityRegularizer', options.activityRegularizer);
  }

  /** Output channels. */
  get outChannels(): number {
    return this.geometry.C * this.depthMultiplier;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    this.geometry = convGeometry(`${this.className} '${this.name}'`, inputShape, this.spatial);
    return [this.geometry.OH, this.geometry.OW, this.outChannels];
  }

  override params(): ParamSpec[] {
    const { KH, KW, C } = this.geometry;
    const out: ParamSpec[] = [
      { name: 'depthwise_kernel', shape: [KH, KW, C, this.depthMultiplier], initializer: this.depthwiseInitializer, regularizer: this.depthwiseRegularizer, trainable: this.trainable },
    ];
    if (this.useBias) out.push({ name: 'bias', shape: [this.outChannels], initializer: this.biasInitializer, regularizer: this.biasRegularizer, trainable: this.trainable });
    return out;
  }

  override scratch(): ScratchSpec[] {
    this.fused = convActivation(this.activation, this.fuseFinalActivation);
    const per = this.outSize;
    return [
      { name: 'z', perSample: this.fused.keepZ ? per : 0, fixed: 0 },
      { name: 'dz', perSample: this.fused.act.code !== 0 ? per : 0, fixed: 0 },
    ];
  }

  override finalActivation(): ActivationSpec | null {
    return this.activation;
  }

  forward(batch: number): void {
    const { x, y, p, s } = this.io;
    const { act, keepZ } = this.fused;
    const rows = batch * this.geometry.OH * this.geometry.OW;
    depthwiseForward(this.ctx, this.geometry, this.depthMultiplier, x, p[0], this.useBias ? p[1] : 0, keepZ ? s[0] : y, batch);
    if (keepZ) applyActivation(this.ctx, this.fused, s[0], y, rows, this.outChannels);
    else if (act.code > 0) this.ctx.k.activationForward(act.code, y, y, rows * this.outChannels, act.param);
  }

  backward(batch: number): void {
    const { x, y, dx, dy, p, g, s } = this.io;
    const rows = batch * this.geometry.OH * this.geometry.OW;
    const dz = activationGradient(this.ctx, this.fused, s[0], y, dy, s[1], rows, this.outChannels);
    if (g[0]) depthwiseBackwardFilter(this.ctx, this.geometry, this.depthMultiplier, x, dz, g[0], this.useBias ? g[1] : 0, batch);
    if (dx) depthwiseBackwardInput(this.ctx, this.geometry, this.depthMultiplier, dz, p[0], dx, batch);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      ...spatialConfig(this.spatial),
      depthMultiplier: this.depthMultiplier,
      activation: this.activation.name,
      useBias: this.useBias,
      depthwiseInitializer: serializeInitializer(this.depthwiseInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      depthwiseRegularizer: serializeRegularizer(this.depthwiseRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
    };
  }
}

/** A depthwise 2-D convolution (Keras `DepthwiseConv2D`). `depthwiseConv2d({kernelSize: 3, depthMultiplier: 2})`. */
export function depthwiseConv2d(options: DepthwiseConv2DOptions): DepthwiseConv2D {
  return new DepthwiseConv2D(options);
}
