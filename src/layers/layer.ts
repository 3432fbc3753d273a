// The layer contract. A layer is configured by a factory (`dense({units})`), shaped once by
// `build(inputShape)` (per-sample shapes, without the batch dimension), and then bound by the model
// to memory the model laid out (bindings/arena.ts): pointers for its input and output
// [batch, ...shape], their gradients, its parameters and gradients (slices of the model's flat
// arenas) and its scratch buffers. forward/backward then run a fixed sequence of wasm kernel calls
// on those pointers: no allocation, no views, no closures per step (STYLE.md, "the hot path").
//
// Backward contract (llm.c style): gradients accumulate. The model zeroes the parameter-gradient
// arena and every activation-gradient buffer once per step (two fills); `backward` then adds into
// dx (the input gradient, [batch, ...inShape]; skipped when io.dx is 0, e.g. for the first layer) and
// into its parameter gradients.
//
// Data-augmentation layers implement the same interface: no params, `trainingOnly = true` (identity
// at inference, as Keras's random preprocessing layers), and no input gradient (they must come
// before every trainable layer; the model checks this when it builds).
import type { RawExports } from '../../bindings/loader.js';
import type { Initializer } from '../initializers/initializer.js';
import type { Regularizer } from '../regularizers/regularizer.js';
import type { ActivationSpec } from './activations.js';
import { ValidationError } from '../errors.js';
import { checkInt } from '../validate.js';

/**
 * A weight a layer declares when built: its Keras name, shape, initializer, regularizer and whether it
 * trains.
 */
export interface ParamSpec {
  /** Keras weight name: 'kernel', 'bias', 'gamma', 'beta', 'moving_mean', 'moving_variance'. */
  name: string;
  shape: number[];
  initializer: Initializer;
  regularizer: Regularizer | null;
  /** Trainable params get a gradient and optimizer state; others (moving statistics) do not. */
  trainable: boolean;
}

/**
 * Scratch memory a layer needs during a step, in 4-byte words per sample plus fixed words; the model
 * reserves it once when built.
 */
export interface ScratchSpec {
  name: string;
  /** 4-byte words per sample (times the batch size), plus `fixed` words. */
  perSample: number;
  fixed: number;
}

/** What the model hands a layer when it binds it: the kernels and shared buffers. */
export interface LayerContext {
  /** The raw wasm exports (kernels take byte offsets and sizes). */
  readonly k: RawExports;
  /** The whole wasm memory as f32, for copies and fills (re-derived after memory growth). */
  heap(): Float32Array;
  /** GEMM packing workspace. */
  readonly ws: number;
  /** `maxBatch * maxRowsPerSample` ones (column sums by GEMM). */
  readonly ones: number;
  /** A write-only buffer as large as any layer's input, for kernels that always write dx when io.dx is 0. */
  readonly sink: number;
}

/** Pointers (byte offsets) a bound layer works on; 0 means "not needed". */
export interface LayerIO {
  x: number;
  y: number;
  dx: number;
  dy: number;
  /** Parameter pointers, in `params()` order. */
  p: number[];
  /** Gradient pointers, in `params()` order (0 for non-trainable params). */
  g: number[];
  /** Scratch pointers, in `scratch()` order. */
  s: number[];
  /** The incoming mask, [batch, timesteps] f32 (1 = real step, 0 = padding), or 0 (src/model/mask.ts). */
  mask?: number;
}

/**
 * How a layer treats an incoming mask (Keras `supports_masking` / `compute_mask`): 'none' cannot
 * take one (a typed error when the model is built), 'pass' ignores it and passes it on (dense,
 * activation, dropout), 'consume' uses it and returns none (LSTM/GRU without returnSequences,
 * global pooling), 'use' uses it and passes it on (LSTM/GRU with returnSequences).
 */
export type MaskBehavior = 'none' | 'pass' | 'consume' | 'use';

/** Options every layer takes (Keras's name, input_shape and trainable). */
export interface LayerOptions {
  /** Layer name (default: snake_case class name with a counter, as Keras: 'dense', 'dense_1'). */
  name?: string;
  /** Per-sample input shape; only meaningful on the first layer (Keras `input_shape`). */
  inputShape?: number[];
  /** Default true; a non-trainable layer's params get no gradient and no update. */
  trainable?: boolean;
}

export const LAYER_OPTION_KEYS = ['name', 'inputShape', 'trainable'] as const;

/**
 * The base of every layer: declares its weights and scratch when the model builds it, then runs forward
 * and backward as wasm calls on buffers the model laid out once. Subclass it for a custom layer and
 * `registerLayer` it to load saved models.
 */
export abstract class Layer {
  abstract readonly className: string;
  name: string;
  trainable: boolean;
  readonly inputShape: readonly number[] | null;
  /** Set by build(). */
  inShape: readonly number[] = [];
  outShape: readonly number[] = [];
  /** True for a layer whose output is its input buffer (flatten: a row-major no-op). */
  readonly aliasesInput: boolean = false;
  /** True for augmentation layers: active in training only, no input gradient. */
  readonly trainingOnly: boolean = false;
  /** True when forward in training draws random numbers (seeded by `seed()`). */
  readonly stochastic: boolean = false;
  /** 'int32' for a layer that reads integer token ids (embedding); it must be the first layer. */
  readonly inputDtype: 'float32' | 'int32' = 'float32';
  /** Index in scratch() of the [batch, timesteps] mask this layer creates (embedding maskZero), or -1. */
  maskScratch(): number {
    return -1;
  }
  maskBehavior(): MaskBehavior {
    return 'none';
  }
  /**
   * Floats per sample of each extra output after the main one (Keras `return_state`: an RNN's final
   * states); empty for a single-output layer. Only a model's last layer may have them.
   */
  stateSizes(): number[] {
    return [];
  }
  /** Byte offsets of those outputs, [batch, size] each, after a forward of `batch` samples. */
  statePointers(_batch: number): number[] {
    return [];
  }
  /** Checks integer inputs (all samples, flat) before any kernel runs; throws a ValidationError. */
  checkIds(_fn: string, _ids: Int32Array): void {}
  /** Penalty on the layer's output (Keras `activity_regularizer`); the model applies it. */
  activityRegularizer: Regularizer | null = null;
  /**
   * Set by the model when it fuses this layer's final activation (softmax, sigmoid) into the loss:
   * forward then stops at the logits, and the model applies the activation for predictions.
   */
  fuseFinalActivation = false;
  protected ctx!: LayerContext;
  protected io!: LayerIO;

  constructor(fn: string, options: LayerOptions) {
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
      throw new ValidationError(fn, 'name', 'a non-empty string', options.name);
    }
    this.name = options.name ?? '';
    this.trainable = options.trainable ?? true;
    if (typeof this.trainable !== 'boolean') throw new ValidationError(fn, 'trainable', 'a boolean', options.trainable);
    if (options.inputShape !== undefined) {
      if (!Array.isArray(options.inputShape) || options.inputShape.length === 0) {
        throw new ValidationError(fn, 'inputShape', 'a non-empty array of integers >= 1', options.inputShape);
      }
      options.inputShape.forEach((d, i) => checkInt(fn, `inputShape[${i}]`, d, 1));
      this.inputShape = Object.freeze([...options.inputShape]);
    } else this.inputShape = null;
  }

  /** Per-sample output shape for a per-sample input shape; throws a ShapeError if it does not fit. */
  abstract computeOutputShape(inputShape: readonly number[]): number[];

  /** Records the shapes; called once by the model. */
  build(inputShape: readonly number[]): readonly number[] {
    this.inShape = Object.freeze([...inputShape]);
    this.outShape = Object.freeze(this.computeOutputShape(inputShape));
    return this.outShape;
  }

  /** Parameters, after build (Keras weight order). */
  params(): ParamSpec[] {
    return [];
  }

  /** Scratch buffers, after build. */
  scratch(): ScratchSpec[] {
    return [];
  }

  bind(ctx: LayerContext, io: LayerIO): void {
    this.ctx = ctx;
    this.io = io;
  }

  /** The activation this layer applies last, which the model may fuse into the loss; null if none. */
  finalActivation(): ActivationSpec | null {
    return null;
  }

  /** Seeds the layer's in-wasm random stream (stochastic layers; called when fit starts). */
  seed(_seed: number): void {}

  /** Computes y from x for `batch` samples. */
  abstract forward(batch: number, training: boolean): void;

  /** Writes dx (if io.dx) and adds parameter gradients, from dy. */
  abstract backward(batch: number): void;

  /** The arguments that recreate this layer (save/load, summary). */
  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}) };
  }

  /** Floats per sample of the output. */
  get outSize(): number {
    return product(this.outShape);
  }
  get inSize(): number {
    return product(this.inShape);
  }
}

/** A plain loop: the sizes are read every training step, and reduce with an arrow function
 *  allocated a closure per call (measured: about 110 bytes per step of a two-layer model). */
function product(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Copies n floats from byte offset `from` to `to` inside wasm memory (a native memmove; no allocation). */
export function copyF32(ctx: LayerContext, from: number, to: number, n: number): void {
  if (from !== to) ctx.k.copyF32(from, to, n); // wasm memory.copy: fast on shared memory too (bindings/memory.ts)
}

/** Zeroes n floats at byte offset `ptr`. */
export function zeroF32(ctx: LayerContext, ptr: number, n: number): void {
  ctx.k.fillF32(ptr, n, 0);
}
