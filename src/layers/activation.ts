// Activation as its own layer (Keras `Activation`): y = act(x) elementwise, or softmax over the last
// axis. Backward: dx += act'(x or y) * dy.
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, copyF32, type MaskBehavior } from './layer.js';
import { getActivation, type ActivationIdentifier, type ActivationSpec } from './activations.js';
import { ValidationError } from '../errors.js';
import { checkKeys } from '../validate.js';

/** Options of `activation` (Keras 3 names). */
export interface ActivationOptions extends LayerOptions {
  activation: ActivationIdentifier;
}

/** The layer `activation()` makes: applies an activation function elementwise (Keras Activation). */
export class Activation extends Layer {
  readonly className = 'Activation';
  /** Keras: supports_masking = True (the mask goes through unchanged). */
  override maskBehavior(): MaskBehavior {
    return 'pass';
  }
  readonly activation: ActivationSpec;

  constructor(options: ActivationOptions) {
    const fn = 'activation';
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, [...LAYER_OPTION_KEYS, 'activation']);
    super(fn, options);
    if (options.activation === undefined) throw new ValidationError(fn, 'activation', 'an activation name', undefined);
    this.activation = getActivation(fn, 'activation', options.activation);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override finalActivation(): ActivationSpec {
    return this.activation;
  }

  private get effective(): ActivationSpec | null {
    return this.fuseFinalActivation || this.activation.code === 0 ? null : this.activation;
  }

  forward(batch: number): void {
    const act = this.effective;
    const { x, y } = this.io;
    const cols = this.outShape[this.outShape.length - 1];
    const n = batch * this.inSize;
    if (!act) copyF32(this.ctx, x, y, n);
    else if (act.code < 0) this.ctx.k.softmaxForward(x, y, n / cols, cols);
    else this.ctx.k.activationForward(act.code, x, y, n, act.param);
  }

  backward(batch: number): void {
    const act = this.effective;
    const { x, y, dx, dy } = this.io;
    if (!dx) return;
    const cols = this.outShape[this.outShape.length - 1];
    const n = batch * this.inSize;
    if (!act) return copyF32(this.ctx, dy, dx, n); // dx is zero on entry: a copy is the sum
    if (act.code < 0) this.ctx.k.softmaxBackward(y, dy, dx, n / cols, cols);
    else this.ctx.k.activationBackward(act.code, x, y, dy, dx, n, act.param);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation.name };
  }
}

/** An activation applied as a layer. `activation({activation: 'relu'})`. */
export function activation(options: ActivationOptions): Activation {
  return new Activation(options);
}
