// Streaming datasets for data larger than memory, in the style of tf.data / tfjs-data: a
// StreamDataset is a re-iterable async source (each `for await` starts a fresh pass, e.g. one epoch
// re-reading a file) with chainable stages:
//   dataset.fromGenerator(() => samples).shuffle(10_000, seed).batch(128).prefetch(2)
// A sample is { xs, ys }: xs a number array or Float32Array (or a Tensor for multi-dimensional
// samples), ys a number array (a target vector) or a single integer class label. `batch` stacks
// samples into the Batch contract model.fit consumes (xs Float32 [n, ...]; ys Float32 [n, k], or
// Int32 [n] for integer labels).
import type { Batch } from './batch.js';
import type { Tensor } from '../tensor.js';
import { ShapeError, ValidationError } from '../errors.js';
import { Rng, randomSeed } from '../rng.js';
import { checkBool, checkInt } from '../validate.js';

/**
 * One sample of a StreamDataset: inputs (numbers or a Tensor) and targets (a vector, or one integer class
 * label).
 */
export interface Sample {
  xs: ArrayLike<number> | Tensor;
  ys: ArrayLike<number> | number;
}

type Source<T> = () => AsyncIterable<T>;

/**
 * A re-iterable async dataset for data larger than memory (tf.data style): each `for await` is a fresh
 * pass, and `map`, `filter`, `shuffle`, `batch`, `prefetch` chain stages.
 */
export class StreamDataset<T> implements AsyncIterable<T> {
  constructor(private readonly source: Source<T>) {}

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.source()[Symbol.asyncIterator]();
  }

  map<U>(f: (value: T) => U | Promise<U>): StreamDataset<U> {
    const src = this;
    return new StreamDataset(async function* () {
      for await (const v of src) yield await f(v);
    });
  }

  filter(f: (value: T) => boolean): StreamDataset<T> {
    const src = this;
    return new StreamDataset(async function* () {
      for await (const v of src) if (f(v)) yield v;
    });
  }

  /** The first n elements of each pass. */
  take(n: number): StreamDataset<T> {
    checkInt('StreamDataset.take', 'n', n, 0);
    const src = this;
    return new StreamDataset(async function* () {
      if (n === 0) return;
      let i = 0;
      for await (const v of src) {
        yield v;
        if (++i >= n) return;
      }
    });
  }

  /**
   * Shuffles through a buffer of `bufferSize` elements (tf.data's algorithm): fill the buffer, then
   * emit a uniformly chosen buffered element and put the next input in its place; drain at the end.
   * A buffer as large as the data gives a uniform permutation. Each pass reshuffles, from a stream
   * of orders fixed by `seed` (pass reshuffleEachIteration false to repeat the same order).
   */
  shuffle(bufferSize: number, seed: number = randomSeed(), reshuffleEachIteration = true): StreamDataset<T> {
    checkInt('StreamDataset.shuffle', 'bufferSize', bufferSize, 1);
    checkBool('StreamDataset.shuffle', 'reshuffleEachIteration', reshuffleEachIteration);
    const master = new Rng(seed);
    const src = this;
    return new StreamDataset(async function* () {
      const rng = reshuffleEachIteration ? master.fork() : new Rng(seed);
      const buf: T[] = [];
      for await (const v of src) {
        if (buf.length < bufferSize) {
          buf.push(v);
          continue;
        }
        const i = rng.int(bufferSize);
        const out = buf[i];
        buf[i] = v;
        yield out;
      }
      while (buf.length > 0) {
        const i = rng.int(buf.length);
        const out = buf[i];
        buf[i] = buf[buf.length - 1];
        buf.pop();
        yield out;
      }
    });
  }

  /** Stacks consecutive samples into batches of `size` (the last one smaller unless dropRemainder). */
  batch(this: StreamDataset<Sample>, size: number, dropRemainder = false): StreamDataset<Batch> {
    checkInt('StreamDataset.batch', 'size', size, 1);
    const src = this;
    return new StreamDataset(async function* () {
      let group: Sample[] = [];
      for await (const s of src) {
        group.push(s);
        if (group.length === size) {
          yield stack(group);
          group = [];
        }
      }
      if (group.length > 0 && !dropRemainder) yield stack(group);
    });
  }

  /**
   * Keeps up to `count` elements requested ahead of the consumer, so that asynchronous upstream
   * work (file reads run on libuv's thread pool) overlaps with the consumer's computation.
   */
  prefetch(count: number): StreamDataset<T> {
    checkInt('StreamDataset.prefetch', 'count', count, 1);
    const src = this;
    return new StreamDataset(async function* () {
      const it = src[Symbol.asyncIterator]();
      const queue: Promise<IteratorResult<T>>[] = [];
      try {
        for (;;) {
          while (queue.length < count) queue.push(it.next());
          const r = await queue.shift()!;
          if (r.done) return;
          yield r.value;
        }
      } finally {
        for (const p of queue) p.catch(() => undefined);
        await it.return?.();
      }
    });
  }
}

/** A dataset whose every pass iterates what `generator()` returns (sync or async iterable). */
export function fromGenerator<T>(generator: () => Iterable<T> | AsyncIterable<T>): StreamDataset<T> {
  if (typeof generator !== 'function') throw new ValidationError('dataset.fromGenerator', 'generator', 'a function returning an iterable', generator, 'ERR_INVALID_TYPE');
  return new StreamDataset(async function* () {
    yield* generator();
  });
}

/** Pairs of elements of a and b, up to the shorter of the two. */
export function zip<A, B>(a: AsyncIterable<A>, b: AsyncIterable<B>): StreamDataset<[A, B]> {
  return new StreamDataset(async function* () {
    const ia = a[Symbol.asyncIterator]();
    const ib = b[Symbol.asyncIterator]();
    try {
      for (;;) {
        const [ra, rb] = await Promise.all([ia.next(), ib.next()]);
        if (ra.done || rb.done) return;
        yield [ra.value, rb.value] as [A, B];
      }
    } finally {
      await Promise.all([ia.return?.(), ib.return?.()]);
    }
  });
}

/** Stacks samples into one Batch; every sample must have the same xs and ys sizes. */
export function stack(samples: Sample[]): Batch {
  const fn = 'StreamDataset.batch';
  const n = samples.length;
  const first = samples[0];
  const xShape = isTensor(first.xs) ? [...first.xs.shape] : [first.xs.length];
  const xLen = xShape.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(n * xLen);
  const labels = typeof first.ys === 'number';
  const yLen = labels ? 1 : (first.ys as ArrayLike<number>).length;
  const ys = labels ? new Int32Array(n) : new Float32Array(n * yLen);
  for (let i = 0; i < n; i++) {
    const s = samples[i];
    const x = isTensor(s.xs) ? s.xs.data : s.xs;
    if (x.length !== xLen) throw new ShapeError(fn, 'xs', `${xLen} values per sample (as the batch's first)`, x.length);
    xs.set(x, i * xLen);
    if (labels) {
      if (typeof s.ys !== 'number' || !Number.isInteger(s.ys)) throw new ValidationError(fn, 'ys', 'an integer class label (as the batch\'s first)', s.ys);
      ys[i] = s.ys;
    } else {
      const y = s.ys as ArrayLike<number>;
      if (typeof y === 'number' || y.length !== yLen) throw new ShapeError(fn, 'ys', `${yLen} values per sample (as the batch's first)`, y);
      ys.set(y, i * yLen);
    }
  }
  return { xs: { data: xs, shape: [n, ...xShape] }, ys: { data: ys, shape: labels ? [n] : [n, yLen] } };
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && 'shape' in v && 'data' in v;
}
