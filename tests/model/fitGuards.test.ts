// Regression tests of issue 18 items 1, 2 and 4: what fit must do when a user does what Keras
// allows (fitDataset on a fresh model with dropout), when a step overflows, and when fit calls
// overlap or the model is disposed mid-fit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, gaussianNoise, batchNormalization, rmsprop, tensor, terminateOnNaN, NonFiniteError, SimdnetError, type Batch } from '../../src/index.js';
import { blobs } from './synthetic.js';
import { guardModel, regression, weightsAfter } from './guardSetup.js';

function* batches(x: Float32Array, labels: Int32Array, n: number, bs: number): Generator<Batch> {
  for (let s = 0; s < n; s += bs) {
    const k = Math.min(bs, n - s);
    yield { xs: tensor(x.subarray(s * 4, (s + k) * 4), [k, 4]), ys: tensor(labels.subarray(s, s + k), [k]) };
  }
}

test('item 1: fitDataset on a freshly compiled model with dropout and noise layers trains (seeded: repeatable)', async () => {
  await ready();
  const { x, labels } = blobs(96, 3, 4, 3);
  const run = async () => {
    const m = sequential({ seed: 1, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.3 }), gaussianNoise({ stddev: 0.1 }), dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const ds = { [Symbol.iterator]: () => batches(x.data, Int32Array.from(labels), 96, 32) };
    const h = await m.fitDataset(ds, { epochs: 2, verbose: 0, seed: 7 });
    const w = m.getWeights();
    m.dispose();
    return { loss: h.history.loss, w };
  };
  const a = await run();
  const b = await run();
  assert.is(a.loss.length, 2);
  assert.ok(a.loss.every(Number.isFinite), `losses ${a.loss}`);
  assert.equal(a.loss, b.loss, 'same seeds, same losses');
  assert.equal(a.w, b.w, 'same seeds, same weights');
});

test('item 1: fitDataset without an inputShape (peeked first batch) and dropout trains', async () => {
  await ready();
  const { x, labels } = blobs(64, 3, 4, 4);
  const m = sequential({ seed: 1, layers: [dense({ units: 8, activation: 'relu' }), dropout({ rate: 0.2, seed: 5 }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const ds = { [Symbol.iterator]: () => batches(x.data, Int32Array.from(labels), 64, 16) };
  const h = await m.fitDataset(ds, { epochs: 1, verbose: 0 });
  assert.ok(Number.isFinite(h.history.loss[0]));
  m.dispose();
});

const exploding = guardModel(() => rmsprop({ learningRate: 1e38 }), false);

test('item 2: an update that overflows the weights is undone: NonFiniteError, weights finite and as before that step', async () => {
  await ready();
  const { x, y } = regression(64);
  const m = exploding();
  const before = m.getWeights();
  let err: unknown = null;
  await m.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0, seed: 1 }).catch((e) => (err = e));
  assert.instance(err, NonFiniteError);
  const e = err as NonFiniteError;
  assert.is(e.code, 'ERR_NON_FINITE');
  const w = m.getWeights();
  assert.ok(w.every((a) => a.every(Number.isFinite)), 'every weight finite after the error');
  const at = /epoch 1, batch (\d+)/.exec(e.message);
  assert.ok(at, e.message);
  const bad = Number(at![1]);
  assert.match(e.message, /would have made \d+ of 193 weights non-finite/);
  // Truthful: the model is exactly as after the last good step (batch bad - 1), or as before fit.
  assert.equal(w, bad === 0 ? before : await weightsAfter(exploding, bad, x, y));
  assert.match(e.message, bad === 0 ? /as at the start of this fit/ : new RegExp(`as after epoch 1, batch ${bad - 1}, the last good step`));
  assert.is(m.optimizer().iterations, bad, 'the undone step is not counted');
  m.dispose();
});

test('item 2: terminateOnNaN stops on an overflowing update too, with finite weights equal to the last good step', async () => {
  await ready();
  const { x, y } = regression(64);
  const m = exploding();
  const lines: string[] = [];
  const t = terminateOnNaN({ print: (l) => lines.push(l) });
  await m.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0, seed: 1, callbacks: [t] });
  assert.ok(t.stoppedAt, 'stopped');
  assert.match(lines[0], /would have made weights non-finite/);
  const w = m.getWeights();
  assert.ok(w.every((a) => a.every(Number.isFinite)));
  assert.equal(w, await weightsAfter(exploding, t.stoppedAt!.batch, x, y));
  m.dispose();
});

test('item 2: a NaN loss with batch norm restores the moving statistics the forward pass had moved', async () => {
  await ready();
  const { x, labels } = blobs(32, 3, 4, 21);
  x.data[20 * 4 + 1] = NaN; // batch 1 of 2
  const m = sequential({ seed: 1, layers: [dense({ units: 8, inputShape: [4] }), batchNormalization(), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const stop = terminateOnNaN({ print: () => {} });
  await m.fit(x, tensor(Int32Array.from(labels), [32]), { epochs: 1, batchSize: 16, shuffle: false, verbose: 0, checkFinite: false, callbacks: [stop] });
  assert.equal(stop.stoppedAt?.batch, 1);
  assert.ok(m.getWeights().every((a) => a.every(Number.isFinite)), 'moving mean and variance finite');
  m.dispose();
});

test('item 4: a second fit while one is running is refused with ERR_STATE; the first is unaffected', async () => {
  await ready();
  const { x, labels } = blobs(64, 3, 4, 5);
  const y = tensor(Int32Array.from(labels), [64]);
  const make = () => {
    const m = sequential({ seed: 2, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    return m;
  };
  const alone = make();
  const ref = await alone.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 4 });
  alone.dispose();
  const m = make();
  const tick = { onBatchEnd: () => new Promise<void>((r) => setTimeout(r, 0)) }; // yields between batches
  const [first, second, third] = await Promise.allSettled([
    m.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 4, callbacks: [tick] }),
    m.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 4 }),
    m.fitDataset([{ xs: x, ys: y }], { epochs: 1, verbose: 0 }),
  ]);
  assert.is(first.status, 'fulfilled');
  assert.equal((first as PromiseFulfilledResult<any>).value.history, ref.history, 'the first fit ran alone');
  for (const r of [second, third]) {
    assert.is(r.status, 'rejected');
    const e = (r as PromiseRejectedResult).reason;
    assert.instance(e, SimdnetError);
    assert.is(e.code, 'ERR_STATE');
    assert.match(e.message, /already training \(a fit call has not finished\)/);
  }
  await m.fit(x, y, { epochs: 1, verbose: 0 }); // free again afterwards
  m.dispose();
});

test('item 4: dispose() during fit gives ERR_DISPOSED at the next batch (arrays and datasets)', async () => {
  await ready();
  const { x, labels } = blobs(64, 3, 4, 6);
  const y = tensor(Int32Array.from(labels), [64]);
  for (const kind of ['fit', 'fitDataset', 'asyncBegin'] as const) {
    const m = sequential({ seed: 2, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.1 }), dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    let batches = 0;
    const killer =
      kind === 'asyncBegin'
        ? { onBatchBegin: async (b: number) => { batches++; if (b === 1) { await null; m.dispose(); } } }
        : { onBatchEnd: async (b: number) => { batches++; if (b === 1) m.dispose(); } };
    const run = kind === 'fitDataset' ? m.fitDataset({ [Symbol.iterator]: () => batches16(x.data, labels) }, { epochs: 2, verbose: 0, callbacks: [killer] }) : m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, callbacks: [killer] });
    const e = await run.then(() => null, (err) => err);
    assert.instance(e, SimdnetError, kind);
    assert.is(e.code, 'ERR_DISPOSED', `${kind}: ${e}`);
    // disposed in batch 1's onBatchEnd: refused before batch 2; in its (async) onBatchBegin: before batch 1 trains
    assert.match(e.message, new RegExp(`disposed during training \\(before epoch 1, batch ${kind === 'asyncBegin' ? 1 : 2}\\)`));
    assert.is(batches, 2, kind);
  }
});

function batches16(x: Float32Array, labels: ArrayLike<number>) {
  return batches(x, Int32Array.from(labels), 64, 16);
}

test.run();
