// Sequential: a linear stack of layers with Keras's workflow (compile, fit, evaluate, predict,
// summary, getWeights/setWeights, save). Weights are built when the input shape is known (the
// first layer's inputShape, or the first fit/predict), in the wasm module loaded by `ready()`.
// dispose() returns every arena block, so a search that builds many models keeps memory flat.
import type { Layer } from '../layers/layer.js';
import type { Logs, TrainingModel } from '../callbacks/callback.js';
import type { Dataset } from '../data/batch.js';
import type { History } from '../callbacks/history.js';
import type { Tensor } from '../tensor.js';
import { ready, wasm } from '../../bindings/loader.js';
import { Engine } from './engine.js';
import { lossBinding } from './lossBinding.js';
import { predictBatches } from './predict.js';
import { getLoss, type Loss } from '../losses/loss.js';
import { getMetrics, type Metric } from '../metrics/metric.js';
import { getOptimizer, type Optimizer } from '../optimizers/optimizer.js';
import { fitArrays, fitDatasetLoop } from './fit.js';
import { DatasetEpochs } from './datasetEpochs.js';
import { arrayBatchSize } from './arrayEpochs.js';
import { PLACEMENT, carryDecision, copyTrainingState, fitModule } from './placement.js';
import type { WasmModule } from '../../bindings/loader.js';
import { evaluatePrepared, evaluateDataset, iota } from './evaluate.js';
import { fitInputs, datasetValidation } from './fitInputs.js';
import { toWeightTensor } from './sampleWeight.js';
import { checkX, prepare } from './data.js';
import { toTensor } from '../data/toTensor.js';
import { summaryTable } from './summary.js';
import { batchInputs, datasetOptions, isDataset } from './datasetInput.js';
import { Rng, randomSeed } from '../rng.js';
import { SEARCH_SEED } from './searchSeed.js';
import { fitOptions, type SequentialOptions, type CompileOptions, type FitOptions, type FitDatasetOptions } from './options.js';
import { SimdnetError, ShapeError, ValidationError } from '../errors.js';
import { checkBool, checkInt, checkKeys } from '../validate.js';

export type { SequentialOptions, CompileOptions, FitOptions, FitDatasetOptions } from './options.js';

let modelCount = 0;

/**
 * A stack of layers trained as one (Keras Sequential): `compile`, `fit`, `evaluate`, `predict`, `save`;
 * the parameters, gradients and optimizer state live in one wasm arena laid out when the model is built.
 * `sequential()` makes one.
 */
export class Sequential implements TrainingModel {
  readonly name: string;
  readonly layers: Layer[] = [];
  stopTraining = false;
  private initSeed: number;
  /** Whether `seed` was given (a seeded search then leaves it alone, searchSeed.ts). */
  private readonly seedGiven: boolean;
  private engineRef: Engine | null = null;
  private compiled: { loss: Loss; metrics: Metric[]; weightedMetrics: Metric[]; optimizer: Optimizer } | null = null;
  private readonly names = new Map<string, number>();
  /** The fit/fitDataset call in progress, if any: fit calls on one model must not overlap (they share one engine). */
  private training: string | null = null;

  constructor(options: SequentialOptions = {}) {
    const fn = 'sequential';
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, ['layers', 'name', 'seed']);
    this.name = options.name ?? (modelCount++ ? `sequential_${modelCount - 1}` : 'sequential');
    this.seedGiven = options.seed !== undefined;
    this.initSeed = options.seed === undefined ? randomSeed() : checkInt(fn, 'seed', options.seed, 0, 0xffffffff);
    if (options.layers !== undefined && !Array.isArray(options.layers)) throw new ValidationError(fn, 'layers', 'an array of layers', options.layers, 'ERR_INVALID_TYPE');
    for (const l of options.layers ?? []) this.add(l);
  }

  /** Appends a layer (before the model is built). */
  add(layer: Layer): this {
    if (!layer || typeof (layer as Layer).forward !== 'function') throw new ValidationError('add', 'layer', 'a layer (dense(...), dropout(...), ...)', layer, 'ERR_INVALID_TYPE');
    if (this.engineRef) throw new SimdnetError('ERR_STATE', 'add', 'the model is already built; add layers before the first fit/predict');
    if (this.layers.includes(layer)) throw new ValidationError('add', 'layer', 'a layer not already in this model', layer.name || layer.className);
    if (this.layers.length && layer.inputShape) throw new ValidationError('add', 'inputShape', 'set only on the first layer', layer.inputShape);
    if (!layer.name) {
      // Keras naming: 'dense', 'dense_1', ... per model.
      const base = layer.className.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
      const n = this.names.get(base) ?? 0;
      this.names.set(base, n + 1);
      layer.name = n ? `${base}_${n}` : base;
    }
    if (this.layers.some((l) => l.name === layer.name)) throw new ValidationError('add', 'layer.name', 'a name unique in the model', layer.name);
    this.layers.push(layer);
    return this;
  }

  /** The seed of weight initialisation (given, else drawn at construction or set by a seeded search). */
  get seed(): number {
    return this.initSeed;
  }

  /**
   * A seeded search's seed for a model made without one (searchSeed.ts): it becomes the model's
   * seed, and weights already built (compile builds them when the first layer has an inputShape)
   * are drawn again from it, unless something other than the initializers wrote them (fit,
   * setWeights, loadModel): a trained or loaded model is never silently re-initialised.
   */
  [SEARCH_SEED](seed: number): boolean {
    const s = checkInt('searchSeed', 'seed', seed, 0, 0xffffffff);
    const engine = this.engineRef;
    if (this.seedGiven || engine?.written || engine?.isDisposed) return false;
    this.initSeed = s;
    engine?.initWeights(new Rng(s));
    return true;
  }

  get built(): boolean {
    return this.engineRef !== null;
  }

  /** The per-sample input shape, once known. */
  get inputShape(): readonly number[] | null {
    return this.engineRef ? this.layers[0].inShape : (this.layers[0]?.inputShape ?? null);
  }

  get outputShape(): readonly number[] {
    return this.engine('outputShape').outShape;
  }

  /** Builds the weights for a per-sample input shape (done by fit/predict when needed). */
  build(inputShape?: readonly number[]): void {
    if (this.engineRef) return;
    const fn = 'build';
    if (!this.layers.length) throw new SimdnetError('ERR_STATE', fn, 'the model has no layers');
    const shape = inputShape ?? this.layers[0].inputShape;
    if (!shape) throw new SimdnetError('ERR_STATE', fn, "the input shape is unknown: give the first layer an inputShape, or call fit/predict");
    let m;
    try {
      m = wasm();
    } catch (e) {
      throw new SimdnetError('ERR_NOT_READY', fn, 'the wasm module is not loaded yet: `await ready()` before building, predicting or summarizing a model', { cause: e });
    }
    const layers = this.layers;
    const multi = layers.findIndex((l, i) => i < layers.length - 1 && l.stateSizes().length);
    if (multi >= 0) throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${layers[multi].name}' has returnState: its outputs are a list [output, ...states], and the next layer of a sequential model takes one tensor (only the last layer may return states; read them with predictWithStates)`);
    for (let i = 1; i < layers.length; i++) {
      if (layers[i].trainingOnly && layers.slice(0, i).some((l) => l.params().length || !l.trainingOnly)) {
        throw new ValidationError(fn, `layers[${i}]`, 'augmentation (training-only) layers before every other layer', layers[i].name);
      }
    }
    this.engineRef = new Engine(m, layers, shape, new Rng(this.initSeed));
    reclaim?.register(this, this.engineRef, this);
    if (this.compiled) this.bindCompiled();
  }

  /** Loss, metrics and optimizer (Keras compile). Recompiling keeps the weights and resets the optimizer. */
  compile(options: CompileOptions): void {
    const fn = 'compile';
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, ['optimizer', 'loss', 'metrics', 'weightedMetrics']);
    const loss = getLoss(fn, 'loss', options.loss);
    const optimizer = getOptimizer(fn, 'optimizer', options.optimizer ?? 'rmsprop');
    const metrics = getMetrics(fn, 'metrics', options.metrics);
    this.compiled = { loss, optimizer, metrics, weightedMetrics: getMetrics(fn, 'weightedMetrics', options.weightedMetrics) };
    if (this.engineRef) this.bindCompiled();
    else if (this.layers[0]?.inputShape && hasWasm()) this.build();
  }

  private bindCompiled(): void {
    const { loss, metrics, weightedMetrics, optimizer } = this.compiled!;
    this.engineRef!.compile(lossBinding(this.layers[this.layers.length - 1], this.engineRef!.lossCols, loss, metrics, weightedMetrics), optimizer);
  }

  private engine(fn: string): Engine {
    if (!this.engineRef) {
      if (this.layers[0]?.inputShape) this.build();
      else throw new SimdnetError('ERR_STATE', fn, 'the model is not built: give the first layer an inputShape, or fit/predict first');
    }
    if (this.engineRef!.isDisposed) throw new SimdnetError('ERR_DISPOSED', fn, 'the model was disposed');
    return this.engineRef!;
  }

  private compiledEngine(fn: string, x?: Tensor): Engine {
    if (!this.compiled) throw new SimdnetError('ERR_STATE', fn, 'the model is not compiled: call model.compile({optimizer, loss}) first');
    if (!this.engineRef && x) this.build(x.shape.slice(1));
    const engine = this.engine(fn);
    if (this.layers[this.layers.length - 1].stateSizes().length) throw this.statesError(fn);
    if (fn === 'fit' || fn === 'fitDataset') engine.checkTrainable(fn);
    return engine;
  }

  private statesError(fn: string): SimdnetError {
    const why = fn === 'predict' ? 'predict returns one tensor: use predictWithStates for [output, ...states]' : 'a loss needs one output and this model has several ([output, ...states]; Keras would want a loss per output): train the same layers with returnState false, then setWeights into this model';
    return new SimdnetError('ERR_UNSUPPORTED', fn, `the last layer '${this.layers[this.layers.length - 1].name}' has returnState: ${why}`);
  }

  /**
   * Trains on in-memory x, y, or (Keras 3) on a dataset of batches: `fit(gen.flow(x, y), options)`,
   * as fitDataset (datasetInput.ts). Returns a History (history.history.loss, ...).
   */
  fit(dataset: Dataset, options?: FitDatasetOptions): Promise<History>;
  fit(x: unknown, y: unknown, options?: FitOptions): Promise<History>;
  fit(x: unknown, y?: unknown, options?: FitOptions | FitDatasetOptions): Promise<History> {
    if (isDataset(x)) return this.exclusive('fit', async () => this.fitFromDataset('fit', x, datasetOptions('fit', y, options as FitDatasetOptions | undefined)));
    return this.exclusive('fit', () => this.fitArrays(x, y, (options ?? {}) as FitOptions));
  }

  /**
   * Runs one training call at a time. Two fits interleaved on one model (Promise.all) would share
   * its plan, epoch metrics and optimizer step; Keras never faces this (its fit blocks the thread),
   * so the second call is refused, synchronously marked before the first await.
   */
  private async exclusive(fn: string, body: () => Promise<History>): Promise<History> {
    if (this.training) throw new SimdnetError('ERR_STATE', fn, `this model is already training (a ${this.training} call has not finished): await it before calling ${fn} again`);
    this.training = fn;
    try {
      return await body();
    } finally {
      this.training = null;
    }
  }

  private async fitArrays(x: unknown, y: unknown, options: FitOptions): Promise<History> {
    const fn = 'fit';
    await ready();
    const o = fitOptions(fn, options);
    const shuffle = checkBool(fn, 'shuffle', options.shuffle ?? true);
    const xt = toTensor(fn, 'x', x);
    const engine = this.compiledEngine(fn, xt);
    checkX(fn, xt, engine.layers[0]);
    const { data, validation } = fitInputs(fn, engine, xt, toTensor(fn, 'y', y), options, o);
    const placed = await this.placeForFit(engine, Math.min(arrayBatchSize(data.n, o.givenBatchSize, o.stepsPerEpoch), data.n));
    return fitArrays(this, placed, data, shuffle, o, validation);
  }

  /** The engine to train on at `batch`: moved onto the module placement.ts chooses (at most there and back). */
  private async placeForFit(engine: Engine, batch: number): Promise<Engine> {
    const home = wasm();
    for (let i = 0; i < 2 && !engine.isDisposed; i++) {
      const to = await fitModule(engine, home, batch);
      if (to === engine.m || engine.isDisposed || engine !== this.engineRef) break;
      engine = this.relocate(engine, to);
    }
    return engine;
  }

  /** Rebuilds the model's engine on module `to` with the same weights and optimizer state, and frees the old one. */
  private relocate(from: Engine, to: WasmModule): Engine {
    const next = new Engine(to, this.layers, this.layers[0].inShape, new Rng(0)); // its initial weights are overwritten
    this.engineRef = next;
    reclaim?.unregister(this);
    reclaim?.register(this, next, this);
    this.bindCompiled();
    copyTrainingState(from, next);
    carryDecision(from, next);
    from.dispose();
    PLACEMENT.moves++;
    return next;
  }

  /**
   * Trains on a dataset: an (async) iterable of {xs, ys} batches, iterated afresh every epoch (a
   * one-shot generator serves one epoch), or stepsPerEpoch batches per epoch from one persisting
   * iterator. The first batch is pulled ahead and trained on first: a first layer without an
   * inputShape is built from it, and the model is placed (pool or single-thread twin) at its size.
   */
  fitDataset(dataset: Dataset, options: FitDatasetOptions = {}): Promise<History> {
    return this.exclusive('fitDataset', () => this.fitFromDataset('fitDataset', dataset, options));
  }

  private async fitFromDataset(fn: string, dataset: Dataset, options: FitDatasetOptions): Promise<History> {
    await ready();
    if (!dataset || (typeof (dataset as any)[Symbol.asyncIterator] !== 'function' && typeof (dataset as any)[Symbol.iterator] !== 'function')) {
      throw new ValidationError(fn, 'dataset', 'an iterable or async iterable of {xs, ys} batches', dataset, 'ERR_INVALID_TYPE');
    }
    const o = fitOptions(fn, options, true);
    const feed = new DatasetEpochs(dataset, o.stepsPerEpoch);
    try {
      // The first batch, pulled ahead (and trained on first): an input shape for a model without
      // one, and the batch size placement decides at, as fit's array path does.
      const first = await feed.peek();
      if (!this.engineRef && !this.layers[0]?.inputShape && first) this.compiledEngine(fn, first.xs);
      let engine = this.compiledEngine(fn);
      const validation = datasetValidation(fn, engine, options, o.validation, o.checkFinite);
      const rows = first?.xs?.shape?.[0];
      if (Number.isInteger(rows) && rows! > 0) engine = await this.placeForFit(engine, rows!);
      return await fitDatasetLoop(this, engine, feed, o, validation, o.stepsPerEpoch);
    } finally {
      await feed.close();
    }
  }

  /**
   * Loss and metrics on x, y in inference mode (dropout off, batch norm on moving statistics);
   * sampleWeight weights the loss. Given a dataset (Keras 3 `evaluate(x=dataset, steps)`), a promise
   * of the logs over its batches (the first `steps` when given).
   */
  evaluate(dataset: Dataset, options?: { steps?: number }): Promise<Logs>;
  evaluate(x: unknown, y: unknown, options?: { batchSize?: number; sampleWeight?: unknown; checkFinite?: boolean }): Logs;
  evaluate(x: unknown, y?: unknown, options?: { batchSize?: number; sampleWeight?: unknown; checkFinite?: boolean; steps?: number }): Logs | Promise<Logs> {
    if (isDataset(x)) {
      const o = datasetOptions('evaluate', y, options);
      checkKeys('evaluate', o, ['steps']);
      const steps = o.steps === undefined ? null : checkInt('evaluate', 'steps', o.steps, 1);
      return ready().then(() => evaluateDataset(this.compiledEngine('evaluate'), x, null, steps));
    }
    return this.evaluateArrays(x, y, options ?? {});
  }

  private evaluateArrays(x: unknown, y: unknown, options: { batchSize?: number; sampleWeight?: unknown; checkFinite?: boolean }): Logs {
    const fn = 'evaluate';
    checkKeys(fn, options, ['batchSize', 'sampleWeight', 'checkFinite']);
    const bs = checkInt(fn, 'batchSize', options.batchSize ?? 32, 1);
    const xt = toTensor(fn, 'x', x);
    const engine = this.compiledEngine(fn, xt);
    const sw = options.sampleWeight === undefined || options.sampleWeight === null ? null : { arg: 'sampleWeight', value: toWeightTensor(fn, 'sampleWeight', options.sampleWeight) };
    const data = prepare(fn, engine, xt, toTensor(fn, 'y', y), null, sw, checkBool(fn, 'checkFinite', options.checkFinite ?? true));
    return evaluatePrepared(engine, data, bs, iota(data.n));
  }

  /** evaluate over a dataset of batches. */
  async evaluateDataset(dataset: Dataset): Promise<Logs> {
    await ready();
    return evaluateDataset(this.compiledEngine('evaluateDataset'), dataset, null);
  }

  /**
   * Outputs for x, computed in batches (default 32) in inference mode: a tensor [n, ...outputShape].
   * Given a dataset (Keras 3 `predict(x=dataset, steps)`), a promise of the outputs of all its
   * batches ({xs, ...} batches or bare x tensors; the first `steps` when given), concatenated.
   */
  predict(dataset: Dataset | AsyncIterable<Tensor> | Iterable<Tensor>, options?: { steps?: number }): Promise<Tensor<Float32Array>>;
  predict(x: unknown, options?: { batchSize?: number }): Tensor<Float32Array>;
  predict(x: unknown, options: { batchSize?: number; steps?: number } = {}): Tensor<Float32Array> | Promise<Tensor<Float32Array>> {
    if (isDataset(x)) return this.predictDataset(x, datasetOptions('predict', options, undefined));
    return this.predictArrays(x, options);
  }

  private async predictDataset(dataset: Dataset, options: { steps?: number }): Promise<Tensor<Float32Array>> {
    const fn = 'predict';
    checkKeys(fn, options, ['steps']);
    const steps = options.steps === undefined ? Infinity : checkInt(fn, 'steps', options.steps, 1);
    await ready();
    const parts: Tensor<Float32Array>[] = [];
    let i = 0;
    for await (const item of dataset as AsyncIterable<unknown>) {
      const xs = batchInputs(fn, item, i);
      parts.push(this.predictArrays(xs, { batchSize: Math.max(1, xs.shape[0]) }));
      if (++i >= steps) break;
    }
    if (!parts.length) throw new ValidationError(fn, 'dataset', 'a dataset that yields at least one batch', 'no batches');
    const n = parts.reduce((a, p) => a + p.shape[0], 0);
    const data = new Float32Array(n * (parts[0].data.length / parts[0].shape[0]));
    let at = 0;
    for (const p of parts) {
      data.set(p.data, at);
      at += p.data.length;
    }
    return { data, shape: [n, ...parts[0].shape.slice(1)] };
  }

  /**
   * For a model whose last layer has returnState (Keras: a model with outputs [output, ...states]):
   * [output, ...states] for x in inference mode, states [n, units] each (LSTM h, c; GRU h;
   * bidirectional: the forward layer's, then the backward layer's).
   */
  predictWithStates(x: unknown, options: { batchSize?: number } = {}): Tensor<Float32Array>[] {
    return this.predictArrays(x, options, 'predictWithStates');
  }

  private predictArrays(x: unknown, options: { batchSize?: number }): Tensor<Float32Array>;
  private predictArrays(x: unknown, options: { batchSize?: number }, fn: 'predictWithStates'): Tensor<Float32Array>[];
  private predictArrays(x: unknown, options: { batchSize?: number }, fn: 'predict' | 'predictWithStates' = 'predict'): Tensor<Float32Array> | Tensor<Float32Array>[] {
    checkKeys(fn, options, ['batchSize']);
    const bs = checkInt(fn, 'batchSize', options.batchSize ?? 32, 1);
    const xt = toTensor(fn, 'x', x);
    if (!this.engineRef) this.build(xt.shape.slice(1));
    const engine = this.engine(fn);
    const xd = checkX(fn, xt, engine.layers[0]);
    const n = xt.shape[0];
    const last = this.layers[this.layers.length - 1];
    const states = last.stateSizes();
    if (fn === 'predict' && states.length) throw this.statesError(fn);
    if (fn === 'predictWithStates' && !states.length) throw new SimdnetError('ERR_STATE', fn, `the last layer '${last.name}' returns no states: give the lstm/gru (or the layer inside bidirectional) returnState: true`);
    const [out, ...rest] = predictBatches(engine, xd, n, bs, last.outSize, states);
    const output = { data: out, shape: [n, ...engine.outShape] };
    return fn === 'predict' ? output : [output, ...rest.map((data, i) => ({ data, shape: [n, states[i]] }))];
  }

  /** A table of layers, output shapes and parameter counts (Keras model.summary()); printed unless print is false. */
  summary(options: { print?: boolean } = {}): string {
    const text = summaryTable(this.name, this.layers, this.inputShape);
    if (options.print !== false) console.log(text);
    return text;
  }

  /** Copies of every weight in Keras order (per layer: kernel, bias, gamma, beta, moving stats). */
  getWeights(): Float32Array[] {
    const engine = this.engine('getWeights');
    const heap = engine.heap();
    return engine.layout.entries.map((e) => heap.slice((engine.weights >>> 2) + e.offset, (engine.weights >>> 2) + e.offset + e.size));
  }

  /** Sets every weight from arrays in getWeights() order and sizes. */
  setWeights(weights: Float32Array[]): void {
    const fn = 'setWeights';
    const engine = this.engine(fn);
    const entries = engine.layout.entries;
    if (!Array.isArray(weights) || weights.length !== entries.length) throw new ShapeError(fn, 'weights', `an array of ${entries.length} Float32Arrays`, weights);
    weights.forEach((w, i) => {
      if (!(w instanceof Float32Array) || w.length !== entries[i].size) throw new ShapeError(fn, `weights[${i}]`, `a Float32Array of ${entries[i].size} values (${entries[i].name} [${entries[i].shape.join(', ')}])`, w);
    });
    const heap = engine.heap();
    weights.forEach((w, i) => heap.set(w, (engine.weights >>> 2) + entries[i].offset));
    engine.written = true;
  }

  /** Why fit undid the batch just trained ('loss', 'update') or null; read by terminateOnNaN (TrainingModel). */
  get undoneStep(): 'loss' | 'update' | null {
    return this.engineRef?.undone ?? null;
  }

  /** The optimizer's learning rate (TrainingModel). */
  get learningRate(): number {
    return this.optimizer('learningRate').learningRate;
  }
  set learningRate(v: number) {
    this.optimizer('learningRate').learningRate = v;
  }

  optimizer(fn = 'optimizer'): Optimizer {
    if (!this.compiled) throw new SimdnetError('ERR_STATE', fn, 'the model is not compiled');
    return this.compiled.optimizer;
  }

  get loss(): Loss | null {
    return this.compiled?.loss ?? null;
  }
  /** The compiled metric identifiers (metrics, then weightedMetrics; log keys may differ: see src/metrics/logNames.ts). */
  get metricNames(): string[] {
    return this.compiled?.metrics.map((m) => m.name) ?? [];
  }
  get weightedMetricNames(): string[] {
    return this.compiled?.weightedMetrics.map((m) => m.name) ?? [];
  }

  /**
   * Saves architecture, weights and optimizer state to a directory, atomically (see src/io/save.ts).
   * `save('file://dir')` writes the TensorFlow.js LayersModel format instead (saveTfjs), as tfjs-node's
   * `model.save('file://dir')` does: 'file://' is stripped and the rest is the directory.
   */
  async save(dir: string): Promise<void> {
    if (typeof dir === 'string' && dir.startsWith('file://')) {
      const { saveTfjs } = await import('../io/tfjs/save.js');
      return saveTfjs(this, dir.slice('file://'.length));
    }
    const { saveModel } = await import('../io/save.js');
    await saveModel(this, dir);
  }

  /** Internal: the engine, for save/load. */
  engineFor(fn: string): Engine {
    return this.engine(fn);
  }

  /** Frees the model's wasm memory; the model cannot be used afterwards. */
  dispose(): void {
    if (this.engineRef) reclaim?.unregister(this);
    this.engineRef?.dispose();
  }
}

// A model that is garbage-collected without dispose() gives its arena blocks (weights, gradients,
// optimizer state, activations: about 1 MB for a small MLP) back when the collector finalizes it.
// The held value is the Engine, which refers to its layers and the wasm module but never to the
// Sequential, so registering does not keep the model alive. Finalization runs at the collector's
// discretion (maybe never before exit), so dispose() stays the prompt, deterministic way.
const reclaim = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<Engine>((engine) => engine.dispose()) : null;

function hasWasm(): boolean {
  try {
    wasm();
    return true;
  } catch {
    return false;
  }
}

/** A linear stack of layers (Keras `Sequential`). `sequential({layers: [dense({units: 10, inputShape: [4]})]})`. */
export function sequential(options: SequentialOptions = {}): Sequential {
  return new Sequential(options);
}
