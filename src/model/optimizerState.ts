// The optimizer's part of a built model: one state buffer per optimizer slot (momentum, velocity,
// ...), each mirroring the trainable region of the weight arena (same offsets), and the per-step
// update: one validated kernel call over the whole arena (bindings/optim.ts createOptimizerStep),
// or, under Keras's per-tensor clipnorm, one call per weight tensor with its own clip scale. A
// momentum schedule (oneCycle) is evaluated inside the step at the same update count as the rate.
// Each update can keep an undo journal (`journal`: stepGuard.ts): the kernel stores what it overwrites
// there in the same pass, laid out as [trainableSize] floats for the weights, then the state buffers
// in the order of the state block; apply() returns how many weights the update left non-finite.
import type { WasmModule } from '../../bindings/loader.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { ParamLayout } from './layout.js';
import { clipScale, createOptimizerStep, type OptimizerBuffers, type OptimizerStepFn } from '../../bindings/optim.js';

export class OptimizerState {
  /** Byte offsets of the state buffers ([trainableSize] floats each), in optimizer.states() order. */
  readonly buffers: number[];
  /** Byte offset of the block holding every state buffer back to back ([stateFloats] floats; 0 when stateless). */
  readonly block: number;
  readonly stateFloats: number;
  /** The steps: [0] without a journal, [1] writing it (when constructed with one). */
  private readonly steps: OptimizerStepFn[];
  private readonly perTensor: { g: number; n: number; steps: OptimizerStepFn[] }[];
  /** Per-tensor clip scales of the current update (clipnorm). */
  private readonly scales: Float64Array;

  /** `journal`: byte offset of (1 + states) * trainableSize floats for the undo journal, or 0. */
  constructor(
    private readonly m: WasmModule,
    private readonly layout: ParamLayout,
    private readonly grads: number,
    readonly optimizer: Optimizer,
    weights: number,
    journal = 0,
  ) {
    const n = layout.trainableSize;
    const states = optimizer.states();
    this.stateFloats = states.length * n;
    this.block = states.length ? m.arena.alloc(this.stateFloats * 4) : 0;
    this.buffers = states.map((_, i) => this.block + i * n * 4);
    states.forEach((st, i) => m.exports.fillF32(this.buffers[i], n, st.init));
    const { kind, hyper, momentumSchedule } = optimizer;
    // at: byte offset of a tensor inside the trainable region (0 for the whole arena).
    const make = (at: number, size: number): OptimizerStepFn[] => {
      const buffers: OptimizerBuffers = { p: weights + at, g: grads + at, n: size, states: this.buffers.map((s) => s + at) };
      const plain = createOptimizerStep(m, kind, hyper, buffers, momentumSchedule);
      if (!journal) return [plain];
      const j = { p: journal + at, states: this.buffers.map((_, i) => journal + (i + 1) * n * 4 + at) };
      return [plain, createOptimizerStep(m, kind, hyper, { ...buffers, journal: j }, momentumSchedule)];
    };
    this.steps = make(0, n);
    this.perTensor =
      optimizer.clipnorm > 0
        ? layout.entries.filter((e) => e.trainable).map((e) => ({ g: grads + e.offset * 4, n: e.size, steps: make(e.offset * 4, e.size) }))
        : [];
    this.scales = new Float64Array(this.perTensor.length);
  }

  /**
   * One update from the gradients, at the optimizer's current learning rate and step (Keras
   * iterations + 1); with `journal` (constructed with one) the update also writes the undo journal.
   * Returns how many weights the update left NaN or +-Inf.
   */
  apply(journal = false): number {
    const opt = this.optimizer;
    const k = this.m.exports;
    const lr = opt.learningRate;
    const t = opt.iterations + 1;
    const w = journal ? 1 : 0;
    let bad = 0;
    if (opt.clipnorm > 0) {
      // Every tensor's scale before any update: a non-finite norm makes its step throw (bindings/optim.ts)
      // before any tensor is written, never after some were.
      const scales = this.scales;
      for (let i = 0; i < this.perTensor.length; i++) scales[i] = clipScale(k.l2Norm(this.perTensor[i].g, this.perTensor[i].n), opt.clipnorm);
      for (let i = 0; i < this.perTensor.length; i++) if (!Number.isFinite(scales[i])) this.perTensor[i].steps[w](t, lr, scales[i]);
      for (let i = 0; i < this.perTensor.length; i++) bad += this.perTensor[i].steps[w](t, lr, scales[i]);
    } else if (opt.globalClipnorm > 0) {
      bad = this.steps[w](t, lr, clipScale(k.l2Norm(this.grads, this.layout.trainableSize), opt.globalClipnorm));
    } else bad = this.steps[w](t, lr, 1);
    opt.iterations = t;
    return bad;
  }

  free(): void {
    if (this.block) this.m.arena.free(this.block);
  }
}
