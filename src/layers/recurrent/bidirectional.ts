// Bidirectional (Keras 3 `Bidirectional(layer, merge_mode='concat')`): a forward copy of an LSTM/GRU
// and a backward copy (goBackwards flipped), each with its own weights, on the same input and mask;
// with returnSequences the backward copy's outputs are put back in input order (Keras flips them
// before merging), so step t of both directions belongs to input step t.
// mergeMode 'concat': no kernel, each copy writes its half of the output rows directly
// (Rnn.outOffset/outStride). 'sum', 'mul', 'ave': each copy writes its own scratch (yf, yb: the
// inner layer's output shape per sample), then mergeForward; backward, mergeBackward writes each
// copy's output gradient (dyf, dyb) from dy. Both copies add into dx.
// Weights in Keras order: forward_<name>/kernel, recurrent_kernel, bias, then backward_<name>/...
// Keras's merge_mode None (a list of two outputs) and backward_layer are not supported.
import { Layer, LAYER_OPTION_KEYS, type LayerContext, type LayerIO, type LayerOptions, type MaskBehavior, type ParamSpec, type ScratchSpec } from '../layer.js';
import { Rnn } from './rnn.js';
import { layerFromConfig } from '../index.js';
import { ValidationError } from '../../errors.js';
import { checkKeys, checkOneOf } from '../../validate.js';

/**
 * How `bidirectional` combines the forward and backward outputs: concatenated, summed, multiplied or
 * averaged.
 */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';
const MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave'];
/** Codes of assembly/kernels/merge.ts. */
const MODE_CODE: Record<Exclude<MergeMode, 'concat'>, number> = { sum: 0, mul: 1, ave: 2 };

/**
 * Options of `bidirectional`: the recurrent layer to run both ways and the merge mode (Keras 3 names and
 * defaults).
 */
export interface BidirectionalOptions extends LayerOptions {
  /** The lstm or gru to run both ways (required); its goBackwards is the forward direction's. */
  layer: Rnn;
  /** Default 'concat' (output width 2·units); 'sum', 'mul', 'ave' keep units. */
  mergeMode?: MergeMode;
}

/**
 * The layer `bidirectional()` makes: runs a recurrent layer forward and a copy backward over the steps and
 * merges their outputs (Keras Bidirectional).
 */
export class Bidirectional extends Layer {
  readonly className = 'Bidirectional';
  readonly forwardLayer: Rnn;
  readonly backwardLayer: Rnn;
  readonly mergeMode: MergeMode;
  /** Number of forward params and scratch buffers (where the backward copy's start). */
  private split: [number, number] = [0, 0];
  private merge = { yf: 0, yb: 0, dyf: 0, dyb: 0 };
  /** When the inner layer has dropout or recurrentDropout. */
  override readonly stochastic: boolean;

  constructor(options: BidirectionalOptions) {
    const fn = 'bidirectional';
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, [...LAYER_OPTION_KEYS, 'layer', 'mergeMode']);
    const inner = options.layer as unknown;
    if (!(inner instanceof Rnn)) throw new ValidationError(fn, 'layer', 'an lstm or gru layer', inner, 'ERR_INVALID_TYPE');
    if (inner.inputShape && options.inputShape) throw new ValidationError(fn, 'inputShape', 'set on bidirectional or on its layer, not both', options.inputShape);
    super(fn, { ...options, inputShape: options.inputShape ?? (inner.inputShape ? [...inner.inputShape] : undefined) });
    this.mergeMode = checkOneOf(fn, 'mergeMode', options.mergeMode ?? 'concat', MODES);
    const config = inner.getConfig();
    delete config.inputShape;
    const base = inner.name || inner.className.toLowerCase();
    this.forwardLayer = layerFromConfig(fn, inner.className, { ...config, name: `forward_${base}` }) as Rnn;
    this.backwardLayer = layerFromConfig(fn, inner.className, { ...config, name: `backward_${base}`, goBackwards: !inner.goBackwards }) as Rnn;
    this.stochastic = this.forwardLayer.stochastic;
  }

  /**
   * Each direction's dropout stream. Keras builds the backward copy from the layer's config, seed
   * included, so with a fixed seed both directions draw the same masks there and here; without one
   * the two streams come from different seeds.
   */
  override seed(seed: number): void {
    this.forwardLayer.seed(seed);
    this.backwardLayer.seed((seed ^ 0x9e3779b9) >>> 0);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    const f = this.forwardLayer.computeOutputShape(inputShape);
    if (this.mergeMode === 'concat') f[f.length - 1] *= 2;
    return f;
  }

  /** Floats per sample of one direction's output. */
  private get half(): number {
    return this.forwardLayer.outShape.reduce((a, b) => a * b, 1);
  }

  override build(inputShape: readonly number[]): readonly number[] {
    for (const l of [this.forwardLayer, this.backwardLayer]) l.build(inputShape);
    const U = this.forwardLayer.units;
    if (this.mergeMode === 'concat') {
      this.forwardLayer.outStride = this.backwardLayer.outStride = 2 * U;
      this.backwardLayer.outOffset = U;
    }
    this.backwardLayer.outReverse = this.forwardLayer.returnSequences;
    return super.build(inputShape);
  }

  /** Keras 3: [output, ...forward states, ...backward states] when the layer has returnState. */
  override stateSizes(): number[] {
    return [...this.forwardLayer.stateSizes(), ...this.backwardLayer.stateSizes()];
  }

  override statePointers(batch: number): number[] {
    return [...this.forwardLayer.statePointers(batch), ...this.backwardLayer.statePointers(batch)];
  }

  override maskBehavior(): MaskBehavior {
    return this.forwardLayer.maskBehavior();
  }

  override params(): ParamSpec[] {
    const [f, b] = [this.forwardLayer, this.backwardLayer].map((l) => {
      l.trainable = this.trainable;
      return l.params().map((p) => ({ ...p, name: `${l.name}/${p.name}` }));
    });
    this.split[0] = f.length;
    return [...f, ...b];
  }

  override scratch(): ScratchSpec[] {
    const f = this.forwardLayer.scratch();
    const b = this.backwardLayer.scratch();
    this.split[1] = f.length;
    const n = this.mergeMode === 'concat' ? 0 : this.half;
    return [...f, ...b, ...['yf', 'yb', 'dyf', 'dyb'].map((name) => ({ name, perSample: n, fixed: 0 }))];
  }

  override bind(ctx: LayerContext, io: LayerIO): void {
    super.bind(ctx, io);
    const [np, ns] = this.split;
    const nb = io.s.length - 4;
    const [yf, yb, dyf, dyb] = io.s.slice(nb);
    this.merge = { yf, yb, dyf, dyb };
    const concat = this.mergeMode === 'concat';
    this.forwardLayer.bind(ctx, { ...io, p: io.p.slice(0, np), g: io.g.slice(0, np), s: io.s.slice(0, ns), ...(concat ? {} : { y: yf, dy: dyf }) });
    this.backwardLayer.bind(ctx, { ...io, p: io.p.slice(np), g: io.g.slice(np), s: io.s.slice(ns, nb), ...(concat ? {} : { y: yb, dy: dyb }) });
  }

  forward(batch: number, training: boolean): void {
    this.forwardLayer.forward(batch, training);
    this.backwardLayer.forward(batch, training);
    if (this.mergeMode !== 'concat') this.ctx.k.mergeForward(this.merge.yf, this.merge.yb, this.io.y, batch * this.half, MODE_CODE[this.mergeMode]);
  }

  backward(batch: number): void {
    if (this.mergeMode !== 'concat') {
      const { yf, yb, dyf, dyb } = this.merge;
      this.ctx.k.mergeBackward(yf, yb, this.io.dy, dyf, dyb, batch * this.half, MODE_CODE[this.mergeMode]);
    }
    this.forwardLayer.backward(batch);
    this.backwardLayer.backward(batch);
  }

  override getConfig(): Record<string, unknown> {
    const layer = this.forwardLayer.getConfig();
    layer.name = this.forwardLayer.name.replace(/^forward_/, '');
    return { ...super.getConfig(), mergeMode: this.mergeMode, layer: { className: this.forwardLayer.className, config: layer } };
  }
}

/** Runs an lstm or gru forwards and backwards and merges the two (Keras `Bidirectional`). */
export function bidirectional(options: BidirectionalOptions): Bidirectional {
  return new Bidirectional(options);
}

/** Recreates from getConfig() (saved models): the inner layer is stored as {className, config}. */
export function bidirectionalFromConfig(config: Record<string, unknown>): Bidirectional {
  const { layer, ...rest } = config as { layer: { className: string; config: Record<string, unknown> } };
  return new Bidirectional({ ...(rest as LayerOptions), layer: layerFromConfig('bidirectional', layer.className, layer.config) as Rnn });
}
