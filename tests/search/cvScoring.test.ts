// The default scoring of gridSearch / randomSearch (issue 18 item 7): scikit-learn's estimator
// `score`, accuracy for a classifier and R^2 for a regressor (ClassifierMixin.score,
// RegressorMixin.score), the kind inferred from the compiled loss; the result says which was used.
// A classifier's class-label targets are split by stratified folds, as sklearn's check_cv does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { dense, gridSearch, sequential, stratifiedKFold, kFold, tensor, type Tensor } from '../../src/index.js';

const n = 24;
const x = tensor(Float32Array.from({ length: n }, (_, i) => i), [n, 1]);

/** A model whose compiled loss is `loss` and whose prediction for sample value v is f(v). */
function fake(loss: string, f: (v: number) => number[]) {
  return () => ({
    loss: { name: loss },
    fit() {},
    predict: (xt: Tensor) => Float32Array.from(Array.from(xt.data).flatMap(f)),
  });
}

test('binaryCrossentropy with 0/1 float targets: accuracy on stratified folds, not negative MSE', async () => {
  const yData = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const y = tensor(yData, [n, 1]);
  const prob = (v: number) => [v < 12 ? 0.9 : 0.2];
  const r = await gridSearch({ buildModel: fake('binaryCrossentropy', prob), paramGrid: { epochs: [1] }, x, y, cv: 3, refit: false });
  assert.is(r.scoring, 'accuracy');
  assert.match(r.scoringReason, 'binaryCrossentropy');
  const folds = stratifiedKFold(Int32Array.from(yData), 3);
  const expected = folds.map((f) => [...f.test].filter((i) => (prob(i)[0] >= 0.5 ? 1 : 0) === yData[i]).length / f.test.length);
  assert.equal(r.cvResults.splitTestScores[0], expected);
});

test('meanSquaredError: R^2 (sklearn r2_score, uniform average over outputs) on k-fold', async () => {
  const y = tensor(Float32Array.from({ length: n * 2 }, (_, i) => (i % 2 ? Math.sin(i) : i / 2)), [n, 2]);
  const pred = (v: number) => [v + 0.5, 0];
  const r = await gridSearch({ buildModel: fake('meanSquaredError', pred), paramGrid: { epochs: [1] }, x, y, cv: 4, refit: false });
  assert.is(r.scoring, 'r2');
  assert.match(r.scoringReason, 'meanSquaredError');
  const expected = kFold(n, 4).map((f) => {
    let total = 0;
    for (let j = 0; j < 2; j++) {
      const t = [...f.test].map((i) => y.data[i * 2 + j]);
      const mean = t.reduce((a, b) => a + b, 0) / t.length;
      const res = [...f.test].reduce((a, i, k) => a + (t[k] - pred(i)[j]) ** 2, 0);
      const tot = t.reduce((a, v) => a + (v - mean) ** 2, 0);
      total += 1 - res / tot;
    }
    return total / 2;
  });
  r.cvResults.splitTestScores[0].forEach((s, f) => assert.ok(Math.abs(s - expected[f]) < 1e-12, `fold ${f}: ${s} vs ${expected[f]}`));
});

test('without a compiled loss the target decides; an explicit scoring is reported as given', async () => {
  const labels = tensor(Int32Array.from({ length: n }, (_, i) => i % 2), [n]);
  const plain = () => ({ fit() {}, predict: (xt: Tensor) => Float32Array.from({ length: xt.shape[0] * 2 }, (_, i) => i % 2) });
  const a = await gridSearch({ buildModel: plain, paramGrid: { epochs: [1] }, x, y: labels, cv: 2, refit: false });
  assert.is(a.scoring, 'accuracy');
  const real = tensor(Float32Array.from({ length: n }, (_, i) => i), [n]);
  const constant = () => ({ fit() {}, predict: (xt: Tensor) => new Float32Array(xt.shape[0]) });
  const b = await gridSearch({ buildModel: constant, paramGrid: { epochs: [1] }, x, y: real, cv: 2, refit: false });
  assert.is(b.scoring, 'r2');
  const c = await gridSearch({ buildModel: constant, paramGrid: { epochs: [1] }, x, y: real, cv: 2, refit: false, scoring: 'neg_mean_squared_error' });
  assert.is(c.scoring, 'neg_mean_squared_error');
  assert.match(c.scoringReason, 'given');
  const d = await gridSearch({ buildModel: constant, paramGrid: { epochs: [1] }, x, y: real, cv: 2, refit: false, scoring: () => 1 });
  assert.is(d.scoring, 'function');
});

test('a real simdnet classifier compiled with binaryCrossentropy is scored by accuracy', async () => {
  await ready();
  const y = tensor(Float32Array.from({ length: n }, (_, i) => (i >= 12 ? 1 : 0)), [n, 1]);
  const build = () => {
    const m = sequential({ seed: 1, layers: [dense({ units: 1, activation: 'sigmoid', inputShape: [1] })] });
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    return m;
  };
  const r = await gridSearch({ buildModel: build, paramGrid: { epochs: [1] }, x, y, cv: 3, refit: false, seed: 1 });
  assert.is(r.scoring, 'accuracy');
  for (const s of r.cvResults.splitTestScores[0]) assert.ok(Number.isInteger(s * 8), `an accuracy over 8 test samples, got ${s}`);
});

test.run();
