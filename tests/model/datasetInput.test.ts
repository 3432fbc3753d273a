// model.fit / evaluate / predict take a dataset as x, as Keras 3 does (issue 18 item 5):
// `model.fit(gen.flow(x, y), { epochs })` trains exactly as fitDataset on the same batches.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, tensor, imageDataGenerator, ValidationError, type Batch, type Tensor } from '../../src/index.js';
import { blobs } from './synthetic.js';

function model() {
  const m = sequential({ seed: 3, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.1 }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

const { x, labels } = blobs(96, 3, 4, 11);
const y = tensor(Int32Array.from(labels), [96]);
function batchList(bs: number): Batch[] {
  const out: Batch[] = [];
  for (let s = 0; s < 96; s += bs) {
    const k = Math.min(bs, 96 - s);
    out.push({ xs: tensor(x.data.slice(s * 4, (s + k) * 4), [k, 4]), ys: tensor(Int32Array.from(labels.slice(s, s + k)), [k]) });
  }
  return out;
}

test('fit(dataset, options) trains as fitDataset(dataset, options): same losses and weights; fit(ds, undefined, options) too', async () => {
  await ready();
  const ds = batchList(16);
  const a = model();
  const ha = await a.fitDataset(ds, { epochs: 3, verbose: 0, seed: 5 });
  const b = model();
  const hb = await b.fit(ds, { epochs: 3, verbose: 0, seed: 5 });
  const c = model();
  const hc = await c.fit(ds, undefined, { epochs: 3, verbose: 0, seed: 5 });
  assert.equal(hb.history, ha.history);
  assert.equal(hc.history, ha.history);
  assert.equal(b.getWeights(), a.getWeights());
  for (const m of [a, b, c]) m.dispose();
});

test('fit(gen.flow(x, y)) as the Keras guide; async generators; evaluate and predict on datasets', async () => {
  await ready();
  const imgs = blobs(40, 2, 16, 2);
  const gen = imageDataGenerator({ horizontalFlip: true, seed: 3 });
  const flowX = tensor(imgs.x.data, [40, 4, 4, 1]);
  const m2 = sequential({ seed: 1, layers: [dense({ units: 1, inputShape: [4, 4, 1] })] });
  m2.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const h2 = await m2.fit(gen.flow(flowX, tensor(new Float32Array(40 * 16), [40, 4, 4, 1]), { batchSize: 16, seed: 2 }), { epochs: 2, verbose: 0 });
  assert.is(h2.history.loss.length, 2);
  assert.ok(h2.history.loss.every(Number.isFinite));
  m2.dispose();

  const m3 = model();
  async function* stream(): AsyncGenerator<Batch> {
    for (const b of batchList(32)) yield b;
  }
  const h3 = await m3.fit({ [Symbol.asyncIterator]: stream }, { epochs: 2, verbose: 0, seed: 1 });
  assert.is(h3.history.loss.length, 2);
  const evDs = await m3.evaluate(batchList(32));
  const evArr = m3.evaluate(x, y, { batchSize: 32 });
  assert.ok(Math.abs(evDs.loss - evArr.loss) < 1e-6, `${evDs.loss} vs ${evArr.loss}`);
  assert.ok(Math.abs(evDs.accuracy - evArr.accuracy) < 1e-9);
  const first = await m3.evaluate(batchList(32), { steps: 1 });
  const firstArr = m3.evaluate(tensor(x.data.slice(0, 128), [32, 4]), tensor(Int32Array.from(labels.slice(0, 32)), [32]));
  assert.ok(Math.abs(first.loss - firstArr.loss) < 1e-6);
  const pDs = await m3.predict(batchList(20));
  const pArr = m3.predict(x);
  assert.equal(pDs.shape, [96, 3]);
  assert.equal(Array.from(pDs.data), Array.from(pArr.data));
  const bare: Tensor[] = batchList(50).map((b) => b.xs);
  assert.equal(Array.from((await m3.predict(new Set(bare))).data), Array.from(pArr.data));
  m3.dispose();
});

test('a dataset with y, or with batchSize, is refused as in Keras', async () => {
  await ready();
  const m = model();
  const ds = batchList(32);
  for (const [run, arg] of [
    [() => m.fit(ds as never, y, { epochs: 1 }), 'y'],
    [() => m.fit(ds, { epochs: 1, batchSize: 8 } as never), 'batchSize'],
    [() => m.fit(ds, { epochs: 1, shuffle: true } as never), 'options'],
  ] as const) {
    const e = await run().catch((err) => err);
    assert.instance(e, ValidationError, arg);
  }
  assert.throws(() => m.predict(ds, { batchSize: 4 } as never), (e: any) => e instanceof ValidationError && e.arg === 'batchSize');
  m.dispose();
});

test.run();
