// The final model (src/playbook/final.ts): chosen configuration trained until it converges on the
// training part (early stopping on the study's validation metric, best epoch E), then refitted on
// the training and validation parts for E epochs and tested once. Before this, the final model
// trained a fixed `epochs` on the training part only: the MNIST --model mlp --budget 30m study of
// 2026-12-04 shipped a 10-epoch model on 48,000 of the 60,000 images (97.95%; mnist_mlp: 98.53%).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { playbook } from '../../src/playbook/index.js';
import { bestEpoch, finalSeconds, refitSpec, selectSpec } from '../../src/playbook/final.js';
import { Pace, runSeconds } from '../../src/playbook/plan.js';
import { baselineConfig } from '../../src/playbook/config.js';
import { Sequential } from '../../src/model/sequential.js';
import { Rng } from '../../src/rng.js';
import { searchArms, type ArmResult } from '../../src/playbook/results.js';
import { searchPruner } from '../../src/playbook/phases.js';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test('bestEpoch: the first strictly best finite epoch, 1-based (what earlyStopping restores)', () => {
  assert.is(bestEpoch([0.8, 0.9, 0.85, 0.9, 0.7], true, 5), 2, 'a later tie is no improvement');
  assert.is(bestEpoch([0.5, 0.4, 0.45, 0.3], false, 4), 4, 'a loss: the lowest');
  assert.is(bestEpoch([NaN, 0.6, Infinity, 0.7], true, 4), 4, 'non-finite epochs are never the best');
  assert.is(bestEpoch([], true, 7), 7);
  assert.is(bestEpoch([NaN], false, 3), 3);
});

test('the two specs: selection on the training part up to the cap, refit on all rows with the test', () => {
  const c = { ...baselineConfig({ family: 'mlp', hidden: [8] }, 10), earlyStopping: true, fraction: 0.5 };
  assert.equal(selectSpec(c, 40, 480), { arm: 'final', seed: 1, config: { ...c, epochs: 40, earlyStopping: false, fraction: 1 }, rows: 480, test: false, final: 'select' });
  assert.equal(refitSpec(c, 17, 480), { arm: 'final', seed: 1, config: { ...c, epochs: 17, earlyStopping: false, fraction: 1 }, rows: 480, test: true, final: 'refit' });
});

test('finalSeconds: the selection with validation passes plus the refit on train + validation rows without them', () => {
  const cost = { perRow: 1e-3, perValRow: 5e-4, overhead: 0.5 };
  const pace = new Pace(cost, 100);
  // select: 0.5 + 4 x (200 x 1e-3 + 100 x 5e-4) + 100 x 5e-4 = 1.55; refit: 0.5 + 4 x 300 x 1e-3 + 1000 x 5e-4 = 2.2
  assert.ok(close(finalSeconds(pace, 200, 100, 1000, 4), 1.55 + 2.2));
  // A refit that took twice its plan (no validation rows planned) sets the pace to 2.
  pace.record(300, 4, 2 * (runSeconds(cost, 300, 0, 4) + 1000 * 5e-4), 1000, 0);
  assert.ok(close(pace.factor, 2));
  assert.ok(close(finalSeconds(pace, 200, 100, 1000, 4), 2 * (1.55 + 2.2)));
});

test('searchArms: the search covers every positive unpruned combinable arm and starts from the helping ones', () => {
  const arm = (strategy: string, setting: unknown, meanDiff: number, verdict: string) => ({ strategy, setting, meanDiff, verdict }) as unknown as ArmResult;
  const arms = [
    arm('augmentation', true, 0.026, 'helps'),
    arm('schedule', 'oneCycle', 0.010, 'no clear effect'),
    arm('dropout', 0.2, 0.004, 'no clear effect'),
    arm('l2', 1e-3, -0.023, 'no clear effect'),
    arm('optimizer', 'adam', 0.02, 'pruned'),
    arm('dataSize', 0.5, 0.001, 'no clear effect'),
  ];
  const s = searchArms(arms, 1);
  assert.equal(s.helped.map((a) => a.strategy), ['augmentation']);
  // Before s26 the search covered `helped` alone (augmentation: 2 points) when anything helped.
  assert.equal(s.searched.map((a) => a.strategy), ['augmentation', 'schedule', 'dropout'], 'positive, not pruned, combinable');
  assert.equal(s.start.map((a) => a.strategy), ['augmentation']);
  const none = searchArms(arms.map((a) => ({ ...a, verdict: a.verdict === 'helps' ? 'no clear effect' : a.verdict }) as ArmResult), 1);
  assert.equal(none.start.map((a) => a.strategy), ['augmentation', 'schedule', 'dropout'], 'nothing helped: start from all of them');
  assert.equal(searchArms(arms, -1).searched.map((a) => a.strategy), ['l2'], 'a loss: lower is better');
});

test('searchPruner: median pruning, but none for a search that trains until convergence (augmentation)', () => {
  assert.is(searchPruner(true), undefined, 'augmented trials are not judged at early epochs');
  const p = searchPruner(false);
  assert.ok(p && typeof p.prune === 'function', 'the median pruner otherwise');
});

/** Two Gaussian blobs in 6 dimensions (separable with noise): accuracy climbs over a few epochs. */
function blobs(n: number, seed: number) {
  const rng = new Rng(seed);
  const d = 6;
  const y = Int32Array.from({ length: n }, () => rng.int(2));
  const x = new Float32Array(n * d).map((_, i) => (y[Math.floor(i / d)] ? 0.4 : -0.4) + (rng.uniform() - 0.5) * 2);
  return { x: { data: x, shape: [n, d] }, y: { data: y, shape: [n] } };
}

test('the shipped model is refitted on training + validation rows for the epochs early stopping chose', async () => {
  const fits: { rows: number; epochs: number; validation: boolean; monitors: string[] }[] = [];
  const proto = Sequential.prototype as unknown as { fit: (...a: unknown[]) => Promise<unknown> };
  const fit = proto.fit;
  proto.fit = function (this: unknown, x: { shape: number[] }, y: unknown, o: { epochs: number; validationData?: unknown; callbacks?: { monitor?: string }[] }) {
    fits.push({ rows: x.shape[0], epochs: o.epochs, validation: o.validationData !== undefined, monitors: (o.callbacks ?? []).map((c) => c.monitor).filter((m): m is string => typeof m === 'string') });
    return fit.call(this, x, y, o);
  } as never;
  try {
    const r = await playbook({ data: blobs(250, 5), model: { family: 'mlp', hidden: [16] }, epochs: 2, seeds: 2, strategies: { l2: [1e-3] }, budget: '10runs', search: false });
    const nTrain = r.task.trainRows;
    const nVal = r.task.validationRows;
    const sel = r.final.selection;
    assert.is(sel.cap, 8, 'the cap defaults to convergeEpochs (4 x epochs), not the study runs\' 2 epochs');
    assert.is(sel.samples, nTrain);
    assert.ok(sel.bestEpoch >= 1 && sel.bestEpoch <= sel.epochsRun && sel.epochsRun <= 8, JSON.stringify(sel));
    assert.is(sel.bestEpoch, bestEpoch(r.final.curve, true, sel.epochsRun), 'E is the best epoch of the selection curve');
    assert.is(r.final.samples, nTrain + nVal, 'the validation rows join the training rows');
    assert.is(r.final.config.epochs, sel.bestEpoch);
    assert.is(r.final.config.earlyStopping, false);
    // The last two fits are the final model's: selection (validated, stopped on val_accuracy), refit.
    const [select, refit] = fits.slice(-2);
    assert.equal(select, { rows: nTrain, epochs: 8, validation: true, monitors: ['val_accuracy'] });
    assert.equal(refit, { rows: nTrain + nVal, epochs: sel.bestEpoch, validation: false, monitors: [] });
    assert.is(r.budget.runs, 2 + 1 + 1 + 2, 'baseline seeds, the arm, its seed 2, and the two trainings of the final model');
  } finally {
    proto.fit = fit;
  }
});

test.run();
