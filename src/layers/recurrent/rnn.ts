// The shared part of LSTM and GRU (Keras `RNN` over a cell): options and their checks, the
// time-major state buffers, the input projection of all timesteps as one GEMM, and the output and
// dy copies. The cell subclasses (lstm.ts, gru.ts) run the per-step recurrent GEMM and pointwise
// kernels (assembly/kernels/recurrent.ts) forward, and BPTT backward.
// Buffers (floats per sample, laid out [T, B, ...] in processing order: goBackwards reverses time
// when x is copied in, so step s always reads row block s):
//   xt (T, C) the input; z (T, G·U) gate pre-activations, then activated gates; hs (T+1, U) the
//   hidden states, hs[0] = 0; dz (T, G·U); dhs (T+1, U); dxt (T, C); mt (T) the mask.
// Output: y [B, T, ·] (returnSequences) or [B, ·], written at column `outOffset` with row stride
// `outStride` (Bidirectional places its two halves this way), time reversed when `outReverse`.
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type MaskBehavior, type ParamSpec, type ScratchSpec } from '../layer.js';
import { getActivation, type ActivationIdentifier, type ActivationSpec } from '../activations.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../../regularizers/regularizer.js';
import { ShapeError, ValidationError } from '../../errors.js';
import { checkBool, checkInt, checkKeys, checkNumber } from '../../validate.js';
import { RnnDropout } from './rnnDropout.js';

/** Options shared by `lstm` and `gru` (Keras 3 names and defaults). */
export interface RnnOptions extends LayerOptions {
  /** Width of the hidden state (required, >= 1). */
  units: number;
  /** Default 'tanh' (the candidate and, for LSTM, the cell output). linear, relu, sigmoid, tanh or hardSigmoid. */
  activation?: ActivationIdentifier;
  /** Default 'sigmoid' (Keras 3; tfjs-layers defaults to its own hardSigmoid). Same choices. */
  recurrentActivation?: ActivationIdentifier;
  /** Default true. */
  useBias?: boolean;
  /** Default false: only the last output [units]; true: every step's [timesteps, units]. */
  returnSequences?: boolean;
  /**
   * Default false. true: the outputs are [output, ...final states] (Keras): LSTM [output, h, c], GRU
   * [output, h]. Only on a model's last layer, read by model.predictWithStates; such a model cannot
   * be trained (it has several outputs): train it with returnState false and copy the weights.
   */
  returnState?: boolean;
  /** Default false: process the sequence in reverse (outputs in processing order, as Keras). */
  goBackwards?: boolean;
  /**
   * Default 0. Fraction in [0, 1) of the input features dropped in training (Keras `dropout`): one
   * mask per sequence, the same at every timestep (rnnDropout.ts). Keras treats 1 as no dropout; we refuse it.
   */
  dropout?: number;
  /** Default 0. Fraction in [0, 1) of the entering hidden state h_{t-1} dropped in training, one mask per gate and sequence (Keras `recurrent_dropout`). */
  recurrentDropout?: number;
  /** Seed of the dropout masks' random stream; default: derived from the fit seed. */
  seed?: number;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'orthogonal'. */
  recurrentInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
}

export const RNN_KEYS = [...LAYER_OPTION_KEYS, 'units', 'activation', 'recurrentActivation', 'useBias', 'returnSequences', 'returnState', 'goBackwards', 'dropout', 'recurrentDropout', 'seed', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer', 'recurrentRegularizer', 'biasRegularizer'];
const CELL_ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'hardSigmoid'];

function cellActivation(fn: string, arg: string, id: unknown): ActivationSpec {
  const a = getActivation(fn, arg, id);
  if (!CELL_ACTIVATIONS.includes(a.name)) throw new ValidationError(fn, arg, `one of ${CELL_ACTIVATIONS.join(', ')} (a recurrent cell)`, id);
  return a;
}

/**
 * The base of the recurrent layers (Lstm, Gru): steps over (steps, features) input, honours masks and
 * `goBackwards`, and returns the last output or every step's.
 */
export abstract class Rnn extends Layer {
  readonly units: number;
  readonly activation: ActivationSpec;
  readonly recurrentActivation: ActivationSpec;
  readonly useBias: boolean;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  readonly returnState: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly recurrentRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  /** Gate blocks: 4 for LSTM [i|f|c|o], 3 for GRU [z|r|h]. */
  protected readonly G: number;
  /** dropout / recurrentDropout: masks, their stream and the masked GEMMs. */
  protected readonly dp: RnnDropout;
  override readonly stochastic: boolean;
  /** Output placement, set by Bidirectional: column offset, row stride (floats), time reversed. */
  outOffset = 0;
  outStride = 0;
  outReverse = false;
  // Scratch pointers, in the order of rnnScratch() (then the cell's own).
  protected xt = 0;
  protected z = 0;
  protected hs = 0;
  protected dz = 0;
  protected dhs = 0;
  protected dxt = 0;
  protected mt = 0;

  constructor(fn: string, options: RnnOptions, keys: readonly string[], G: number) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, keys);
    super(fn, options);
    this.G = G;
    this.units = checkInt(fn, 'units', options.units, 1);
    this.activation = cellActivation(fn, 'activation', options.activation ?? 'tanh');
    this.recurrentActivation = cellActivation(fn, 'recurrentActivation', options.recurrentActivation ?? 'sigmoid');
    this.useBias = checkBool(fn, 'useBias', options.useBias ?? true);
    this.returnSequences = checkBool(fn, 'returnSequences', options.returnSequences ?? false);
    this.goBackwards = checkBool(fn, 'goBackwards', options.goBackwards ?? false);
    this.returnState = checkBool(fn, 'returnState', options.returnState ?? false);
    const [rate, recurrentRate] = (['dropout', 'recurrentDropout'] as const).map((arg) => {
      const v = checkNumber(fn, arg, options[arg] ?? 0, 0, 1);
      if (v === 1) throw new ValidationError(fn, arg, 'a finite number in [0, 1) (Keras silently ignores 1: no dropout at all)', v);
      return v;
    });
    const seed = options.seed === undefined ? null : checkInt(fn, 'seed', options.seed, 0, 0xffffffff);
    this.dp = new RnnDropout(rate, recurrentRate, this.G, seed);
    this.stochastic = this.dp.stochastic;
    this.kernelInitializer = getInitializer(fn, 'kernelInitializer', options.kernelInitializer ?? 'glorotUniform');
    this.recurrentInitializer = getInitializer(fn, 'recurrentInitializer', options.recurrentInitializer ?? 'orthogonal');
    this.biasInitializer = getInitializer(fn, 'biasInitializer', options.biasInitializer ?? 'zeros');
    this.kernelRegularizer = getRegularizer(fn, 'kernelRegularizer', options.kernelRegularizer);
    this.recurrentRegularizer = getRegularizer(fn, 'recurrentRegularizer', options.recurrentRegularizer);
    this.biasRegularizer = getRegularizer(fn, 'biasRegularizer', options.biasRegularizer);
  }

  get T(): number {
    return this.inShape[0];
  }
  get C(): number {
    return this.inShape[1];
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) {
      throw new ShapeError(`${this.className.toLowerCase()} '${this.name}'`, 'inputShape', 'a sequence [timesteps, features] per sample (input [batch, timesteps, features]; an embedding gives one)', `[${inputShape.join(', ')}]`);
    }
    return this.returnSequences ? [inputShape[0], this.units] : [this.units];
  }

  override maskBehavior(): MaskBehavior {
    return this.returnSequences ? 'use' : 'consume';
  }

  /** The (T+1, B, U) buffers whose step-T block is a final state: [hs] (GRU), [hs, cs] (LSTM). */
  protected abstract stateBuffers(): number[];

  override stateSizes(): number[] {
    return this.returnState ? this.stateBuffers().map(() => this.units) : [];
  }

  /** The step-T blocks of the state buffers: [B, U] each, the state after the last real step (a padded step carries it). */
  override statePointers(batch: number): number[] {
    return this.returnState ? this.stateBuffers().map((p) => this.at(p, this.T, batch, this.units)) : [];
  }

  /** kernel [C, G·U], recurrent_kernel [U, G·U], then the cell's bias (Keras weight order). */
  protected kernels(): ParamSpec[] {
    const gu = this.G * this.units;
    return [
      { name: 'kernel', shape: [this.C, gu], initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, trainable: this.trainable },
      { name: 'recurrent_kernel', shape: [this.units, gu], initializer: this.recurrentInitializer, regularizer: this.recurrentRegularizer, trainable: this.trainable },
    ];
  }

  protected abstract cellScratch(): ScratchSpec[];

  override scratch(): ScratchSpec[] {
    const { T, C, units: U } = this;
    const gu = this.G * U;
    return [
      { name: 'xt', perSample: T * C, fixed: 0 },
      { name: 'z', perSample: T * gu, fixed: 0 },
      { name: 'hs', perSample: (T + 1) * U, fixed: 0 },
      { name: 'dz', perSample: T * gu, fixed: 0 },
      { name: 'dhs', perSample: (T + 1) * U, fixed: 0 },
      { name: 'dxt', perSample: T * C, fixed: 0 },
      { name: 'mt', perSample: T, fixed: 0 },
      ...this.cellScratch(),
      ...this.dp.scratch(T, C, U),
    ];
  }

  override bind(ctx: Parameters<Layer['bind']>[0], io: Parameters<Layer['bind']>[1]): void {
    super.bind(ctx, io);
    [this.xt, this.z, this.hs, this.dz, this.dhs, this.dxt, this.mt] = io.s;
    this.dp.bind(ctx, io.s.slice(io.s.length - RnnDropout.SCRATCH));
    if (!this.outStride) this.outStride = this.units;
  }

  override seed(seed: number): void {
    this.dp.seed(seed);
  }

  /** Step s's rows of a [T, B, w] buffer. */
  protected at(buf: number, s: number, batch: number, w: number): number {
    return buf + s * batch * w * 4;
  }

  /** Mask of step s, or 0. */
  protected maskAt(s: number, batch: number): number {
    return this.io.mask ? this.mt + s * batch * 4 : 0;
  }

  /**
   * Copies x (and the mask) time-major, draws the dropout masks (training), projects all steps at
   * once: z = xt·W + bias (xt masked per gate block under dropout); hs[0] = 0.
   */
  protected project(batch: number, bias: number, training: boolean): void {
    const { k, ws } = this.ctx;
    const { T, C } = this;
    const gu = this.G * this.units;
    const rev = this.goBackwards ? 2 : 0;
    k.seqTranspose(this.io.x, C, this.xt, C, batch, T, C, rev);
    if (this.io.mask) k.seqTranspose(this.io.mask, 1, this.mt, 1, batch, T, 1, rev);
    this.dp.begin(batch, training, C, this.units);
    if (this.dp.inputActive) this.dp.project(T, C, this.units, this.xt, this.io.p[0], this.z, bias);
    else k.sgemm(0, 0, T * batch, gu, C, 1, this.xt, C, this.io.p[0], gu, 0, this.z, gu, bias, 0, 0, ws);
    k.fillF32(this.hs, batch * this.units, 0);
  }

  /** y from hs[1..T] (returnSequences) or hs[T]. */
  protected emit(batch: number): void {
    const { k } = this.ctx;
    const { T, units: U } = this;
    const y = this.io.y + this.outOffset * 4;
    if (this.returnSequences) k.seqTranspose(this.at(this.hs, 1, batch, U), U, y, this.outStride, T, batch, U, this.outReverse ? 1 : 0);
    else k.seqTranspose(this.at(this.hs, T, batch, U), U, y, this.outStride, 1, batch, U, 0);
  }

  /** dhs = 0, then dy into dhs[1..T] or dhs[T]. */
  protected collect(batch: number): void {
    const { k } = this.ctx;
    const { T, units: U } = this;
    k.fillF32(this.dhs, (T + 1) * batch * U, 0);
    const dy = this.io.dy + this.outOffset * 4;
    if (this.returnSequences) k.seqTranspose(dy, this.outStride, this.at(this.dhs, 1, batch, U), U, batch, T, U, this.outReverse ? 2 : 0);
    else k.seqTranspose(dy, this.outStride, this.at(this.dhs, T, batch, U), U, batch, 1, U, 0);
  }

  /** dW += xtᵀ·dz, dx += (dz·Wᵀ) back in batch-major order (dz: the input-side gradient [T·B, G·U]). */
  protected inputGradients(batch: number, dz: number): void {
    const { k, ws } = this.ctx;
    const { T, C } = this;
    const gu = this.G * this.units;
    const { g, p, dx } = this.io;
    if (this.dp.inputActive) this.dp.inputGradients(T, C, this.units, this.xt, p[0], dz, g[0], dx ? this.dxt : 0);
    else {
      if (g[0]) k.sgemm(1, 0, C, gu, T * batch, 1, this.xt, C, dz, gu, 1, g[0], gu, 0, 0, 0, ws);
      if (dx) k.sgemm(0, 1, T * batch, C, gu, 1, dz, gu, p[0], gu, 0, this.dxt, C, 0, 0, 0, ws);
    }
    if (dx) {
      k.seqTranspose(this.dxt, C, dx, C, T, batch, C, (this.goBackwards ? 1 : 0) | 4);
    }
  }

  /** Column sums of a [rows, w] gradient into a bias gradient. */
  protected biasGradient(src: number, rows: number, w: number, ldSrc: number, gBias: number): void {
    this.ctx.k.sgemm(0, 0, 1, w, rows, 1, this.ctx.ones, rows, src, ldSrc, 1, gBias, w, 0, 0, 0, this.ctx.ws);
  }

  override getConfig(): Record<string, unknown> {
    const ser = (r: Regularizer | null) => (r ? { className: r.className, l1: r.l1, l2: r.l2 } : null);
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      recurrentActivation: this.recurrentActivation.name,
      useBias: this.useBias,
      returnSequences: this.returnSequences,
      goBackwards: this.goBackwards,
      ...(this.returnState ? { returnState: true } : {}),
      dropout: this.dp.rate,
      recurrentDropout: this.dp.recurrentRate,
      ...(this.dp.fixedSeed === null ? {} : { seed: this.dp.fixedSeed }),
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: ser(this.kernelRegularizer),
      recurrentRegularizer: ser(this.recurrentRegularizer),
      biasRegularizer: ser(this.biasRegularizer),
    };
  }
}
