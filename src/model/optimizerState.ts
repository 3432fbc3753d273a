// The optimizer's part of a built model: one state buffer per optimizer slot (momentum, velocity,
// ...), each mirroring the trainable region of the weight arena (same offsets), and the per-step
// update: one validated kernel call over the whole arena (bindings/optim.ts createOptimizerStep),
// or, under Keras's per-tensor clipnorm, one call per weight tensor with its own clip scale. A
// momentum schedule (oneCycle) is evaluated inside the step at the same update count as the rate.
import type { WasmModule } from '../../bindings/loader.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { ParamLayout } from './layout.js';
import { clipScale, createOptimizerStep, type OptimizerStepFn } from '../../bindings/optim.js';

export class OptimizerState {
  /** Byte offsets of the state buffers ([trainableSize] floats each), in optimizer.states() order. */
  readonly buffers: number[];
  /** Byte offset of the block holding every state buffer back to back ([stateFloats] floats; 0 when stateless). */
  readonly block: number;
  readonly stateFloats: number;
  private readonly step: OptimizerStepFn;
  private readonly perTensor: { g: number; n: number; step: OptimizerStepFn }[];

  constructor(
    private readonly m: WasmModule,
    private readonly layout: ParamLayout,
    private readonly grads: number,
    readonly optimizer: Optimizer,
    weights: number,
  ) {
    const n = layout.trainableSize;
    const states = optimizer.states();
    this.stateFloats = states.length * n;
    this.block = states.length ? m.arena.alloc(this.stateFloats * 4) : 0;
    this.buffers = states.map((_, i) => this.block + i * n * 4);
    states.forEach((st, i) => m.exports.fillF32(this.buffers[i], n, st.init));
    const { kind, hyper, momentumSchedule } = optimizer;
    this.step = createOptimizerStep(m, kind, hyper, { p: weights, g: grads, n, states: this.buffers }, momentumSchedule);
    this.perTensor =
      optimizer.clipnorm > 0
        ? layout.entries
            .filter((e) => e.trainable)
            .map((e) => {
              const at = e.offset * 4;
              const buffers = { p: weights + at, g: grads + at, n: e.size, states: this.buffers.map((s) => s + at) };
              return { g: grads + at, n: e.size, step: createOptimizerStep(m, kind, hyper, buffers, momentumSchedule) };
            })
        : [];
  }

  /** One update from the gradients, at the optimizer's current learning rate and step (Keras iterations + 1). */
  apply(): void {
    const opt = this.optimizer;
    const k = this.m.exports;
    const lr = opt.learningRate;
    const t = opt.iterations + 1;
    if (opt.clipnorm > 0) {
      for (let i = 0; i < this.perTensor.length; i++) {
        const e = this.perTensor[i];
        e.step(t, lr, clipScale(k.l2Norm(e.g, e.n), opt.clipnorm));
      }
    } else if (opt.globalClipnorm > 0) {
      this.step(t, lr, clipScale(k.l2Norm(this.grads, this.layout.trainableSize), opt.globalClipnorm));
    } else this.step(t, lr, 1);
    opt.iterations = t;
  }

  free(): void {
    if (this.block) this.m.arena.free(this.block);
  }
}
