// The weight regularizers of a compiled model (src/regularizers/regularizer.ts for the Keras
// definitions): for each trainable weight with a kernelRegularizer or biasRegularizer, its slice of
// the weight arena and of the gradient arena (byte offsets, fixed at compile), so that a step adds
// every penalty to the loss and its gradient to the gradients with one kernel call per weight.
// Activity regularizers depend on the batch's activations and stay with the layer loop (engine.ts).
import type { RawExports } from '../../bindings/loader.js';
import type { ParamLayout } from './layout.js';

export class WeightPenalties {
  private readonly slices: { p: number; g: number; n: number; l1: number; l2: number }[] = [];

  /** weights, grads: byte offsets of the weight and gradient arenas laid out by `layout`. */
  constructor(layout: ParamLayout, weights: number, grads: number) {
    for (const e of layout.entries) {
      if (!e.regularizer || !e.trainable) continue;
      this.slices.push({ p: weights + e.offset * 4, g: grads + e.offset * 4, n: e.size, l1: e.regularizer.l1, l2: e.regularizer.l2 });
    }
  }

  /** Sum of the penalties at the current weights (added to the loss unscaled, as Keras). */
  penalty(k: RawExports): number {
    let sum = 0;
    for (let i = 0; i < this.slices.length; i++) {
      const r = this.slices[i];
      sum += k.regularizerPenalty(r.p, r.n, r.l1, r.l2);
    }
    return sum;
  }

  /** Adds each penalty's gradient into the gradient arena. */
  addGradients(k: RawExports): void {
    for (let i = 0; i < this.slices.length; i++) {
      const r = this.slices[i];
      k.addRegularizerGrad(r.p, r.g, r.n, r.l1, r.l2);
    }
  }
}
