// fitDataset, learning-rate schedules and settable rates, gradient clipping and weight decay, all
// checked against what Keras 3 defines, using plain SGD where the update is w -= lr * g exactly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, sgd, tensor, ValidationError, SimdnetError, type Batch, type Sequential, type Optimizer } from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { blobs } from './synthetic.js';

const data = blobs(48, 3, 4, 17);
const Y = tensor(data.labels, [48]);

function make(optimizer: Optimizer): Sequential {
  const m = sequential({ seed: 9, layers: [dense({ units: 6, activation: 'tanh', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  return m;
}

/** The full-batch gradient, per weight, at the model's initial weights. */
async function gradient(): Promise<Float32Array[]> {
  const m = make(sgd({ learningRate: 0 }));
  await m.fit(data.x, Y, { batchSize: 48, shuffle: false, verbose: 0 });
  const e = m.engineFor('test');
  const heap = e.heap();
  const g = e.layout.entries.map((en) => heap.slice((e.grads >>> 2) + en.offset, (e.grads >>> 2) + en.offset + en.size));
  m.dispose();
  return g;
}

/** Weights after one full-batch step with `optimizer`. */
async function stepWith(optimizer: Optimizer): Promise<{ w0: Float32Array[]; w1: Float32Array[] }> {
  const m = make(optimizer);
  const w0 = m.getWeights();
  await m.fit(data.x, Y, { batchSize: 48, shuffle: false, verbose: 0 });
  const w1 = m.getWeights();
  m.dispose();
  return { w0, w1 };
}

const norm = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

test('globalClipnorm, clipnorm, clipvalue and weightDecay give the Keras SGD update', async () => {
  await ready();
  const g = await gradient();
  const global = Math.sqrt(g.reduce((s, a) => s + norm(a) ** 2, 0));
  const lr = 0.5;
  const expect = async (opt: Optimizer, update: (g: number, w: number, i: number, k: number) => number, label: string) => {
    const { w0, w1 } = await stepWith(opt);
    w1.forEach((w, k) => assertClose(w, w0[k].map((v, i) => v - update(g[k][i], v, i, k)), { rtol: 1e-5, atol: 1e-7, label: `${label} weight ${k}` }));
  };
  await expect(sgd({ learningRate: lr }), (gi) => lr * gi, 'plain');
  await expect(sgd({ learningRate: lr, globalClipnorm: global / 4 }), (gi) => (lr * gi) / 4, 'globalClipnorm');
  const clip = norm(g[0]) / 2; // clips the first kernel by 2, leaves the small bias gradients alone
  assert.ok(norm(g[1]) < clip && norm(g[3]) < clip);
  await expect(sgd({ learningRate: lr, clipnorm: clip }), (gi, _w, _i, k) => lr * gi * Math.min(1, clip / norm(g[k])), 'clipnorm');
  const cv = 0.01;
  await expect(sgd({ learningRate: lr, clipvalue: cv }), (gi) => lr * Math.max(-cv, Math.min(cv, gi)), 'clipvalue');
  // Keras: clipvalue is ignored when a norm clipping is set.
  await expect(sgd({ learningRate: lr, clipvalue: cv, globalClipnorm: global / 4 }), (gi) => (lr * gi) / 4, 'precedence');
  await expect(sgd({ learningRate: lr, weightDecay: 0.1 }), (gi, w) => lr * 0.1 * w + lr * gi, 'weightDecay');
});

test('a schedule is evaluated at the number of updates so far; a constant rate is settable', async () => {
  await ready();
  const seen: number[] = [];
  const schedule = (step: number) => {
    seen.push(step);
    return 0.2 * 0.5 ** step;
  };
  const a = make(sgd({ learningRate: schedule }));
  await a.fit(data.x, Y, { batchSize: 16, epochs: 1, shuffle: false, verbose: 0 });
  assert.equal(seen, [0, 1, 2]);
  assert.is(a.learningRate, 0.2 * 0.5 ** 3);
  assert.throws(() => (a.learningRate = 0.1), (e: SimdnetError) => e.code === 'ERR_STATE');
  // Plain SGD is stateless: three fits of one batch each at 0.2, 0.1, 0.05 give the same weights.
  const b = make(sgd({ learningRate: 0.2 }));
  for (let i = 0; i < 3; i++) {
    const xs = tensor(data.x.data.slice(i * 64, (i + 1) * 64), [16, 4]);
    await b.fit(xs, tensor(data.labels.slice(i * 16, (i + 1) * 16), [16]), { batchSize: 16, shuffle: false, verbose: 0 });
    b.learningRate = b.learningRate / 2;
  }
  assert.equal(b.getWeights(), a.getWeights());
  a.dispose();
  b.dispose();
});

function batches(n: number): Batch[] {
  const out: Batch[] = [];
  for (let s = 0; s < 48; s += n) {
    const e = Math.min(48, s + n);
    out.push({ xs: tensor(data.x.data.slice(s * 4, e * 4), [e - s, 4]), ys: tensor(data.labels.slice(s, e), [e - s]) });
  }
  return out;
}

test('fitDataset on the same batches equals fit without shuffling; evaluateDataset equals evaluate', async () => {
  await ready();
  const a = make(sgd({ learningRate: 0.1, momentum: 0.9 }));
  const b = make(sgd({ learningRate: 0.1, momentum: 0.9 }));
  const ha = await a.fit(data.x, Y, { batchSize: 10, epochs: 3, shuffle: false, verbose: 0 });
  const hb = await b.fitDataset(batches(10), { epochs: 3, verbose: 0 });
  assert.equal(hb.history.loss, ha.history.loss);
  assert.equal(b.getWeights(), a.getWeights());
  assert.equal(await b.evaluateDataset(batches(32)), a.evaluate(data.x, Y, { batchSize: 32 }));
  a.dispose();
  b.dispose();
});

test('fitDataset: an async one-shot generator fails clearly in its second epoch', async () => {
  await ready();
  const m = make('adam' as never);
  async function* once() {
    for (const b of batches(16)) yield b;
  }
  await m.fitDataset(once(), { epochs: 2, verbose: 0 }).then(
    () => assert.unreachable(),
    (e) => {
      assert.instance(e, ValidationError);
      assert.is(e.arg, 'dataset');
      assert.match(e.message, /epoch 2/);
    },
  );
  m.dispose();
});

test.run();
