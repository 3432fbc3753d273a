// fit's validation schedule (validationFreq, validationBatchSize, validationSteps: Keras 3
// Trainer.fit / _should_eval) and fitDataset's stepsPerEpoch (Keras 3 EpochIterator: one iterator
// across epochs). Epochs without validation carry no val_* logs, and earlyStopping on val_loss
// warns and skips them rather than counting them as epochs without improvement.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, sgd, tensor, earlyStopping, type Callback, type Logs, type Batch } from '../../src/index.js';
import { rejectsNamed } from '../helpers.js';
import { blobs } from './synthetic.js';

function model(lr = 0.05) {
  const m = sequential({ seed: 2, layers: [dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
  m.compile({ optimizer: sgd({ learningRate: lr }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

/** Records, per epoch, the log keys and whether val_loss equals evaluate() at that moment (bitwise). */
function recorder(m: ReturnType<typeof model>, xv: unknown, yv: unknown, batchSize: number) {
  const seen: { epoch: number; keys: string[]; same?: boolean }[] = [];
  const cb: Callback = {
    onEpochEnd(epoch: number, logs: Logs) {
      const rec: (typeof seen)[number] = { epoch, keys: Object.keys(logs).sort() };
      if ('val_loss' in logs) rec.same = logs.val_loss === m.evaluate(xv, yv, { batchSize }).loss;
      seen.push(rec);
    },
  };
  return { seen, cb };
}

test('validationFreq: an integer N validates after epochs N, 2N, ...; an array lists 1-based epochs', async () => {
  await ready();
  const { x, oneHot } = blobs(40, 3, 4, 1);
  const v = blobs(15, 3, 4, 2);
  for (const [freq, expected] of [[2, [1, 3]], [[1, 4, 5, 9], [0, 3, 4]], [1, [0, 1, 2, 3, 4]]] as const) {
    const m = model();
    const r = recorder(m, v.x, v.oneHot, 8); // validationBatchSize defaults to batchSize
    const h = await m.fit(x, oneHot, { epochs: 5, batchSize: 8, verbose: 0, seed: 3, validationData: [v.x, v.oneHot], validationFreq: freq as never, callbacks: [r.cb] });
    const validated = r.seen.filter((s) => s.same !== undefined).map((s) => s.epoch);
    assert.equal(validated, expected, `validationFreq ${JSON.stringify(freq)}`);
    assert.ok(r.seen.every((s) => s.same !== false), 'val_loss is evaluate() of that epoch');
    for (const s of r.seen) assert.equal(s.keys, s.same === undefined ? ['accuracy', 'loss'] : ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    assert.is(h.history.val_loss.length, expected.length);
    assert.is(h.history.loss.length, 5);
    m.dispose();
  }
});

test('validationBatchSize sets the validation batches (default: batchSize); validationSteps caps them', async () => {
  await ready();
  const { x, oneHot } = blobs(40, 3, 4, 4);
  const v = blobs(23, 3, 4, 5);
  for (const [opts, evalBatch] of [[{}, 8], [{ validationBatchSize: 5 }, 5]] as const) {
    const m = model();
    const r = recorder(m, v.x, v.oneHot, evalBatch);
    await m.fit(x, oneHot, { epochs: 2, batchSize: 8, verbose: 0, seed: 3, validationData: [v.x, v.oneHot], callbacks: [r.cb], ...opts });
    assert.ok(r.seen.every((s) => s.same === true), `${JSON.stringify(opts)}: ${JSON.stringify(r.seen)}`);
    m.dispose();
  }
  // validationSteps 2 with batches of 5: the first 10 validation samples, every time.
  const m = model();
  const h = await m.fit(x, oneHot, { epochs: 1, batchSize: 8, verbose: 0, seed: 3, validationData: [v.x, v.oneHot], validationBatchSize: 5, validationSteps: 2 });
  const first10 = m.evaluate(tensor(v.x.data.slice(0, 40), [10, 4]), tensor(v.oneHot.data.slice(0, 30), [10, 3]), { batchSize: 5 });
  assert.is(h.history.val_loss[0], first10.loss);
  m.dispose();
});

test('earlyStopping on val_loss with validationFreq 2: warns once, skips epochs without val_loss', async () => {
  await ready();
  const { x, oneHot } = blobs(24, 3, 4, 6);
  const m = model(0); // learning rate 0: val_loss never improves after its first value
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (msg: string) => warnings.push(msg);
  let h;
  try {
    h = await m.fit(x, oneHot, { epochs: 10, batchSize: 8, verbose: 0, validationData: [x, oneHot], validationFreq: 2, callbacks: [earlyStopping({ patience: 1 })] });
  } finally {
    console.warn = warn;
  }
  // First val_loss after epoch 2 (index 1), no improvement at epoch 4 (index 3): stop there. Had
  // the epochs without val_loss counted, patience 1 would have stopped at index 2.
  assert.equal(h.epoch, [0, 1, 2, 3]);
  assert.is(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0], "'val_loss'");
  m.dispose();
});

/** A re-iterable dataset of `count` batches of 4 samples that counts the iterators it opened and batches it gave. */
function counted(count: number) {
  const { x, oneHot } = blobs(4 * count, 3, 4, 7);
  const stats = { opened: 0, given: 0, closed: 0 };
  const dataset = {
    *[Symbol.iterator](): Generator<Batch> {
      stats.opened++;
      try {
        for (let i = 0; i < count; i++) {
          stats.given++;
          yield { xs: tensor(x.data.slice(16 * i, 16 * i + 16), [4, 4]), ys: tensor(oneHot.data.slice(12 * i, 12 * i + 12), [4, 3]) };
        }
      } finally {
        stats.closed++;
      }
    },
  };
  return { dataset, stats };
}

async function perEpochBatches(count: number, stepsPerEpoch: number, epochs: number, extra: Record<string, unknown> = {}) {
  const { dataset, stats } = counted(count);
  const m = model();
  const batches: number[] = [];
  let steps: number | null = -1;
  const cb: Callback = {
    setParams: (p) => (steps = p.steps),
    onEpochBegin: () => void batches.push(0),
    onBatchEnd: () => void batches[batches.length - 1]++,
  };
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (msg: string) => warnings.push(msg);
  try {
    await m.fitDataset(dataset, { epochs, stepsPerEpoch, verbose: 0, callbacks: [cb], ...extra });
  } finally {
    console.warn = warn;
    m.dispose();
  }
  return { batches, stats, warnings, steps };
}

test('fitDataset stepsPerEpoch: one iterator across epochs; running out ends the epoch early (warned once)', async () => {
  await ready();
  const a = await perEpochBatches(5, 2, 5);
  assert.equal(a.batches, [2, 2, 1, 2, 2]);
  assert.is(a.stats.opened, 2);
  assert.is(a.warnings.length, 1);
  assert.match(a.warnings[0], 'ran out of data');
  assert.is(a.steps, 2, 'params.steps');
  // Running out exactly at an epoch boundary restarts the dataset without a short epoch or warning.
  const b = await perEpochBatches(4, 2, 3);
  assert.equal(b.batches, [2, 2, 2]);
  assert.equal([b.stats.opened, b.warnings.length], [2, 0]);
  // The persisting iterator is closed when fit ends (the generator's finally ran).
  assert.is(b.stats.closed, b.stats.opened);
  // A dataset longer than the epochs need is never exhausted: one iterator, closed at the end.
  const c = await perEpochBatches(100, 3, 2);
  assert.equal([c.batches, c.stats.opened, c.stats.given, c.stats.closed], [[3, 3], 1, 6, 1]);
});

test('fitDataset validationSteps and validationFreq on a validation dataset', async () => {
  await ready();
  const v = counted(6);
  const r = await perEpochBatches(3, 3, 4, { validationData: v.dataset, validationSteps: 2, validationFreq: [2, 4] });
  assert.equal(r.batches, [3, 3, 3, 3]);
  // Two validations, each restarting the validation dataset and taking its first 2 batches.
  assert.equal([v.stats.opened, v.stats.given, v.stats.closed], [2, 4, 2]);
});

test('bad validation and step options: typed errors naming the argument, before training', async () => {
  await ready();
  const { x, oneHot } = blobs(8, 3, 4, 8);
  const m = model();
  const before = m.getWeights();
  const vd: [unknown, unknown] = [x, oneHot];
  await rejectsNamed([
    [() => m.fit(x, oneHot, { validationData: vd, validationFreq: 0, verbose: 0 }), 'fit', 'validationFreq'],
    [() => m.fit(x, oneHot, { validationData: vd, validationFreq: 1.5, verbose: 0 }), 'fit', 'validationFreq'],
    [() => m.fit(x, oneHot, { validationData: vd, validationFreq: [2, 0], verbose: 0 }), 'fit', 'validationFreq[1]'],
    [() => m.fit(x, oneHot, { validationData: vd, validationFreq: '2' as never, verbose: 0 }), 'fit', 'validationFreq'],
    [() => m.fit(x, oneHot, { validationData: vd, validationBatchSize: 0, verbose: 0 }), 'fit', 'validationBatchSize'],
    [() => m.fit(x, oneHot, { validationData: vd, validationSteps: 0, verbose: 0 }), 'fit', 'validationSteps'],
    [() => m.fit(x, oneHot, { stepsPerEpoch: -1, verbose: 0 }), 'fit', 'stepsPerEpoch'],
  ]);
  const ds = counted(2).dataset;
  await rejectsNamed([
    [() => m.fitDataset(ds, { stepsPerEpoch: 0, verbose: 0 }), 'fitDataset', 'stepsPerEpoch'],
    [() => m.fitDataset(ds, { validationData: ds, validationBatchSize: 4, verbose: 0 }), 'fitDataset', 'validationBatchSize'],
    [() => m.fitDataset(ds, { validationData: 42 as never, verbose: 0 }), 'fitDataset', 'validationData'],
  ]);
  m.getWeights().forEach((w, i) => assert.equal(w, before[i], 'no step ran'));
  m.dispose();
});

test.run();
