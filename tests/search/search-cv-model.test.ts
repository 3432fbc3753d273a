// gridSearch / randomSearch over real simdnet models: the seed's GridSearchCV over batch size,
// epochs and optimizer, on a small synthetic problem.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { dense, sequential, tensor, type Tensor, type OptimizerIdentifier } from '../../src/index.js';
import { gridSearch, randomSearch } from '../../src/search/search-cv.js';
import { hp } from '../../src/search/space.js';
import { pruningCallback } from '../../src/search/pruning-callback.js';
import { TrialPruned } from '../../src/search/objective.js';
import { blobs } from '../model/synthetic.js';

interface P {
  optimizer: string;
  epochs: number;
  batchSize: number;
  units?: number;
  sparse?: boolean;
}

const build = (p: P) => {
  const m = sequential({ seed: 1, layers: [dense({ units: p.units ?? 8, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: p.optimizer as OptimizerIdentifier, loss: p.sparse ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
};

function accuracy(pred: Tensor, labels: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) {
    const row = pred.data.subarray(i * 3, i * 3 + 3);
    if (row.indexOf(Math.max(...row)) === labels[i]) hits++;
  }
  return hits / labels.length;
}

test('the seed grid (batch size x epochs x optimizer) over real models, one-hot targets, refit', async () => {
  await ready();
  const { x, labels, oneHot } = blobs(240, 3, 4, 5);
  const r = await gridSearch({ buildModel: build, paramGrid: { batchSize: [16, 64], epochs: [1, 40], optimizer: ['sgd', 'adam'] }, x, y: oneHot, cv: 3 });
  assert.is(r.cvResults.params.length, 8);
  assert.ok(r.cvResults.errors.every((e) => e === null), String(r.cvResults.errors));
  assert.is(r.bestParams.epochs, 40);
  assert.ok(r.bestScore > 0.9, `best CV accuracy ${r.bestScore}`);
  const worst = Math.min(...r.cvResults.meanTestScore);
  assert.ok(worst < r.bestScore, 'the grid makes a difference');
  const full = accuracy(r.bestModel!.predict(x) as Tensor, labels);
  assert.ok(full > 0.9, `refitted model accuracy ${full}`);
  (r.bestModel as { dispose(): void }).dispose();
});

test('randomSearch with Int32 labels and an hp expression', async () => {
  await ready();
  const { x, labels } = blobs(150, 3, 4, 6);
  const r = await randomSearch({
    buildModel: build,
    paramDistributions: { units: hp.uniformint('units', 4, 16), optimizer: ['adam'], epochs: [40], batchSize: [16], sparse: [true] },
    nIter: 3,
    x,
    y: tensor(labels, [150]),
    cv: 3,
    seed: 2,
    refit: false,
    fitOptions: (p) => ({ epochs: p.epochs, batchSize: p.batchSize, verbose: 0, seed: 3 }),
  });
  assert.is(r.cvResults.params.length, 3);
  assert.ok(r.cvResults.params.every((p) => Number.isInteger(p.units)));
  assert.ok(r.bestScore > 0.8, `best ${r.bestScore}`);
});

test('pruningCallback stops a real fit after the epoch the pruner rejects', async () => {
  await ready();
  const { x, oneHot } = blobs(96, 3, 4, 7);
  const reported: number[] = [];
  const cb = pruningCallback({ tid: 0, seed: 0, report: (v) => void reported.push(v), shouldPrune: () => reported.length === 2 });
  const m = build({ optimizer: 'adam', epochs: 10, batchSize: 16 });
  const h = await m.fit(x, oneHot, { epochs: 10, batchSize: 16, validationData: [x, oneHot], callbacks: [cb], verbose: 0, seed: 1 });
  assert.is(h.history.val_loss.length, 2, 'training stopped after the second epoch');
  assert.equal(reported, h.history.val_loss);
  assert.throws(() => cb.throwIfPruned(), (e: unknown) => e instanceof TrialPruned);
  m.dispose();
});

test.run();
