// In-memory batching: every sample exactly once per epoch, seeded order, last batch smaller,
// views without shuffling; Keras's validation split takes the last fraction.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { arrayBatches, validationSplit, toTensor, oneHot } from '../../src/data/index.js';
import { tensor, type Tensor } from '../../src/tensor.js';
import { ShapeError, ValidationError } from '../../src/errors.js';

/** x row i = [i, i + 0.5, -i]; y = i (Int32). */
function data(n: number): { x: Tensor<Float32Array>; y: Tensor<Int32Array> } {
  const x = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) x.set([i, i + 0.5, -i], i * 3);
  return { x: tensor(x, [n, 3]), y: tensor(Int32Array.from({ length: n }, (_, i) => i), [n]) };
}

function epochIds(b: ReturnType<typeof arrayBatches>): { ids: number[]; sizes: number[] } {
  const ids: number[] = [];
  const sizes: number[] = [];
  for (const batch of b.epoch()) {
    sizes.push(batch.xs.shape[0]);
    assert.equal(batch.xs.shape.slice(1), [3]);
    for (let r = 0; r < batch.xs.shape[0]; r++) {
      const id = batch.ys.data[r];
      assert.equal([...batch.xs.data.subarray(r * 3, r * 3 + 3)], [id, id + 0.5, -id], 'x row travels with its y');
      ids.push(id);
    }
  }
  return { ids, sizes };
}

test('every sample exactly once per epoch, for awkward sizes and batch sizes', () => {
  for (const n of [1, 2, 31, 32, 33, 127, 129, 1000]) {
    for (const batchSize of [1, 7, 32, 128]) {
      const { x, y } = data(n);
      const b = arrayBatches(x, y, { batchSize, seed: n + batchSize });
      assert.is(b.steps, Math.ceil(n / batchSize));
      for (let epoch = 0; epoch < 2; epoch++) {
        const { ids, sizes } = epochIds(b);
        assert.equal([...ids].sort((p, q) => p - q), Array.from({ length: n }, (_, i) => i), `n=${n} batch=${batchSize}`);
        assert.equal(sizes.slice(0, -1).every((s) => s === batchSize), true);
        assert.is(sizes[sizes.length - 1], n - batchSize * (sizes.length - 1));
      }
    }
  }
});

test('same seed, same sequence of epoch orders; epochs differ; another seed differs', () => {
  const { x, y } = data(200);
  const a = arrayBatches(x, y, { batchSize: 16, seed: 42 });
  const b = arrayBatches(x, y, { batchSize: 16, seed: 42 });
  const c = arrayBatches(x, y, { batchSize: 16, seed: 43 });
  const a1 = epochIds(a).ids;
  const a2 = epochIds(a).ids;
  assert.equal(epochIds(b).ids, a1);
  assert.equal(epochIds(b).ids, a2);
  assert.not.equal(a1, a2);
  assert.not.equal(epochIds(c).ids, a1);
});

test('shuffle false: in order, batches are views of the input (no copy)', () => {
  const { x, y } = data(10);
  const b = arrayBatches(x, y, { batchSize: 4, shuffle: false });
  const batches = [...b.epoch()];
  assert.equal(batches.map((t) => [...t.ys.data]), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  assert.is(batches[1].xs.data.buffer, x.data.buffer);
  assert.throws(() => arrayBatches(x, tensor(new Int32Array(9), [9])), (e: unknown) => e instanceof ShapeError);
  assert.throws(() => arrayBatches(x, y, { batchSize: 0 }), (e: unknown) => e instanceof ValidationError && e.arg === 'batchSize');
});

test('validationSplit: the last fraction, floor(n * (1 - f)) training samples, views', () => {
  const { x, y } = data(10);
  const s = validationSplit(x, y, 0.25);
  assert.equal([...s.train.y.data], [0, 1, 2, 3, 4, 5, 6]);
  assert.equal([...s.validation.y.data], [7, 8, 9]);
  assert.equal(s.validation.x.shape, [3, 3]);
  assert.equal([...s.validation.x.data.subarray(0, 3)], [7, 7.5, -7]);
  assert.is(s.train.x.data.buffer, x.data.buffer);
  assert.equal(validationSplit(x, y, 0.1).validation.y.shape, [1]);
  assert.throws(() => validationSplit(x, y, 1e-17), (e: unknown) => e instanceof ValidationError && e.arg === 'fraction', 'split leaves nothing for validation');
  assert.throws(() => validationSplit(x, y, 0.95), (e: unknown) => e instanceof ValidationError && e.arg === 'fraction', 'split leaves nothing for training');
  assert.throws(() => validationSplit(x, y, 1), (e: unknown) => e instanceof ValidationError);
});

test('toTensor accepts tensors as is and nested arrays; oneHot', () => {
  const t = tensor(new Float32Array(4), [2, 2]);
  assert.is(toTensor('fit', 'x', t), t);
  const n = toTensor('fit', 'x', [[1, 2], [3, 4], [5, 6]]);
  assert.equal(n.shape, [3, 2]);
  assert.equal([...n.data], [1, 2, 3, 4, 5, 6]);
  assert.throws(() => toTensor('fit', 'x', [[1, 2], [3]]), (e: unknown) => e instanceof ShapeError);
  const h = oneHot(new Int32Array([2, 0, 1]), 3);
  assert.equal(h.shape, [3, 3]);
  assert.equal([...h.data], [0, 0, 1, 1, 0, 0, 0, 1, 0]);
  assert.throws(() => oneHot([3], 3), (e: unknown) => e instanceof ValidationError && e.arg === 'labels[0]');
});

test.run();
