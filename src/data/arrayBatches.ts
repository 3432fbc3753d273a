// Mini-batches over in-memory tensors, as model.fit draws them: each call to `epoch()` yields the
// next epoch's batches, every sample exactly once, in a seeded Fisher-Yates order when shuffling
// (the same seed gives the same sequence of epoch orders), the last batch possibly smaller (Keras).
// Shuffled batches are gathered into two buffers allocated once, [batchSize, ...] for x and y, and
// overwritten by the next batch: consume (or copy) a batch before pulling the next. Unshuffled
// batches are views of the input, no copy.
import type { Batch } from './batch.js';
import type { Tensor } from '../tensor.js';
import { ShapeError } from '../errors.js';
import { Rng, randomSeed } from '../rng.js';
import { checkBool, checkInt } from '../validate.js';
import { rowSize, sliceRows } from './toTensor.js';

/** Options of `new ArrayBatches(x, y, options)`: batch size (default 32), shuffling and its seed. */
export interface ArrayBatchesOptions {
  batchSize?: number;
  /** Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling order. Default: from the clock. */
  seed?: number;
}

/**
 * Mini-batches over in-memory tensors, as model.fit draws them: each `epoch()` yields every sample once,
 * in a seeded shuffled order when shuffling; shuffled batches reuse two buffers, so consume a batch before
 * pulling the next.
 */
export class ArrayBatches {
  readonly batchSize: number;
  readonly samples: number;
  readonly steps: number;
  private readonly shuffle: boolean;
  private readonly rng: Rng;
  private readonly order: Int32Array;
  private readonly xBuf: Float32Array;
  private readonly yBuf: Float32Array | Int32Array;

  constructor(private readonly x: Tensor<Float32Array>, private readonly y: Tensor, options: ArrayBatchesOptions = {}) {
    const fn = 'arrayBatches';
    this.samples = x.shape[0];
    if (y.shape[0] !== this.samples) throw new ShapeError(fn, 'y', `as many samples as x (${this.samples})`, y.shape[0]);
    this.batchSize = checkInt(fn, 'batchSize', options.batchSize ?? 32, 1);
    this.shuffle = checkBool(fn, 'shuffle', options.shuffle ?? true);
    this.rng = new Rng(options.seed ?? randomSeed());
    this.steps = Math.ceil(this.samples / this.batchSize);
    this.order = new Int32Array(this.samples).map((_, i) => i);
    const b = Math.min(this.batchSize, this.samples);
    this.xBuf = new Float32Array(this.shuffle ? b * rowSize(x) : 0);
    this.yBuf = y.data instanceof Int32Array ? new Int32Array(this.shuffle ? b * rowSize(y) : 0) : new Float32Array(this.shuffle ? b * rowSize(y) : 0);
  }

  /** The sample order of the next epoch (a fresh permutation when shuffling). */
  nextOrder(): Int32Array {
    if (this.shuffle) this.rng.shuffle(this.order);
    return this.order;
  }

  *epoch(): Generator<Batch> {
    const order = this.nextOrder();
    for (let start = 0; start < this.samples; start += this.batchSize) {
      const end = Math.min(start + this.batchSize, this.samples);
      if (!this.shuffle) {
        yield { xs: sliceRows(this.x, start, end), ys: sliceRows(this.y, start, end) };
        continue;
      }
      yield {
        xs: gather(this.x, order, start, end, this.xBuf) as Tensor<Float32Array>,
        ys: gather(this.y, order, start, end, this.yBuf),
      };
    }
  }
}

/** Copies rows order[start..end) of t into buf; returns a tensor view of the filled part. */
function gather(t: Tensor, order: Int32Array, start: number, end: number, buf: Float32Array | Int32Array): Tensor {
  const r = rowSize(t);
  const src = t.data;
  for (let k = start; k < end; k++) {
    const i = order[k];
    buf.set(src.subarray(i * r, i * r + r), (k - start) * r);
  }
  return { data: buf.subarray(0, (end - start) * r), shape: [end - start, ...t.shape.slice(1)] };
}

/** Seeded, deterministic mini-batches of x and y. */
export function arrayBatches(x: Tensor<Float32Array>, y: Tensor, options: ArrayBatchesOptions = {}): ArrayBatches {
  return new ArrayBatches(x, y, options);
}
