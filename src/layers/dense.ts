// Dense: y = act(x · kernel + bias), kernel [in, units], applied to the last axis (Keras: an input
// [batch, ..., in] gives [batch, ..., units]; we treat it as rows = batch * prod(middle dims)).
// Forward is one GEMM with the bias and the activation fused into its epilogue whenever the
// activation's derivative can be computed from y alone (relu, sigmoid, tanh, elu, ...). When backward
// needs the pre-activation (gelu, silu) or for softmax, the GEMM writes z, kept for backward, and an
// activation kernel maps it to y. Backward (llm.c style, shapes: x (R,in), y/dy/dz (R,units), kernel (in,units)):
//   dz = act'(z or y) * dy           (dz = dy for linear)
//   dKernel += xᵀ · dz               TN GEMM, beta = 1 (accumulates)
//   dBias  += 1ᵀ · dz                column sums: fused into the activation backward pass
//                                    (activationBackwardBias); for linear and softmax, a 1×R by
//                                    R×units GEMM against a ones vector
//   dx      = dz · kernelᵀ           NT GEMM, beta = 0
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type ParamSpec, type ScratchSpec, zeroF32, type MaskBehavior } from './layer.js';
import { getActivation, type ActivationIdentifier, type ActivationSpec } from './activations.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier, type Initializer } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { activationNeedsInput } from '../../bindings/activation.js';
import type { ActivationName } from '../../bindings/codes.js';
import { ShapeError, ValidationError } from '../errors.js';
import { checkBool, checkInt, checkKeys } from '../validate.js';

/** Options of `dense` (Keras 3 names and defaults). */
export interface DenseOptions extends LayerOptions {
  /** Output features (required, >= 1). */
  units: number;
  /** Default 'linear' (none), as Keras. */
  activation?: ActivationIdentifier;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  /** Default none. */
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  /** Penalty on the layer's output, added to the loss. Default none. */
  activityRegularizer?: RegularizerIdentifier | null;
}

const KEYS = [...LAYER_OPTION_KEYS, 'units', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer', 'activityRegularizer'];

/**
 * The layer `dense()` makes: y = activation(x·kernel + bias), one GEMM with bias and activation fused
 * (Keras Dense).
 */
export class Dense extends Layer {
  readonly className = 'Dense';
  /** Keras: supports_masking = True (the mask goes through unchanged). */
  override maskBehavior(): MaskBehavior {
    return 'pass';
  }
  readonly units: number;
  readonly activation: ActivationSpec;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  private rowsPerSample = 1;
  // Per-forward choices, fixed at bind time.
  private act: ActivationSpec = getActivation('dense', 'activation', 'linear');
  private keepZ = false;

  constructor(options: DenseOptions) {
    const fn = 'dense';
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, KEYS);
    super(fn, options);
    this.units = checkInt(fn, 'units', options.units, 1);
    this.activation = getActivation(fn, 'activation', options.activation);
    this.useBias = checkBool(fn, 'useBias', options.useBias ?? true);
    this.kernelInitializer = getInitializer(fn, 'kernelInitializer', options.kernelInitializer ?? 'glorotUniform');
    this.biasInitializer = getInitializer(fn, 'biasInitializer', options.biasInitializer ?? 'zeros');
    this.kernelRegularizer = getRegularizer(fn, 'kernelRegularizer', options.kernelRegularizer);
    this.biasRegularizer = getRegularizer(fn, 'biasRegularizer', options.biasRegularizer);
    this.activityRegularizer = getRegularizer(fn, 'activityRegularizer', options.activityRegularizer);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 1) throw new ShapeError(`dense '${this.name}'`, 'inputShape', 'a shape of rank >= 1', '[]');
    return [...inputShape.slice(0, -1), this.units];
  }

  override params(): ParamSpec[] {
    const inFeatures = this.inShape[this.inShape.length - 1];
    const out: ParamSpec[] = [
      { name: 'kernel', shape: [inFeatures, this.units], initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, trainable: this.trainable },
    ];
    if (this.useBias) out.push({ name: 'bias', shape: [this.units], initializer: this.biasInitializer, regularizer: this.biasRegularizer, trainable: this.trainable });
    return out;
  }

  override scratch(): ScratchSpec[] {
    this.rowsPerSample = this.inShape.slice(0, -1).reduce((a, b) => a * b, 1);
    this.act = this.fuseFinalActivation ? getActivation('dense', 'activation', 'linear') : this.activation;
    // sgemm applies any elementwise activation in its epilogue; z is kept (unfused) only when backward
    // needs the pre-activation (gelu, silu) or for softmax (a row-wise kernel).
    this.keepZ = this.act.code < 0 || activationNeedsInput(this.act.name as ActivationName);
    const per = this.rowsPerSample * this.units;
    // z: pre-activation (only when backward needs it); dz: act'(.) * dy (not needed for linear).
    return [
      { name: 'z', perSample: this.keepZ ? per : 0, fixed: 0 },
      { name: 'dz', perSample: this.act.code !== 0 ? per : 0, fixed: 0 },
    ];
  }

  override finalActivation(): ActivationSpec | null {
    return this.activation;
  }

  forward(batch: number): void {
    const { k, ws } = this.ctx;
    const { x, y, p, s } = this.io;
    const rows = batch * this.rowsPerSample;
    const inF = this.inShape[this.inShape.length - 1];
    const bias = this.useBias ? p[1] : 0;
    const act = this.act;
    if (!this.keepZ) {
      k.sgemm(0, 0, rows, this.units, inF, 1, x, inF, p[0], this.units, 0, y, this.units, bias, act.code, act.param, ws);
      return;
    }
    const z = s[0];
    k.sgemm(0, 0, rows, this.units, inF, 1, x, inF, p[0], this.units, 0, z, this.units, bias, 0, 0, ws);
    if (act.code < 0) k.softmaxForward(z, y, rows, this.units);
    else k.activationForward(act.code, z, y, rows * this.units, act.param);
  }

  backward(batch: number): void {
    const { k, ws, ones } = this.ctx;
    const { x, y, dx, dy, p, g, s } = this.io;
    const rows = batch * this.rowsPerSample;
    const inF = this.inShape[this.inShape.length - 1];
    const units = this.units;
    const act = this.act;
    let dz = dy;
    let biasDone = false;
    if (act.code !== 0) {
      dz = s[1];
      const n = rows * units;
      zeroF32(this.ctx, dz, n);
      const xz = this.keepZ ? s[0] : 0;
      if (act.code < 0) k.softmaxBackward(y, dy, dz, rows, units);
      else if (this.useBias && g[1]) {
        k.activationBackwardBias(act.code, xz, y, dy, dz, g[1], rows, units, act.param); // dz and dBias in one pass
        biasDone = true;
      } else k.activationBackward(act.code, xz, y, dy, dz, n, act.param);
    }
    if (g[0]) k.sgemm(1, 0, inF, units, rows, 1, x, inF, dz, units, 1, g[0], units, 0, 0, 0, ws);
    if (this.useBias && g[1] && !biasDone) k.sgemm(0, 0, 1, units, rows, 1, ones, rows, dz, units, 1, g[1], units, 0, 0, 0, ws);
    if (dx) k.sgemm(0, 1, rows, inF, units, 1, dz, units, p[0], units, 0, dx, inF, 0, 0, 0, ws);
  }

  override getConfig(): Record<string, unknown> {
    const ser = (r: Regularizer | null) => (r ? { className: r.className, l1: r.l1, l2: r.l2 } : null);
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: ser(this.kernelRegularizer),
      biasRegularizer: ser(this.biasRegularizer),
      activityRegularizer: ser(this.activityRegularizer),
    };
  }
}

/** A densely connected layer (Keras `Dense`). `dense({units: 128, activation: 'relu'})`. */
export function dense(options: DenseOptions): Dense {
  return new Dense(options);
}
