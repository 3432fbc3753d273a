import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimdnetError, ValidationError } from '../../src/errors.js';
import { Rng } from '../../src/rng.js';
import { tensor, type Tensor } from '../../src/tensor.js';
import { kFold, stratifiedKFold } from '../../src/search/folds.js';
import { parameterGrid } from '../../src/search/param-sets.js';
import { gridSearch, randomSearch, type CvModel } from '../../src/search/search-cv.js';
import { hp } from '../../src/search/space.js';
import { fitSeed } from '../../src/search/cv-seeds.js';

test('kFold: contiguous folds, the first n % k one larger, a partition', () => {
  const folds = kFold(10, 3);
  assert.equal(folds.map((f) => [...f.test]), [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  for (const f of folds) assert.is(f.train.length + f.test.length, 10);
  const shuffled = kFold(10, 3, { shuffle: true, seed: 1 });
  assert.equal(shuffled.flatMap((f) => [...f.test]).sort((a, b) => a - b), [...Array(10).keys()]);
  assert.throws(() => kFold(3, 4), (e: unknown) => e instanceof ValidationError && e.arg === 'cv');
});

test('stratifiedKFold keeps class shares per fold', () => {
  const y = Int32Array.from({ length: 43 }, (_, i) => (i < 30 ? 0 : i < 40 ? 1 : 2));
  for (const shuffle of [false, true]) {
    const folds = stratifiedKFold(y, 5, { shuffle, seed: 3 });
    assert.equal(folds.flatMap((f) => [...f.test]).sort((a, b) => a - b), [...Array(43).keys()]);
    for (const f of folds) {
      const counts = [0, 0, 0];
      for (const i of f.test) counts[y[i]]++;
      assert.equal(counts.slice(0, 2), [6, 2], `fold class counts ${counts}`);
      assert.ok(counts[2] <= 1);
    }
  }
});

test('parameterGrid iterates sorted keys, last fastest (sklearn ParameterGrid)', () => {
  assert.equal(parameterGrid('t', { b: [1, 2], a: ['x', 'y'] }), [
    { a: 'x', b: 1 },
    { a: 'x', b: 2 },
    { a: 'y', b: 1 },
    { a: 'y', b: 2 },
  ]);
  assert.equal(parameterGrid('t', [{ a: [1] }, { c: [2, 3] }]), [{ a: 1 }, { c: 2 }, { c: 3 }]);
  assert.throws(() => parameterGrid('t', { a: [] }), (e: unknown) => e instanceof ValidationError && e.arg === 'paramGrid.a');
});

/** Data: feature 1 separates the classes, feature 0 is noise. */
function data(n: number, seed: number): { x: Tensor; y: Tensor } {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3 === 0 ? 1 : 0;
    x[i * 2] = rng.normal();
    x[i * 2 + 1] = y[i] * 2 + 0.5 * rng.normal();
  }
  return { x: tensor(x, [n, 2]), y: tensor(y, [n]) };
}

/** Nearest-centroid classifier on one feature; records what it was given. */
class Centroid implements CvModel {
  static disposed = 0;
  means = [0, 0];
  fitted: { n: number; options: Record<string, unknown> } | null = null;
  constructor(readonly feature: number) {}
  fit(x: Tensor, y: Tensor, options: Record<string, unknown>) {
    const sum = [0, 0];
    const cnt = [0, 0];
    for (let i = 0; i < y.shape[0]; i++) {
      sum[y.data[i]] += x.data[i * 2 + this.feature];
      cnt[y.data[i]]++;
    }
    this.means = [sum[0] / cnt[0], sum[1] / cnt[1]];
    this.fitted = { n: y.shape[0], options };
  }
  predict(x: Tensor) {
    const n = x.shape[0];
    const out = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const v = x.data[i * 2 + this.feature];
      out[i * 2 + (Math.abs(v - this.means[0]) <= Math.abs(v - this.means[1]) ? 0 : 1)] = 1;
    }
    return out;
  }
  dispose() {
    Centroid.disposed++;
  }
}

test('gridSearch: cvResults, best params, refit on all data, fit options routed, models disposed', async () => {
  const { x, y } = data(90, 1);
  Centroid.disposed = 0;
  const r = await gridSearch({
    buildModel: (p: { feature: number; epochs: number; batchSize: number }) => new Centroid(p.feature),
    paramGrid: { feature: [0, 1], epochs: [1, 3], batchSize: [16] },
    x,
    y,
    cv: 3,
  });
  assert.is(r.cvResults.params.length, 4);
  assert.is(Centroid.disposed, 12);
  assert.equal(r.cvResults.splitTestScores.map((s) => s.length), [3, 3, 3, 3]);
  for (let i = 0; i < 4; i++) {
    const s = r.cvResults.splitTestScores[i];
    const mean = (s[0] + s[1] + s[2]) / 3;
    assert.ok(Math.abs(r.cvResults.meanTestScore[i] - mean) < 1e-12);
    assert.ok(Math.abs(r.cvResults.stdTestScore[i] - Math.sqrt(s.reduce((a, v) => a + (v - mean) ** 2, 0) / 3)) < 1e-12);
  }
  assert.is(r.bestParams.feature, 1);
  assert.ok(r.bestScore > 0.9, `best ${r.bestScore}`);
  assert.ok(r.cvResults.meanTestScore.filter((_, i) => r.cvResults.params[i].feature === 0).every((s) => s < 0.8));
  // keys sorted (batchSize, epochs, feature), feature fastest; the feature-1 candidates tie: both
  // rank 1 (sklearn's 'min' ranking) and the first is the best
  assert.equal(r.cvResults.rankTestScore, [3, 1, 3, 1]);
  assert.is(r.bestIndex, 1);
  const best = r.bestModel as Centroid;
  // fit's seed: the refit's, from the search seed (drawn: none was given; cv-seeds.ts)
  assert.equal(best.fitted, { n: 90, options: { verbose: 0, epochs: 1, batchSize: 16, seed: fitSeed(r.seed, 1, 3) } });
});

test('failed fits score NaN and rank last; all failing is an ERR_STATE error', async () => {
  const { x, y } = data(30, 2);
  const r = await gridSearch({
    buildModel: (p: { feature: number }) => {
      if (p.feature === 0) throw new Error('bad feature');
      return new Centroid(p.feature);
    },
    paramGrid: { feature: [0, 1] },
    x,
    y,
    refit: false,
  });
  assert.ok(Number.isNaN(r.cvResults.meanTestScore[0]));
  assert.is(r.cvResults.errors[0], 'bad feature');
  assert.equal(r.cvResults.rankTestScore, [2, 1]);
  assert.is(r.bestModel, null);
  try {
    await gridSearch({ buildModel: () => { throw new Error('no'); }, paramGrid: { a: [1] }, x, y });
    assert.unreachable('no error');
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_STATE');
  }
});

test('randomSearch: lists sample the grid without replacement; hp expressions are sampled', async () => {
  const { x, y } = data(30, 3);
  const seen: unknown[] = [];
  const build = (p: Record<string, unknown>) => (seen.push({ ...p }), new Centroid(p.feature as number));
  const r = await randomSearch({ buildModel: build, paramDistributions: { feature: [0, 1], epochs: [1, 2, 3] }, nIter: 6, x, y, cv: 2, refit: false, seed: 4 });
  assert.is(new Set(r.cvResults.params.map((p) => JSON.stringify(p))).size, 6);
  const r2 = await randomSearch({ buildModel: build, paramDistributions: { feature: [0, 1], lr: hp.loguniform('lr', Math.log(1e-4), Math.log(1e-1)), units: hp.uniformint('units', 8, 64) }, nIter: 5, x, y, cv: 2, refit: false, seed: 4 });
  for (const p of r2.cvResults.params as { lr: number; units: number }[]) {
    assert.ok(p.lr >= 1e-4 && p.lr < 0.1 && Number.isInteger(p.units) && p.units >= 8 && p.units <= 64);
  }
  assert.throws(() => randomSearch({ buildModel: build, paramDistributions: { a: [1] }, nIter: 0, x, y }), (e: unknown) => e instanceof ValidationError && e.arg === 'nIter');
});

test('regression targets use plain k-fold; scored by R^2 by default, negative MSE when asked', async () => {
  const n = 20;
  const x = tensor(Float32Array.from({ length: n * 2 }, (_, i) => i), [n, 2]);
  const y = tensor(Float32Array.from({ length: n }, (_, i) => i), [n]);
  const r = await gridSearch({
    buildModel: (p: { c: number }) => ({ fit() {}, predict: (xt: Tensor) => Float32Array.from({ length: xt.shape[0] }, () => p.c) }),
    paramGrid: { c: [0, 9.5] },
    x,
    y,
    cv: 4,
    scoring: 'neg_mean_squared_error',
  });
  assert.is(r.scoring, 'neg_mean_squared_error');
  assert.is(r.bestParams.c, 9.5);
  // fold f holds samples 5f..5f+4: MSE of predicting 0 is mean of i^2 over the fold
  const folds = [0, 1, 2, 3].map((f) => -[0, 1, 2, 3, 4].reduce((a, j) => a + (5 * f + j) ** 2, 0) / 5);
  assert.equal(r.cvResults.splitTestScores[0], folds);
});

test.run();
