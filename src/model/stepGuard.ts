// Undo for a training step that goes non-finite (issue 18 item 2). A step can poison the model in
// two ways: its loss is NaN/Inf (the forward pass already moved the batch-norm moving statistics),
// or its loss is finite but the update overflows (rmsprop at learningRate 1e38 wrote Inf into most
// of a kernel while the loss of that batch was still finite). Checking the loss alone catches the
// second only one batch later, when the weights are already lost. So every step first copies what it
// may write, the whole weight arena ([totalSize] floats: trainable weights and moving statistics)
// and the optimizer's state block ([states * trainableSize] floats), into a snapshot block of the
// same size laid out at compile; after the update one hasNonFinite pass over the weight arena
// decides. A bad step is undone by copying the snapshot back, so after a NonFiniteError (or after
// terminateOnNaN stops training) the model is exactly as after the last good step. Cost per step:
// two memory.copy calls and one read pass, no allocation (bench/train/breakdown.ts measures it).
// Keras 3 has no such guard (TerminateOnNaN only stops: the weights stay NaN); this is a difference.
import type { WasmModule } from '../../bindings/loader.js';

export class StepGuard {
  /** Byte offset of the snapshot: [weightFloats] weights, then [stateFloats] optimizer state. */
  private readonly block: number;

  constructor(
    private readonly m: WasmModule,
    private readonly weights: number,
    private readonly weightFloats: number,
    private readonly state: number,
    private readonly stateFloats: number,
  ) {
    this.block = m.arena.alloc(Math.max(weightFloats + stateFloats, 1) * 4);
  }

  /** Before the step: copy weights and optimizer state. */
  save(): void {
    const k = this.m.exports;
    k.copyF32(this.weights, this.block, this.weightFloats);
    if (this.stateFloats) k.copyF32(this.state, this.block + this.weightFloats * 4, this.stateFloats);
  }

  /** After the update: true when any weight (trainable or moving statistic) is NaN or +-Inf. */
  weightsNonFinite(): boolean {
    return this.m.exports.hasNonFinite(this.weights, this.weightFloats) !== 0;
  }

  /** Number of non-finite weights now (for the error message; called only on a bad step, before restore). */
  countNonFinite(heap: Float32Array): number {
    let bad = 0;
    for (let i = this.weights >>> 2, end = i + this.weightFloats; i < end; i++) if (!Number.isFinite(heap[i])) bad++;
    return bad;
  }

  /** Undo the step: weights and optimizer state as save() found them. */
  restore(): void {
    const k = this.m.exports;
    k.copyF32(this.block, this.weights, this.weightFloats);
    if (this.stateFloats) k.copyF32(this.block + this.weightFloats * 4, this.state, this.stateFloats);
  }

  free(): void {
    this.m.arena.free(this.block);
  }
}
