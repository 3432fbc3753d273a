// sampleWeight in fit / evaluate / validationData, checked against a float64 reference of a tiny
// linear model (p = x W + b, mean squared error over the last axis) computed here by hand: Keras's
// "sum_over_batch_size" reduction sum(w * loss) / rows (keras/src/losses/loss.py), its gradient,
// one SGD step; and the exact identities: all-ones weights == no weights (bitwise), zero weights
// make a sample's targets irrelevant (bitwise), classWeight x sampleWeight == their product.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, sgd, tensor, Rng, type Tensor } from '../../src/index.js';
import { assertClose, rejectsNamed } from '../helpers.js';
import { blobs } from './synthetic.js';

/** x [n, ...rows, F], y [n, ...rows, C], weights per loss row (n * rows) or null. Float64 throughout. */
function referenceMse(x: Float32Array, y: Float32Array, w: ArrayLike<number> | null, W: Float32Array, b: Float32Array, rows: number, F: number, C: number) {
  let loss = 0;
  const dW = new Float64Array(F * C);
  const db = new Float64Array(C);
  for (let r = 0; r < rows; r++) {
    const wr = w ? w[r] : 1;
    for (let c = 0; c < C; c++) {
      let p = b[c];
      for (let k = 0; k < F; k++) p += x[r * F + k] * W[k * C + c];
      const e = p - y[r * C + c];
      loss += (wr * e * e) / C;
      const g = (wr * 2 * e) / C / rows;
      db[c] += g;
      for (let k = 0; k < F; k++) dW[k * C + c] += g * x[r * F + k];
    }
  }
  return { loss: loss / rows, dW, db };
}

function data(n: number, rowShape: number[], F: number, C: number, seed: number) {
  const rng = new Rng(seed);
  const rows = n * rowShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: rows * F }, () => rng.range(-1, 1));
  const y = Float32Array.from({ length: rows * C }, () => rng.range(-1, 1));
  return { x: tensor(x, [n, ...rowShape, F]), y: tensor(y, [n, ...rowShape, C]) };
}

function linear(inputShape: number[], C: number, lr: number) {
  const m = sequential({ seed: 11, layers: [dense({ units: C, inputShape })] });
  m.compile({ optimizer: sgd({ learningRate: lr }), loss: 'meanSquaredError' });
  return m;
}

test('weighted loss and one SGD step match the float64 reference (sum(w * loss) / n, not / sum(w))', async () => {
  await ready();
  const n = 16, F = 3, C = 2, lr = 0.1;
  const { x, y } = data(n, [], F, C, 1);
  const sw = Float32Array.from({ length: n }, (_, i) => (i % 4) * 0.75); // includes zeros
  const m = linear([F], C, lr);
  const [W, b] = m.getWeights();
  const ref = referenceMse(x.data, y.data, sw, W, b, n, F, C);
  assertClose([m.evaluate(x, y, { sampleWeight: sw, batchSize: 5 }).loss], [ref.loss], { rtol: 1e-5, label: 'evaluate' });
  const h = await m.fit(x, y, { sampleWeight: sw, batchSize: n, epochs: 1, shuffle: false, verbose: 0 });
  assertClose(h.history.loss, [ref.loss], { rtol: 1e-5, label: 'fit loss' });
  const [W1, b1] = m.getWeights();
  assertClose(W1, W.map((v, i) => v - lr * ref.dW[i]), { atol: 1e-6, label: 'kernel after one step' });
  assertClose(b1, b.map((v, i) => v - lr * ref.db[i]), { atol: 1e-6, label: 'bias after one step' });
  // Not Keras's other reduction: dividing by sum(w) would give a different value.
  const sumW = sw.reduce((a, v) => a + v, 0);
  assert.ok(Math.abs(ref.loss - (ref.loss * n) / sumW) > 1e-3 * ref.loss, 'the test distinguishes the two reductions');
  m.dispose();
});

test('temporal weights [n, T] weight each loss row; [n] weights repeat over the rows', async () => {
  await ready();
  const n = 6, T = 3, F = 2, C = 2;
  const { x, y } = data(n, [T], F, C, 2);
  const perRow = Float32Array.from({ length: n * T }, (_, i) => ((i * 7) % 5) / 2);
  const perSample = Float32Array.from({ length: n }, (_, i) => i / 3);
  const m = linear([T, F], C, 0);
  const [W, b] = m.getWeights();
  const rowRef = referenceMse(x.data, y.data, perRow, W, b, n * T, F, C).loss;
  const expanded = Float64Array.from({ length: n * T }, (_, r) => perSample[Math.floor(r / T)]);
  const sampleRef = referenceMse(x.data, y.data, expanded, W, b, n * T, F, C).loss;
  assertClose([m.evaluate(x, y, { sampleWeight: tensor(perRow, [n, T]) }).loss], [rowRef], { rtol: 1e-5, label: '[n, T]' });
  assertClose([m.evaluate(x, y, { sampleWeight: perSample }).loss], [sampleRef], { rtol: 1e-5, label: '[n]' });
  assertClose([m.evaluate(x, y, { sampleWeight: tensor(perSample, [n, 1]) }).loss], [sampleRef], { rtol: 1e-5, label: '[n, 1]' });
  m.dispose();
});

async function trainBlobs(options: Record<string, unknown>, labels?: Int32Array) {
  const d = blobs(48, 3, 4, 5);
  const m = sequential({ seed: 3, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.2 }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: sgd({ learningRate: 0.2, momentum: 0.5 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const y = tensor(labels ?? d.labels, [48]);
  const h = await m.fit(d.x, y, { epochs: 3, batchSize: 10, verbose: 0, seed: 4, ...options });
  const out = { h: h.history, w: m.getWeights(), ev: m.evaluate(d.x, y, { sampleWeight: options.sampleWeight as Float32Array }) };
  m.dispose();
  return { ...out, d };
}

test('all-ones sampleWeight is bitwise identical to no weights (shuffled, dropout, metrics)', async () => {
  await ready();
  const a = await trainBlobs({});
  const b = await trainBlobs({ sampleWeight: new Float32Array(48).fill(1) });
  assert.equal(b.h, a.h);
  a.w.forEach((w, i) => assert.ok(w.every((v, j) => Object.is(v, b.w[i][j])), `weights[${i}] differ`));
  assert.equal(b.ev, a.ev);
});

test('zero weights exclude samples: their labels do not change training at all (bitwise)', async () => {
  await ready();
  const base = blobs(48, 3, 4, 5).labels;
  const sw = Float32Array.from({ length: 48 }, (_, i) => (i % 3 === 0 ? 0 : 1));
  const scrambled = base.map((c, i) => (i % 3 === 0 ? (c + 1) % 3 : c));
  const a = await trainBlobs({ sampleWeight: sw }, base);
  const b = await trainBlobs({ sampleWeight: sw }, scrambled);
  assert.equal(b.h.loss, a.h.loss);
  a.w.forEach((w, i) => assert.ok(w.every((v, j) => v === b.w[i][j]), `weights[${i}] differ`));
  // ...while with the weights removed, the scrambled labels do change it.
  const c = await trainBlobs({}, scrambled);
  assert.not.equal(c.h.loss, a.h.loss);
});

test('classWeight x sampleWeight: the product, as tf.keras 2 (loss vs a float64 softmax reference)', async () => {
  await ready();
  const { x, labels } = blobs(20, 3, 4, 8);
  const cw = { 0: 0.5, 1: 2, 2: 1.25 };
  const sw = Float32Array.from({ length: 20 }, (_, i) => ((i * 5) % 7) / 3);
  const m = sequential({ seed: 9, layers: [dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
  m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'sparseCategoricalCrossentropy' });
  const [W, b] = m.getWeights();
  let ref = 0;
  for (let i = 0; i < 20; i++) {
    const z = [0, 1, 2].map((c) => b[c] + [0, 1, 2, 3].reduce((s, k) => s + x.data[i * 4 + k] * W[k * 3 + c], 0));
    const lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
    ref += cw[labels[i] as 0 | 1 | 2] * sw[i] * (lse - z[labels[i]]);
  }
  ref /= 20;
  const y = tensor(labels, [20]);
  const both = (await m.fit(x, y, { classWeight: cw, sampleWeight: sw, batchSize: 20, verbose: 0 })).history.loss[0];
  assertClose([both], [ref], { rtol: 1e-5, label: 'classWeight x sampleWeight' });
  const product = Float32Array.from(sw, (v, i) => cw[labels[i] as 0 | 1 | 2] * v);
  const alone = (await m.fit(x, y, { sampleWeight: product, batchSize: 20, verbose: 0 })).history.loss[0];
  assert.is(alone, both);
  m.dispose();
});

test('validationData [x, y, sampleWeight] and validationSplit carry weights into val_loss', async () => {
  await ready();
  const { x, y } = data(20, [], 3, 2, 3);
  const sw = Float32Array.from({ length: 20 }, (_, i) => (i % 5) / 2);
  const m = linear([3], 2, 0.05);
  const h = await m.fit(x, y, { validationData: [x, y, sw], validationBatchSize: 6, epochs: 2, batchSize: 4, verbose: 0, seed: 1 });
  assert.is(h.history.val_loss[1], m.evaluate(x, y, { sampleWeight: sw, batchSize: 6 }).loss);
  // validationSplit 0.25 holds out the last 5 samples, and the last 5 weights with them.
  const h2 = await m.fit(x, y, { sampleWeight: sw, validationSplit: 0.25, epochs: 1, batchSize: 4, verbose: 0, seed: 1 });
  const tail = (t: Tensor) => tensor(t.data.slice(15 * 2), [5, 2]);
  const xt = tensor(x.data.slice(15 * 3), [5, 3]);
  assert.is(h2.history.val_loss[0], m.evaluate(xt, tail(y), { sampleWeight: sw.slice(15) }).loss);
  assert.is.not(h2.history.val_loss[0], m.evaluate(xt, tail(y)).loss);
  m.dispose();
});

test('dataset batches may carry sampleWeight: fitDataset and evaluateDataset match fit and evaluate bitwise', async () => {
  await ready();
  const { x, y } = data(12, [], 3, 2, 5);
  const sw = Float32Array.from({ length: 12 }, (_, i) => (i % 3) / 2);
  const batches = [0, 1, 2].map((b) => ({
    xs: tensor(x.data.slice(b * 12, b * 12 + 12), [4, 3]),
    ys: tensor(y.data.slice(b * 8, b * 8 + 8), [4, 2]),
    sampleWeight: sw.slice(b * 4, b * 4 + 4),
  }));
  const a = linear([3], 2, 0.1);
  const b = linear([3], 2, 0.1);
  const ha = await a.fit(x, y, { sampleWeight: sw, batchSize: 4, epochs: 2, shuffle: false, verbose: 0, seed: 1 });
  const hb = await b.fitDataset(batches, { epochs: 2, verbose: 0, seed: 1 });
  assert.equal(hb.history.loss, ha.history.loss);
  assert.is((await b.evaluateDataset(batches)).loss, a.evaluate(x, y, { sampleWeight: sw, batchSize: 4 }).loss);
  await rejectsNamed([
    [() => b.fitDataset([{ ...batches[0], sampleWeight: new Float32Array(3) }], { verbose: 0 }), 'fitDataset', 'batch.sampleWeight', 'ERR_SHAPE_MISMATCH'],
  ]);
  a.dispose();
  b.dispose();
});

test('bad sample weights: typed errors before any training step', async () => {
  await ready();
  const { x, y } = data(8, [], 3, 2, 4);
  const m = linear([3], 2, 0.1);
  const before = m.getWeights();
  await rejectsNamed([
    [() => m.fit(x, y, { sampleWeight: new Float32Array(7), verbose: 0 }), 'fit', 'sampleWeight', 'ERR_SHAPE_MISMATCH'],
    [() => m.fit(x, y, { sampleWeight: tensor(new Float32Array(16), [8, 2]), verbose: 0 }), 'fit', 'sampleWeight', 'ERR_SHAPE_MISMATCH'],
    [() => m.fit(x, y, { sampleWeight: Float32Array.of(1, 1, -1, 1, 1, 1, 1, 1), verbose: 0 }), 'fit', 'sampleWeight[2]'],
    [() => m.fit(x, y, { sampleWeight: Float32Array.of(1, 1, 1, NaN, 1, 1, 1, 1), verbose: 0 }), 'fit', 'sampleWeight[3]'],
    [() => m.fit(x, y, { sampleWeight: 'ones', verbose: 0 }), 'fit', 'sampleWeight', 'ERR_INVALID_TYPE'],
    [() => m.fit(x, y, { sampleWeight: new Float32Array(3), validationSplit: 0.5, verbose: 0 }), 'fit', 'sampleWeight', 'ERR_SHAPE_MISMATCH'],
    [() => m.fit(x, y, { validationData: [x, y, new Float32Array(2)], verbose: 0 }), 'fit', 'validationData[2]', 'ERR_SHAPE_MISMATCH'],
    [() => m.fit(x, y, { validationData: [x, y, null, null] as never, verbose: 0 }), 'fit', 'validationData'],
    [async () => m.evaluate(x, y, { sampleWeight: [1, 2] }), 'evaluate', 'sampleWeight', 'ERR_SHAPE_MISMATCH'],
  ]);
  m.getWeights().forEach((w, i) => assert.equal(w, before[i], 'no step ran'));
  m.dispose();
});

test.run();
