// The training engine of a built model: the weight arena (layout.ts), gradient and optimizer-state
// (optimizerState.ts) arenas, the activation plan (plan.ts), and the per-batch sequences of kernel
// calls (running metrics: epochMetrics.ts; weight regularizers: weightPenalties.ts). A training
// step is: two fills (parameter and activation gradients), each layer's forward, the fused loss,
// each layer's backward in reverse, regularizer gradients, and one optimizer call over the arena.
// It allocates nothing and creates no views; only the loss and metric scalars come back to JS.
import type { RawExports, WasmModule } from '../../bindings/loader.js';
import type { Layer, LayerContext } from '../layers/layer.js';
import type { ActivationSpec } from '../layers/activations.js';
import type { Loss } from '../losses/loss.js';
import type { MetricKind } from '../metrics/metric.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Rng } from '../rng.js';
import { gradientReach, layoutParams, moveWeights, trainableChanged, type ParamLayout } from './layout.js';
import { EpochMetrics } from './epochMetrics.js';
import { WeightPenalties } from './weightPenalties.js';
import { buildPlan, type Plan } from './plan.js';
import { SimdnetError } from '../errors.js';
import { OptimizerState } from './optimizerState.js';
import { StepGuard } from './stepGuard.js';
import { maskSources } from './mask.js';

/** Why the last training step was undone (Engine.undone): its loss, or its update, was not finite. */
export type UndoneStep = 'loss' | 'update' | null;

export interface LossBinding {
  loss: Loss;
  /** The final activation fused into the loss (the last layer stops at logits), or null. */
  fused: ActivationSpec | null;
  /** Wasm export name of the loss kernel. */
  kernel: string;
  metrics: { name: string; kind: MetricKind; weighted: boolean }[]; // name: log key; weighted: a weightedMetrics entry
}

export class Engine {
  readonly m: WasmModule;
  readonly k: RawExports;
  readonly layers: readonly Layer[];
  layout: ParamLayout;
  readonly inSize: number;
  /** Byte offset of the weight arena ([totalSize] floats). */
  weights: number;
  grads = 0;
  /** The optimizer and its state arena (set by compile). */
  opt: OptimizerState | null = null;

  get optimizer(): Optimizer | null {
    return this.opt?.optimizer ?? null;
  }
  plan: Plan | null = null;
  binding: LossBinding | null = null;
  /** Running loss and metrics of the current epoch or evaluation (set by compile). */
  metrics = new EpochMetrics(0);
  /** Byte offset of the per-row loss weights, or 0 when the current data has none (set by fit). */
  lossWeights = 0;
  private heapF32: Float32Array;
  private heapI32View: Int32Array;
  private readonly ctx: LayerContext;
  private lossFn: (...a: number[]) => number = () => 0;
  private needGrad: boolean[] = [];
  /** masks[i]: the layer whose scratch holds layer i's incoming mask, or -1 (mask.ts). */
  private readonly masks: number[];
  private disposed = false;
  /** Seeds of the stochastic layers for this fit, re-applied if the plan (holding their streams) is rebuilt. */
  private layerSeeds: number[] | null = null;
  /** Weight regularizers (set by compile). */
  private penalties: WeightPenalties | null = null;
  /** Snapshot that undoes a non-finite step (set by compile; stepGuard.ts). */
  private guard: StepGuard | null = null;
  /** Set by trainBatch: why its step was undone, or null when it was kept. */
  undone: UndoneStep = null;
  /** When undone === 'update': how many weights the update had made non-finite. */
  undoneWeights = 0;
  /**
   * True once anything but the initializers wrote the weights: a training step (even one undone:
   * fit ran) or Sequential.setWeights (which loadModel, loadTfjs and earlyStopping's restore use).
   */
  written = false;

  constructor(m: WasmModule, layers: readonly Layer[], inputShape: readonly number[], rng: Rng) {
    this.m = m;
    this.k = m.exports;
    this.layers = layers;
    let shape = inputShape;
    layers.forEach((l) => (shape = l.build(shape)));
    this.masks = maskSources(layers);
    this.inSize = inputShape.reduce((a, b) => a * b, 1);
    this.layout = layoutParams(layers);
    // The weights and, for training, their gradients, checked before memory grows (Arena.reserve).
    const [w, g] = [this.layout.totalSize * 4, this.layout.trainableSize * 4];
    m.arena.reserve('build', w + g, `the weights (${this.layout.totalSize} floats) and their gradients (${this.layout.trainableSize})`);
    this.weights = m.arena.alloc(w);
    this.heapF32 = new Float32Array(m.memory.buffer);
    this.heapI32View = new Int32Array(m.memory.buffer);
    this.initWeights(rng);
    this.needGrad = gradientReach(layers, this.layout);
    const self = this;
    this.ctx = {
      k: this.k,
      heap: () => self.heap(),
      get ws() {
        return self.plan!.ws;
      },
      get ones() {
        return self.plan!.ones;
      },
      get sink() {
        return self.plan!.sink;
      },
    };
  }

  /**
   * Fills every weight from its initializer, drawing from `rng` (initializers with a seed of their
   * own use it instead). Run at build; again only while `written` is false (Sequential's
   * SEARCH_SEED: a seeded search re-initialises a model nobody has trained or loaded yet).
   */
  initWeights(rng: Rng): void {
    this.checkLive('initWeights');
    if (this.written) throw new SimdnetError('ERR_STATE', 'initWeights', 'the weights were already trained or set; re-initialising them would discard that');
    const base = this.weights >>> 2;
    this.heap().fill(0, base, base + this.layout.totalSize);
    for (const e of this.layout.entries) {
      const values = new Float32Array(e.size);
      e.spec.initializer.fill(values, e.shape, rng);
      this.heap().set(values, base + e.offset);
    }
  }

  /** The whole memory as f32; re-derived only when memory grew (never inside a step). */
  heap(): Float32Array {
    if (this.heapF32.buffer !== this.m.memory.buffer) this.heapF32 = new Float32Array(this.m.memory.buffer);
    return this.heapF32;
  }

  /** The whole memory as i32 (integer labels). */
  heapI32(): Int32Array {
    if (this.heapI32View.buffer !== this.m.memory.buffer) this.heapI32View = new Int32Array(this.m.memory.buffer);
    return this.heapI32View;
  }

  get outShape(): readonly number[] {
    return this.layers[this.layers.length - 1].outShape;
  }

  /** Rows the loss sees per sample (prod of the output's middle dims) and its columns (last dim). */
  get lossCols(): number {
    const s = this.outShape;
    return s[s.length - 1];
  }
  get rowsPerSample(): number {
    return this.layers[this.layers.length - 1].outSize / this.lossCols;
  }

  /** fit/evaluate refuse to run on a layout that no longer matches the flags: Keras applies them at compile. */
  checkTrainable(fn: string): void {
    if (trainableChanged(this.layers, this.layout)) {
      throw new SimdnetError('ERR_STATE', fn, "a layer's 'trainable' flag changed since compile: call model.compile(...) again to apply it (as in Keras)");
    }
  }

  /**
   * Re-lays out the weight arena after `trainable` flags changed (trainable weights first), copying
   * every weight to its new offset; gradients, optimizer state and the activation plan are rebuilt.
   */
  private relayout(): void {
    const old = this.layout;
    const oldBlock = this.weights;
    this.layout = layoutParams(this.layers);
    this.weights = this.m.arena.alloc(this.layout.totalSize * 4);
    moveWeights(this.heap(), old, oldBlock, this.layout, this.weights);
    this.m.arena.free(oldBlock);
    if (this.grads) this.m.arena.free(this.grads);
    this.grads = 0;
    this.needGrad = gradientReach(this.layers, this.layout);
    this.freePlan();
  }

  /** Sets loss, metrics and optimizer (compile); allocates gradients and optimizer state. */
  compile(binding: LossBinding, optimizer: Optimizer): void {
    this.checkLive('compile');
    if (trainableChanged(this.layers, this.layout)) this.relayout();
    const last = this.layers[this.layers.length - 1];
    const fusionChanged = last.fuseFinalActivation !== (binding.fused !== null);
    last.fuseFinalActivation = binding.fused !== null;
    if (fusionChanged) this.freePlan(); // the last layer's scratch needs changed
    this.binding = binding;
    this.metrics = new EpochMetrics(binding.metrics.length);
    this.lossFn = this.k[binding.kernel];
    if (typeof this.lossFn !== 'function') throw new SimdnetError('ERR_UNSUPPORTED', 'compile', `this wasm build has no '${binding.kernel}' kernel`);
    const n = this.layout.trainableSize;
    const states = optimizer.states().length;
    this.opt?.free();
    this.opt = null;
    this.m.arena.reserve('compile', (this.grads ? 0 : Math.max(n, 1) * 4) + states * n * 4, `the gradients and ${states} ${optimizer.className} state buffers (${n} floats each)`);
    if (!this.grads) this.grads = this.m.arena.alloc(Math.max(n, 1) * 4);
    this.guard?.free();
    this.guard = new StepGuard(this.m, this.weights, this.layout.totalSize, n, states * n);
    this.opt = new OptimizerState(this.m, this.layout, this.grads, optimizer, this.weights, this.guard.journal);
    this.penalties = new WeightPenalties(this.layout, this.weights, this.grads);
  }

  /** Makes sure the activation plan holds `batch` samples; rebinds layers when it (re)allocates. */
  ensurePlan(batch: number): Plan {
    this.checkLive('fit');
    if (this.plan && this.plan.maxBatch >= batch) return this.plan;
    this.freePlan();
    const plan = buildPlan(this.m, this.layers, batch, this.inSize, this.needGrad, this.k.gemmWorkspaceBytes());
    this.plan = plan;
    const layers = this.layers;
    layers.forEach((layer, i) => {
      const entries = this.layout.entries.filter((e) => e.layer === i);
      layer.bind(this.ctx, {
        x: i === 0 ? plan.input : plan.acts[i - 1],
        y: plan.acts[i],
        dx: i === 0 ? 0 : plan.grads[i - 1],
        dy: plan.grads[i],
        p: entries.map((e) => this.weights + e.offset * 4),
        g: entries.map((e) => (e.trainable && this.grads ? this.grads + e.offset * 4 : 0)),
        s: plan.scratch[i],
        mask: this.masks[i] >= 0 ? plan.scratch[this.masks[i]][layers[this.masks[i]].maskScratch()] : 0,
      });
    });
    // A larger batch mid-fit (fitDataset) moved the layers' random streams: restart them from their seeds.
    this.applySeeds();
    return plan;
  }

  /**
   * Seeds every stochastic layer's in-wasm stream from `rng` (fit start). The streams live in the
   * plan's scratch, so without a plan yet (fitDataset builds it at the first batch, whose size it
   * learns only then) the seeds are kept and ensurePlan applies them.
   */
  seedLayers(rng: Rng): void {
    this.layerSeeds = this.layers.map((l) => (l.stochastic ? rng.nextU32() : 0));
    if (this.plan) this.applySeeds();
  }

  private applySeeds(): void {
    this.layers.forEach((l, i) => l.stochastic && this.layerSeeds && l.seed(this.layerSeeds[i]));
  }

  /**
   * One training step on the `batch` samples loaded in the plan; returns the batch loss. A step whose
   * loss is NaN/Inf, or whose update would leave a non-finite weight, is undone (stepGuard.ts):
   * weights, moving statistics, optimizer state and iteration count are as before it, and `undone`
   * says why.
   */
  trainBatch(batch: number): number {
    const k = this.k;
    const plan = this.plan!;
    const layers = this.layers;
    const guard = this.guard!;
    this.undone = null;
    this.written = true;
    guard.save();
    // In wasm, not heap.fill: on a threaded module's shared memory every TypedArray store is atomic.
    k.fillF32(this.grads, this.layout.trainableSize, 0);
    k.fillF32(plan.gradRegion, plan.gradRegionFloats, 0);
    let penalty = 0;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i];
      l.forward(batch, true);
      const r = l.activityRegularizer;
      if (r) penalty += k.regularizerPenalty(plan.acts[i], batch * l.outSize, r.l1, r.l2);
    }
    penalty += this.penalties!.penalty(k);
    const rows = batch * this.rowsPerSample;
    const last = layers.length - 1;
    const loss = this.lossFn(plan.acts[last], plan.targets, plan.grads[last], this.lossWeights, rows, this.lossCols, 1 / rows) / rows + penalty;
    this.metrics.add(this, batch, loss);
    if (!Number.isFinite(loss)) {
      guard.restoreOthers(); // the forward pass may have moved batch-norm moving statistics
      this.undone = 'loss';
      return loss;
    }
    for (let i = last; i >= 0; i--) {
      if (!this.needGrad[i]) break;
      const l = layers[i];
      const r = l.activityRegularizer;
      if (r) k.addRegularizerGrad(plan.acts[i], plan.grads[i], batch * l.outSize, r.l1, r.l2);
      l.backward(batch);
    }
    this.penalties!.addGradients(k);
    const bad = this.opt!.apply(true); // writes the undo journal; counts the weights it made non-finite
    if (bad > 0 || guard.othersNonFinite()) {
      this.undoneWeights = bad + guard.countOthers(this.heap());
      guard.restore(this.opt!.block);
      this.opt!.optimizer.iterations--;
      this.undone = 'update';
    }
    return loss;
  }

  /** One optimizer update from the current gradients, journaled as in trainBatch (bench/train/breakdown.ts times it). */
  applyOptimizer(): void {
    this.opt!.apply(true);
  }

  /** Forward in inference mode and loss/metrics of the loaded batch (evaluate, validation). */
  testBatch(batch: number): number {
    const plan = this.plan!;
    this.forward(batch);
    const penalty = this.penalties!.penalty(this.k);
    const rows = batch * this.rowsPerSample;
    const last = this.layers.length - 1;
    const loss = this.lossFn(plan.acts[last], plan.targets, plan.metricScratch, this.lossWeights, rows, this.lossCols, 0) / rows + penalty;
    this.metrics.add(this, batch, loss);
    return loss;
  }

  /** Inference forward of the loaded batch; returns the byte offset of the outputs [batch, ...outShape]. */
  predictBatch(batch: number): number {
    this.forward(batch);
    return this.outputs(batch);
  }

  private forward(batch: number): void {
    for (let i = 0; i < this.layers.length; i++) this.layers[i].forward(batch, false);
  }

  /** Byte offset of the last layer's activations (logits when the final activation is fused). */
  get logits(): number {
    return this.plan!.acts[this.layers.length - 1];
  }

  /** The model's outputs for the loaded batch: the final activation applied when it was fused. */
  outputs(batch: number): number {
    const plan = this.plan!;
    const logits = this.logits;
    const fused = this.binding?.fused;
    if (!fused) return logits;
    const rows = batch * this.rowsPerSample;
    if (fused.code < 0) this.k.softmaxForward(logits, plan.probs, rows, this.lossCols);
    else this.k.activationForward(fused.code, logits, plan.probs, rows * this.lossCols, fused.param);
    return plan.probs;
  }

  private freePlan(): void {
    if (this.plan) this.m.arena.free(this.plan.block);
    this.plan = null;
  }

  private checkLive(fn: string): void {
    if (this.disposed) throw new SimdnetError('ERR_DISPOSED', fn, 'the model was disposed');
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Frees every arena block of the model. */
  dispose(): void {
    if (this.disposed) return;
    this.freePlan();
    this.opt?.free();
    this.opt = null;
    this.guard?.free();
    this.guard = null;
    if (this.grads) this.m.arena.free(this.grads);
    this.m.arena.free(this.weights);
    this.grads = 0;
    this.disposed = true;
  }
}

