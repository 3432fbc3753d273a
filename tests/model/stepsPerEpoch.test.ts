// fit({stepsPerEpoch}) on arrays, as Keras 3's EpochIterator over an ArrayDataAdapter
// (keras/src/trainers/epoch_iterator.py): a pass over the data spans epochs; a pass used up
// mid-epoch ends that epoch early with one warning; the next epoch starts a new shuffled pass;
// batchSize defaults to ceil(n / stepsPerEpoch).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, sgd, tensor, Rng, type TrainingParams } from '../../src/index.js';
import { ArrayEpochs, arrayBatchSize } from '../../src/model/arrayEpochs.js';
import { rejectsNamed } from '../helpers.js';
import { blobs } from './synthetic.js';

/** Batch starts per epoch, the pass order seen at each epoch, and the warnings printed. */
function run(n: number, bs: number, steps: number | null, epochs: number, shuffle = false) {
  const feed = new ArrayEpochs(n, bs, steps, shuffle, new Rng(1));
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => void warnings.push(m);
  const starts: number[][] = [];
  const orders: number[][] = [];
  try {
    for (let e = 0; e < epochs; e++) {
      feed.beginEpoch();
      orders.push(Array.from(feed.idx));
      const s: number[] = [];
      for (let ran = 0, st; (st = feed.next(ran)) >= 0; ran++) s.push(st);
      starts.push(s);
    }
  } finally {
    console.warn = warn;
  }
  return { starts, orders, warnings };
}

test('epoch iterator: passes span epochs, a pass used up mid-epoch ends the epoch (warned once)', () => {
  // n = 10, batchSize 4: 3 batches per pass, starting at 0, 4, 8.
  assert.equal(run(10, 4, null, 2).starts, [[0, 4, 8], [0, 4, 8]]);
  const exact = run(10, 4, 3, 3);
  assert.equal([exact.starts, exact.warnings.length], [[[0, 4, 8], [0, 4, 8], [0, 4, 8]], 0]);
  const short = run(10, 4, 2, 4);
  assert.equal(short.starts, [[0, 4], [8], [0, 4], [8]]);
  assert.is(short.warnings.length, 1);
  assert.match(short.warnings[0], 'ran out of data after 1 of stepsPerEpoch = 2');
  const long = run(10, 4, 5, 3);
  assert.equal([long.starts, long.warnings.length], [[[0, 4, 8], [0, 4, 8], [0, 4, 8]], 1]);
  // Shuffled: epochs 1 and 2 share a pass (same order), epoch 3 gets a new permutation.
  const sh = run(12, 2, 3, 3, true);
  assert.equal(sh.orders[1], sh.orders[0]);
  assert.not.equal(sh.orders[2], sh.orders[0]);
  assert.equal([...sh.orders[2]].sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
  assert.equal(sh.starts, [[0, 2, 4], [6, 8, 10], [0, 2, 4]]);
});

test('batch size: given, else ceil(n / stepsPerEpoch) with stepsPerEpoch, else 32 (Keras ArrayDataAdapter)', () => {
  assert.equal([arrayBatchSize(10, 8, 3), arrayBatchSize(10, undefined, 3), arrayBatchSize(10, undefined, null), arrayBatchSize(7, undefined, 7)], [8, 4, 32, 1]);
});

function model() {
  const m = sequential({ seed: 2, layers: [dense({ units: 5, activation: 'tanh', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: sgd({ learningRate: 0.1, momentum: 0.5 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

test('fit: two epochs of stepsPerEpoch 2 over a 4-batch pass train exactly like one plain epoch (bitwise)', async () => {
  await ready();
  const { x, labels } = blobs(16, 3, 4, 3);
  const y = tensor(labels, [16]);
  const a = model();
  await a.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0, seed: 7 });
  const b = model();
  const params: TrainingParams[] = [];
  const batches: number[] = [];
  const h = await b.fit(x, y, {
    epochs: 2, stepsPerEpoch: 2, batchSize: 4, verbose: 0, seed: 7,
    callbacks: [{ setParams: (p) => void params.push(p), onBatchBegin: (i) => void batches.push(i) }],
  });
  assert.equal(b.getWeights(), a.getWeights());
  assert.equal([h.history.loss.length, batches, params[0].steps], [2, [0, 1, 0, 1], 2]);
  // stepsPerEpoch = batches per pass: identical to no stepsPerEpoch over several epochs.
  const c = model(), d = model();
  await c.fit(x, y, { epochs: 3, batchSize: 5, verbose: 0, seed: 9 });
  await d.fit(x, y, { epochs: 3, batchSize: 5, stepsPerEpoch: 4, verbose: 0, seed: 9 });
  assert.equal(d.getWeights(), c.getWeights());
  [a, b, c, d].forEach((m) => m.dispose());
});

test('fit: without batchSize, stepsPerEpoch sets it to ceil(n / stepsPerEpoch)', async () => {
  await ready();
  const { x, labels } = blobs(10, 3, 4, 4);
  const m = model();
  let params: TrainingParams | null = null;
  let batches = 0;
  await m.fit(x, tensor(labels, [10]), { epochs: 2, stepsPerEpoch: 3, verbose: 0, seed: 1, callbacks: [{ setParams: (p) => void (params = p), onBatchEnd: () => void batches++ }] });
  assert.equal([params!.batchSize, params!.steps, batches], [4, 3, 6]);
  m.dispose();
});

test('bad stepsPerEpoch: typed errors', async () => {
  await ready();
  const { x, labels } = blobs(8, 3, 4, 5);
  const y = tensor(labels, [8]);
  const m = model();
  await rejectsNamed([
    [() => m.fit(x, y, { stepsPerEpoch: 0, verbose: 0 }), 'fit', 'stepsPerEpoch'],
    [() => m.fit(x, y, { stepsPerEpoch: 1.5, verbose: 0 }), 'fit', 'stepsPerEpoch'],
    [() => m.fit(x, y, { stepsPerEpoch: '2' as unknown as number, verbose: 0 }), 'fit', 'stepsPerEpoch'],
  ]);
  m.dispose();
});

test.run();
