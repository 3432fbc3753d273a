// Embedding (Keras `Embedding`): integer token ids [batch, T] -> rows of a [inputDim, outputDim]
// table, [batch, T, outputDim]. Forward is a gather, backward a scatter-add into the rows the batch
// used (assembly/kernels/embedding.ts): its cost is proportional to the tokens in the batch, not to
// inputDim. The optimizer step then runs over the whole table, as Keras's does for a dense gradient
// (its Embedding gradient is an IndexedSlices that the optimizers densify, or apply per row with
// the same momentum decay for every row): rows not in the batch still move under momentum or Adam.
// Ids are checked against [0, inputDim) in TypeScript (checkIds, once per fit/predict) before any
// kernel sees them. maskZero makes id 0 padding: the layer writes a [batch, T] mask (1 = token,
// 0 = padding) that recurrent layers and global poolings use (src/model/mask.ts).
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type MaskBehavior, type ParamSpec, type ScratchSpec } from './layer.js';
import { getInitializer, serializeInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { ShapeError, ValidationError } from '../errors.js';
import { checkBool, checkInt, checkKeys } from '../validate.js';

/** Options of `embedding` (Keras 3 names and defaults). */
export interface EmbeddingOptions extends LayerOptions {
  /** Vocabulary size: ids lie in [0, inputDim) (required, >= 1). */
  inputDim: number;
  /** Width of each embedding vector (required, >= 1). */
  outputDim: number;
  /** Default 'uniform' (RandomUniform(-0.05, 0.05)), as Keras. */
  embeddingsInitializer?: InitializerIdentifier;
  /** Default none. */
  embeddingsRegularizer?: RegularizerIdentifier | null;
  /** Default false. True: id 0 is padding, masked for the layers downstream (inputDim must then count it). */
  maskZero?: boolean;
  /** Sequence length T, the same as inputShape: [T] (tfjs and Keras 2; Keras 3 dropped it). */
  inputLength?: number;
}

const KEYS = [...LAYER_OPTION_KEYS, 'inputDim', 'outputDim', 'embeddingsInitializer', 'embeddingsRegularizer', 'maskZero', 'inputLength'];

/**
 * The layer `embedding()` makes: maps Int32 token ids to rows of a trainable table; with `maskZero` id 0
 * is padding and masks later layers (Keras Embedding).
 */
export class Embedding extends Layer {
  readonly className = 'Embedding';
  override readonly inputDtype = 'int32';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: Initializer;
  readonly embeddingsRegularizer: Regularizer | null;
  readonly maskZero: boolean;

  constructor(options: EmbeddingOptions) {
    const fn = 'embedding';
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, KEYS);
    const inputLength = options.inputLength === undefined || options.inputLength === null ? undefined : checkInt(fn, 'inputLength', options.inputLength, 1);
    if (inputLength !== undefined && options.inputShape && (options.inputShape.length !== 1 || options.inputShape[0] !== inputLength)) {
      throw new ValidationError(fn, 'inputLength', `the same length as inputShape [${options.inputShape.join(', ')}]`, inputLength);
    }
    super(fn, inputLength !== undefined && !options.inputShape ? { ...options, inputShape: [inputLength] } : options);
    this.inputDim = checkInt(fn, 'inputDim', options.inputDim, 1);
    this.outputDim = checkInt(fn, 'outputDim', options.outputDim, 1);
    this.embeddingsInitializer = getInitializer(fn, 'embeddingsInitializer', options.embeddingsInitializer ?? 'uniform');
    this.embeddingsRegularizer = getRegularizer(fn, 'embeddingsRegularizer', options.embeddingsRegularizer);
    this.maskZero = checkBool(fn, 'maskZero', options.maskZero ?? false);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 1) throw new ShapeError(`embedding '${this.name}'`, 'inputShape', 'a sequence of token ids, [timesteps]', `[${inputShape.join(', ')}]`);
    return [inputShape[0], this.outputDim];
  }

  override params(): ParamSpec[] {
    return [{ name: 'embeddings', shape: [this.inputDim, this.outputDim], initializer: this.embeddingsInitializer, regularizer: this.embeddingsRegularizer, trainable: this.trainable }];
  }

  override scratch(): ScratchSpec[] {
    return [{ name: 'mask', perSample: this.maskZero ? this.inShape[0] : 0, fixed: 0 }];
  }

  override maskScratch(): number {
    return this.maskZero ? 0 : -1;
  }

  override maskBehavior(): MaskBehavior {
    return 'none';
  }

  /** Every id in [0, inputDim); the error names the sample (row), the position and the id. */
  override checkIds(fn: string, ids: Int32Array): void {
    const T = this.inShape[0];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id < 0 || id >= this.inputDim) {
        throw new ValidationError(fn, `x[${Math.floor(i / T)}][${i % T}]`, `a token id in [0, ${this.inputDim}) (embedding '${this.name}' inputDim)`, id);
      }
    }
  }

  forward(batch: number): void {
    const { x, y, p, s } = this.io;
    this.ctx.k.embeddingForward(x, p[0], y, this.maskZero ? s[0] : 0, batch * this.inShape[0], this.outputDim);
  }

  backward(batch: number): void {
    const { x, dy, g } = this.io;
    if (g[0]) this.ctx.k.embeddingBackward(x, dy, g[0], batch * this.inShape[0], this.outputDim);
  }

  override getConfig(): Record<string, unknown> {
    const r = this.embeddingsRegularizer;
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.embeddingsInitializer),
      embeddingsRegularizer: r ? { className: r.className, l1: r.l1, l2: r.l2 } : null,
      maskZero: this.maskZero,
    };
  }
}

/** Token ids to dense vectors (Keras `Embedding`). `embedding({inputDim: 10000, outputDim: 64, maskZero: true})`. */
export function embedding(options: EmbeddingOptions): Embedding {
  return new Embedding(options);
}
