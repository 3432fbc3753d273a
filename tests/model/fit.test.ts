// model.fit end to end on small synthetic problems: learning, determinism, validation, evaluate,
// class weights and regularization as Keras defines them, and the callback plumbing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, batchNormalization, adam, sgd, rmsprop, l2, tensor, categoricalCrossentropy, type Callback } from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { blobs, xor } from './synthetic.js';

test('3-class blobs: dense-relu-dropout-softmax with adam reaches >= 97% (sparse labels)', async () => {
  await ready();
  const { x, labels } = blobs(600, 3, 4, 1);
  const m = sequential({ seed: 1, layers: [dense({ units: 16, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.1 }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const h = await m.fit(x, tensor(labels, [600]), { epochs: 15, batchSize: 32, verbose: 0, seed: 2 });
  const acc = h.history.accuracy;
  assert.ok(acc[acc.length - 1] >= 0.97, `accuracy ${acc}`);
  assert.ok(h.history.loss[14] < h.history.loss[0] / 3, `loss ${h.history.loss}`);
  const test = blobs(300, 3, 4, 99);
  const ev = m.evaluate(test.x, tensor(test.labels, [300]));
  assert.ok(ev.accuracy >= 0.97, `test accuracy ${ev.accuracy}`);
  m.dispose();
});

test('XOR with binaryCrossentropy (sigmoid fused) and batch norm: >= 95% accuracy at inference', async () => {
  await ready();
  const { x, y } = xor(512, 3);
  const m = sequential({ seed: 4, layers: [dense({ units: 32, activation: 'tanh', inputShape: [2] }), batchNormalization(), dense({ units: 1, activation: 'sigmoid' })] });
  m.compile({ optimizer: rmsprop({ learningRate: 0.01 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const h = await m.fit(x, y, { epochs: 40, batchSize: 32, verbose: 0, seed: 5 });
  // Training accuracy uses batch statistics of 32 samples (noisier); evaluate uses the moving ones.
  assert.ok(h.history.loss[39] < h.history.loss[0] / 2, `loss ${h.history.loss}`);
  const ev = m.evaluate(x, y);
  assert.ok(ev.accuracy >= 0.95, `accuracy ${ev.accuracy}`);
  const p = m.predict(x).data;
  assert.ok(p.every((v) => v >= 0 && v <= 1), 'predictions are probabilities');
  m.dispose();
});

test('regression with mse and mae metric: loss falls below 1e-3 on a linear target', async () => {
  await ready();
  const n = 256;
  const xs = new Float32Array(n * 3);
  const ys = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const a = Math.sin(i), b = Math.cos(3 * i), c = ((i * 7) % 11) / 11 - 0.5;
    xs.set([a, b, c], i * 3);
    ys.set([a - 2 * b + 0.5, 3 * c + 0.1], i * 2);
  }
  const m = sequential({ seed: 6, layers: [dense({ units: 2, inputShape: [3] })] });
  m.compile({ optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }), loss: 'meanSquaredError', metrics: ['mae'] });
  const h = await m.fit(tensor(xs, [n, 3]), tensor(ys, [n, 2]), { epochs: 30, batchSize: 16, verbose: 0, seed: 1 });
  assert.ok(h.history.loss[29] < 1e-3, `loss ${h.history.loss[29]}`);
  assert.ok(h.history.mae[29] < 0.03, `mae ${h.history.mae[29]}`);
  m.dispose();
});

async function run(seed: number, fitSeed: number) {
  const { x, oneHot } = blobs(200, 3, 4, 7);
  const m = sequential({ seed, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.3 }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const losses: number[] = [];
  const rec: Callback = { onBatchEnd: (_b, logs) => void losses.push(logs.loss) };
  await m.fit(x, oneHot, { epochs: 3, batchSize: 16, verbose: 0, seed: fitSeed, callbacks: [rec] });
  const w = m.getWeights();
  m.dispose();
  return { losses, w };
}

test('same seeds -> bit-identical losses and weights; another fit seed -> different losses', async () => {
  await ready();
  const a = await run(11, 12);
  const b = await run(11, 12);
  const c = await run(11, 13);
  assert.equal(a.losses, b.losses);
  assert.equal(a.w, b.w);
  assert.not.equal(a.losses, c.losses);
});

test('softmax + cross-entropy (fused) trains exactly like linear logits + fromLogits; predict differs only by the softmax', async () => {
  await ready();
  const { x, oneHot } = blobs(64, 3, 4, 13);
  const run = async (fused: boolean) => {
    const m = sequential({ seed: 21, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: fused ? 'softmax' : 'linear' })] });
    m.compile({ optimizer: 'adam', loss: fused ? 'categoricalCrossentropy' : categoricalCrossentropy({ fromLogits: true }), metrics: ['accuracy'] });
    const h = await m.fit(x, oneHot, { epochs: 3, batchSize: 16, verbose: 0, seed: 2 });
    const out = m.predict(x).data;
    const w = m.getWeights();
    m.dispose();
    return { h: h.history, out, w };
  };
  const a = await run(true);
  const b = await run(false);
  assert.equal(a.h, b.h);
  assert.equal(a.w, b.w);
  for (let r = 0; r < 64; r++) {
    const z = Array.from(b.out.subarray(r * 3, r * 3 + 3));
    const e = z.map((v) => Math.exp(v - Math.max(...z)));
    const sum = e.reduce((s, v) => s + v, 0);
    assertClose(a.out.subarray(r * 3, r * 3 + 3), e.map((v) => v / sum), { rtol: 1e-5, atol: 1e-7, label: `row ${r}` });
  }
});

test('validationSplit takes the last samples; val logs equal evaluate on them', async () => {
  await ready();
  const { x, labels } = blobs(100, 3, 4, 8);
  const m = sequential({ seed: 2, layers: [dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
  m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
  const h = await m.fit(x, tensor(labels, [100]), { epochs: 2, validationSplit: 0.2, verbose: 0, seed: 1 });
  assert.equal(Object.keys(h.history).sort(), ['acc', 'loss', 'val_acc', 'val_loss']);
  const ev = m.evaluate(tensor(x.data.slice(80 * 4), [20, 4]), tensor(labels.slice(80), [20]));
  assert.is(h.history.val_loss[1], ev.loss);
  assert.is(h.history.val_acc[1], ev.acc);
  m.dispose();
});

test('classWeight scales the loss as Keras: sum(w * loss) / batch; metrics unweighted', async () => {
  await ready();
  const { x, labels } = blobs(64, 3, 4, 9);
  const y = tensor(labels, [64]);
  const losses: number[] = [];
  for (const cw of [undefined, { 0: 2, 1: 2, 2: 2 }]) {
    const m = sequential({ seed: 3, layers: [dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
    m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await m.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0, classWeight: cw, seed: 1 });
    losses.push(h.history.loss[0], h.history.accuracy[0]);
    m.dispose();
  }
  assert.ok(Math.abs(losses[2] - 2 * losses[0]) <= 1e-6 * losses[0], `${losses}`);
  assert.is(losses[3], losses[1]);
});

test('an L2 kernel regularizer adds l2 * sum(w^2) to the reported loss', async () => {
  await ready();
  const { x, oneHot } = blobs(32, 3, 4, 10);
  const losses: number[] = [];
  let penalty = 0;
  for (const reg of [null, l2({ l2: 0.05 })]) {
    const m = sequential({ seed: 5, layers: [dense({ units: 3, activation: 'softmax', inputShape: [4], kernelRegularizer: reg })] });
    m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'categoricalCrossentropy' });
    penalty = 0.05 * m.getWeights()[0].reduce((a, v) => a + v * v, 0);
    losses.push((await m.fit(x, oneHot, { epochs: 1, batchSize: 32, verbose: 0 })).history.loss[0]);
    m.dispose();
  }
  assert.ok(Math.abs(losses[1] - losses[0] - penalty) < 1e-5, `${losses} penalty ${penalty}`);
});

test('callbacks: Keras hook order, params, async hooks awaited, stopTraining ends fit', async () => {
  await ready();
  const { x, labels } = blobs(40, 3, 4, 12);
  const m = sequential({ seed: 1, layers: [dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const calls: string[] = [];
  let params: unknown = null;
  const cb: Callback = {
    setParams: (p) => void (params = p),
    onTrainBegin: () => void calls.push('trainBegin'),
    onEpochBegin: (e) => void calls.push(`epochBegin ${e}`),
    onBatchBegin: (b) => void calls.push(`batchBegin ${b}`),
    onBatchEnd: async (b, logs) => {
      await new Promise((r) => setTimeout(r, 1));
      calls.push(`batchEnd ${b} ${Object.keys(logs).join(',')}`);
    },
    onEpochEnd: (e, logs) => {
      calls.push(`epochEnd ${e} ${Object.keys(logs).join(',')}`);
      if (e === 1) m.stopTraining = true;
    },
    onTrainEnd: () => void calls.push('trainEnd'),
  };
  const h = await m.fit(x, tensor(labels, [40]), { epochs: 5, batchSize: 32, verbose: 0, callbacks: [cb], initialEpoch: 0 });
  assert.equal(calls, [
    'trainBegin',
    'epochBegin 0', 'batchBegin 0', 'batchEnd 0 loss,accuracy', 'batchBegin 1', 'batchEnd 1 loss,accuracy', 'epochEnd 0 loss,accuracy',
    'epochBegin 1', 'batchBegin 0', 'batchEnd 0 loss,accuracy', 'batchBegin 1', 'batchEnd 1 loss,accuracy', 'epochEnd 1 loss,accuracy',
    'trainEnd',
  ]);
  assert.equal(h.epoch, [0, 1]);
  assert.equal(params, { epochs: 5, initialEpoch: 0, steps: 2, batchSize: 32, samples: 40, verbose: 0, metrics: ['loss', 'accuracy'] });
  m.dispose();
});

test.run();
