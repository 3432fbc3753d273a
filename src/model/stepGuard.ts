// Undo for a training step that goes non-finite (issue 18 item 2). A step can poison the model in
// two ways: its loss is NaN/Inf (the forward pass already moved the batch-norm moving statistics),
// or its loss is finite but the update overflows (rmsprop at learningRate 1e38 wrote Inf into most
// of a kernel while the loss of that batch was still finite). Checking the loss alone catches the
// second only one batch later, when the weights are already lost. So every step keeps what it may
// overwrite in a snapshot block laid out at compile like the arenas it mirrors:
//   [trainableSize]                weights the optimizer updates: written by the optimizer kernel
//                                  itself, in the pass that overwrites them (the undo journal,
//                                  assembly/kernels/optim.ts), which also counts the non-finite
//                                  weights it produced;
//   [stateFloats]                  the optimizer state (states x trainableSize, in the order of its
//                                  block): journaled by the kernel as the weights are;
//   [totalSize - trainableSize]    the other weights (moving statistics, frozen layers): copied
//                                  before the step, and scanned for NaN after it (the forward pass
//                                  writes moving statistics).
// A bad step is undone by copying the block back, so after a NonFiniteError (or after terminateOnNaN
// stops training) the model is exactly as after the last good step.
// Why a journal and not a copy before every step (as until 2026-12-03): the copy read and wrote the
// whole arena and the state once more per step, and a hasNonFinite pass read the arena again; on
// mnist_mlp that was 0.31 + 0.06 ms of a 10.3 ms step (3.6%, train bench, AMD EPYC, 2026-12-03), on
// the calling thread only. The journal adds one store per element to a pass that already loads it,
// and is split across threads with the optimizer (bench/train/breakdown.ts measures both).
// Keras 3 has no such guard (TerminateOnNaN only stops: the weights stay NaN); this is a difference.
import type { WasmModule } from '../../bindings/loader.js';

export class StepGuard {
  /** Byte offset of the snapshot block (layout above); the optimizer's journal starts there. */
  readonly journal: number;
  private readonly otherFloats: number;
  /** Byte offsets of the other weights in the arena and in the snapshot. */
  private readonly others: number;
  private readonly othersSaved: number;

  /** weights: byte offset of the weight arena ([weightFloats], trainable first); stateFloats: the optimizer state's size. */
  constructor(
    private readonly m: WasmModule,
    private readonly weights: number,
    weightFloats: number,
    private readonly trainableFloats: number,
    private readonly stateFloats: number,
  ) {
    this.journal = m.arena.alloc(Math.max(weightFloats + stateFloats, 1) * 4);
    this.otherFloats = weightFloats - trainableFloats;
    this.others = weights + trainableFloats * 4;
    this.othersSaved = this.journal + (trainableFloats + stateFloats) * 4;
  }

  /** Before the step: copy the weights the optimizer does not update (none in most models). */
  save(): void {
    if (this.otherFloats) this.m.exports.copyF32(this.others, this.othersSaved, this.otherFloats);
  }

  /** After the step: true when a weight outside the optimizer's reach (a moving statistic) is NaN or +-Inf. */
  othersNonFinite(): boolean {
    return this.otherFloats > 0 && this.m.exports.hasNonFinite(this.others, this.otherFloats) !== 0;
  }

  /** Number of non-finite weights outside the optimizer's reach (for the error message; a bad step only). */
  countOthers(heap: Float32Array): number {
    let bad = 0;
    for (let i = this.others >>> 2, end = i + this.otherFloats; i < end; i++) if (!Number.isFinite(heap[i])) bad++;
    return bad;
  }

  /** Undo a step whose update did not run (its loss was not finite): the other weights as save() found them. */
  restoreOthers(): void {
    if (this.otherFloats) this.m.exports.copyF32(this.othersSaved, this.others, this.otherFloats);
  }

  /** Undo a step whose update ran with the journal: weights and optimizer state (its block at `state`) as before it. */
  restore(state: number): void {
    const k = this.m.exports;
    k.copyF32(this.journal, this.weights, this.trainableFloats);
    if (this.stateFloats) k.copyF32(this.journal + this.trainableFloats * 4, state, this.stateFloats);
    this.restoreOthers();
  }

  free(): void {
    this.m.arena.free(this.journal);
  }
}
