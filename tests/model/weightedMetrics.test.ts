// compile({weightedMetrics}): metrics weighted by sampleWeight / classWeight, reduced as Keras 3's
// Mean metric (keras/src/metrics/reduction_metrics.py): sum(w * value) / sum(w), checked against a
// float64 reference computed here from model.predict; logged under Keras's names
// (keras/src/trainers/compile_utils.py CompileMetrics.result); without weights bitwise equal to the
// plain metric.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, sgd, tensor, loadModel, Rng, type LossIdentifier, type MetricIdentifier } from '../../src/index.js';
import { metricLogNames } from '../../src/metrics/logNames.js';
import { assertClose, throwsNamed } from '../helpers.js';
import { blobs } from './synthetic.js';

const argmax = (a: ArrayLike<number>, o: number, n: number) => {
  let b = 0;
  for (let j = 1; j < n; j++) if (a[o + j] > a[o + b]) b = j;
  return b;
};

/** Float64 sum(w * value_i) / sum(w) over samples; value_i from the predictions and targets of sample i. */
function weightedMean(n: number, w: ArrayLike<number> | null, value: (i: number) => number): number {
  let s = 0, d = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    s += wi * value(i);
    d += wi;
  }
  return s / d;
}

function softmaxModel(metrics: MetricIdentifier[], weightedMetrics: MetricIdentifier[], loss: LossIdentifier = 'sparseCategoricalCrossentropy') {
  const m = sequential({ seed: 5, layers: [dense({ units: 6, activation: 'tanh', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: sgd({ learningRate: 0 }), loss, metrics, weightedMetrics });
  return m;
}

test('Keras log names: weighted_ prefix when the name is taken, _k suffixes for repeats', () => {
  assert.equal(metricLogNames(['accuracy'], ['accuracy']), { plain: ['accuracy'], weighted: ['weighted_accuracy'] });
  assert.equal(metricLogNames([], ['accuracy', 'mse']), { plain: [], weighted: ['accuracy', 'mse'] });
  assert.equal(metricLogNames(['acc', 'acc'], ['acc', 'acc', 'mse']), { plain: ['acc', 'acc_1'], weighted: ['weighted_acc', 'weighted_acc_1', 'mse'] });
});

test('weighted sparse accuracy = sum(w * correct) / sum(w) (float64 reference), across batches, in evaluate and fit', async () => {
  await ready();
  const n = 37;
  const { x, labels } = blobs(n, 3, 4, 6);
  const y = tensor(labels, [n]);
  const sw = Float32Array.from({ length: n }, (_, i) => ((i * 7) % 5) * 0.3); // includes zeros
  const m = softmaxModel(['accuracy'], ['accuracy']);
  const p = m.predict(x).data;
  const correct = (i: number) => (argmax(p, i * 3, 3) === labels[i] ? 1 : 0);
  const refW = weightedMean(n, sw, correct);
  const refPlain = weightedMean(n, null, correct);
  assert.ok(Math.abs(refW - refPlain) > 1e-3, 'the weights change the accuracy (the test can tell)');
  const ev = m.evaluate(x, y, { sampleWeight: sw, batchSize: 5 });
  assert.equal(Object.keys(ev), ['loss', 'accuracy', 'weighted_accuracy']);
  assertClose([ev.weighted_accuracy, ev.accuracy], [refW, refPlain], { rtol: 1e-12, label: 'evaluate' });
  // learningRate 0 and no dropout: fit's running epoch means see the same predictions.
  const h = await m.fit(x, y, { sampleWeight: sw, batchSize: 8, epochs: 1, verbose: 0, seed: 2, validationData: [x, y, sw] });
  assertClose([h.history.weighted_accuracy[0], h.history.accuracy[0]], [refW, refPlain], { rtol: 1e-12, label: 'fit' });
  assertClose([h.history.val_weighted_accuracy[0]], [refW], { rtol: 1e-12, label: 'validation' });
  m.dispose();
});

test('classWeight weights the weighted metrics (times sampleWeight), as Keras turns class_weight into sample_weight', async () => {
  await ready();
  const n = 30;
  const { x, labels } = blobs(n, 3, 4, 7);
  const y = tensor(labels, [n]);
  const cw = { 0: 0.25, 1: 3, 2: 1 };
  const sw = Float32Array.from({ length: n }, (_, i) => 1 + (i % 3));
  const m = softmaxModel([], ['accuracy']);
  const p = m.predict(x).data;
  const w = Float64Array.from(labels, (c, i) => cw[c as 0 | 1 | 2] * sw[i]);
  const ref = weightedMean(n, w, (i) => (argmax(p, i * 3, 3) === labels[i] ? 1 : 0));
  const h = await m.fit(x, y, { classWeight: cw, sampleWeight: sw, batchSize: 7, verbose: 0, seed: 1 });
  assert.equal(Object.keys(h.history), ['loss', 'accuracy']);
  assertClose(h.history.accuracy, [ref], { rtol: 1e-12, label: 'classWeight x sampleWeight' });
  m.dispose();
});

test('weighted categorical accuracy, mse and mae (one-hot targets) and binary accuracy (2 sigmoid outputs) vs float64', async () => {
  await ready();
  const n = 23;
  const { x, labels, oneHot } = blobs(n, 3, 4, 8);
  const sw = Float32Array.from({ length: n }, (_, i) => ((i * 5) % 4) / 2);
  const m = softmaxModel([], ['accuracy', 'mse', 'mae'], 'categoricalCrossentropy');
  const p = m.predict(x).data;
  const t = oneHot.data;
  const rowMean = (i: number, f: (d: number) => number) => [0, 1, 2].reduce((s, j) => s + f(p[i * 3 + j] - t[i * 3 + j]), 0) / 3;
  const ev = m.evaluate(x, oneHot, { sampleWeight: sw, batchSize: 6 });
  assertClose([ev.accuracy], [weightedMean(n, sw, (i) => (argmax(p, i * 3, 3) === labels[i] ? 1 : 0))], { rtol: 1e-12, label: 'categorical' });
  // The loss kernels accumulate w * loss in f64 but return f32: relative error ~6e-8.
  assertClose([ev.mse, ev.mae], [weightedMean(n, sw, (i) => rowMean(i, (d) => d * d)), weightedMean(n, sw, (i) => rowMean(i, Math.abs))], { rtol: 1e-6, label: 'mse, mae' });
  m.dispose();

  const rng = new Rng(3);
  const yb = tensor(Float32Array.from({ length: n * 2 }, () => rng.int(2)), [n, 2]);
  const b = sequential({ seed: 4, layers: [dense({ units: 2, activation: 'sigmoid', inputShape: [4] })] });
  b.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'binaryCrossentropy', weightedMetrics: ['binaryAccuracy'] });
  const pb = b.predict(x).data;
  const hits = (i: number) => [0, 1].reduce((s, j) => s + ((pb[i * 2 + j] > 0.5 ? 1 : 0) === yb.data[i * 2 + j] ? 1 : 0), 0) / 2;
  assertClose([b.evaluate(x, yb, { sampleWeight: sw, batchSize: 4 }).binaryAccuracy], [weightedMean(n, sw, hits)], { rtol: 1e-12, label: 'binary' });
  b.dispose();
});

test('temporal weights [n, T] weight each timestep row', async () => {
  await ready();
  const n = 5, T = 4;
  const rng = new Rng(9);
  const x = tensor(Float32Array.from({ length: n * T * 3 }, () => rng.range(-1, 1)), [n, T, 3]);
  const labels = Int32Array.from({ length: n * T }, () => rng.int(3));
  const w = Float32Array.from({ length: n * T }, (_, i) => (i % 3) * 0.5 + (i % 2));
  const m = sequential({ seed: 2, layers: [dense({ units: 3, activation: 'softmax', inputShape: [T, 3] })] });
  m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'sparseCategoricalCrossentropy', weightedMetrics: ['accuracy'] });
  const p = m.predict(x).data;
  const ref = weightedMean(n * T, w, (r) => (argmax(p, r * 3, 3) === labels[r] ? 1 : 0));
  assertClose([m.evaluate(x, tensor(labels, [n, T]), { sampleWeight: tensor(w, [n, T]), batchSize: 2 }).accuracy], [ref], { rtol: 1e-12 });
  m.dispose();
});

test('without weights a weighted metric equals the plain one bitwise (fit, validation, evaluate); all-zero weights give 0', async () => {
  await ready();
  const n = 40;
  const { x, oneHot: y } = blobs(n, 3, 4, 10);
  const m = sequential({ seed: 5, layers: [dense({ units: 6, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: sgd({ learningRate: 0.1 }), loss: 'categoricalCrossentropy', metrics: ['accuracy', 'mae'], weightedMetrics: ['accuracy', 'mae'] });
  const h = (await m.fit(x, y, { epochs: 3, batchSize: 7, verbose: 0, seed: 3, validationData: [x, y] })).history;
  for (const k of ['accuracy', 'mae', 'val_accuracy', 'val_mae']) {
    const wk = k.startsWith('val_') ? `val_weighted_${k.slice(4)}` : `weighted_${k}`;
    assert.ok(h[k].every((v, i) => Object.is(v, h[wk][i])), `${wk} != ${k}`);
  }
  const ev = m.evaluate(x, y, { batchSize: 9 });
  assert.ok(Object.is(ev.weighted_accuracy, ev.accuracy) && Object.is(ev.weighted_mae, ev.mae));
  const zero = m.evaluate(x, y, { sampleWeight: new Float32Array(n) });
  assert.is(zero.weighted_accuracy, 0); // Keras's divide_no_nan
  m.dispose();
});

test('weightedMetrics survive save / loadModel', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-wm-'));
  const m = softmaxModel(['accuracy'], ['accuracy', 'mse'], 'categoricalCrossentropy');
  await m.save(dir);
  const l = await loadModel(dir);
  assert.equal([l.metricNames, l.weightedMetricNames], [['accuracy'], ['accuracy', 'mse']]);
  const { x, oneHot } = blobs(12, 3, 4, 1);
  assert.equal(Object.keys(l.evaluate(x, oneHot)), ['loss', 'accuracy', 'weighted_accuracy', 'mse']);
  m.dispose();
  l.dispose();
  await rm(dir, { recursive: true });
});

test('bad weightedMetrics: typed errors naming the entry', async () => {
  await ready();
  const m = () => sequential({ layers: [dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
  throwsNamed([
    // @ts-expect-error 'nope' is not a metric name: a compile error, and a ValidationError at run time
    [() => m().compile({ loss: 'sparseCategoricalCrossentropy', weightedMetrics: ['nope'] }), 'compile', 'weightedMetrics[0]'],
    [() => m().compile({ loss: 'sparseCategoricalCrossentropy', weightedMetrics: 'accuracy' as unknown as MetricIdentifier[] }), 'compile', 'weightedMetrics'],
    [() => m().compile({ loss: 'categoricalCrossentropy', weightedMetrics: ['mse', 'sparseCategoricalAccuracy'] }), 'compile', 'weightedMetrics[1]'],
  ]);
});

test.run();
