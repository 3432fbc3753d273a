import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimdnetError } from '../../src/errors.js';
import { compileSpace } from '../../src/search/compile.js';
import { fmin } from '../../src/search/fmin.js';
import { TrialPruned, type TrialHandle } from '../../src/search/objective.js';
import { hyperbandPruner, medianPruner, percentile, successiveHalvingPruner } from '../../src/search/pruners.js';
import { PruningCallback } from '../../src/search/pruning-callback.js';
import { hp } from '../../src/search/space.js';
import { Trials } from '../../src/search/trials.js';
import type { Pruner } from '../../src/search/pruner.js';

const space = hp.uniform('x', 0, 1);

/** A history: finished trials with the given curves (value per step), then one running trial. */
async function history(done: number[][], running: number[]): Promise<Trials> {
  const trials = new Trials();
  await trials.open(compileSpace(space));
  const add = (tid: number, curve: number[], finish: boolean) => {
    trials.record({ op: 'start', tid, vals: { x: tid / 10 }, time: 0 });
    curve.forEach((value, step) => trials.record({ op: 'report', tid, step, value }));
    if (finish) trials.record({ op: 'finish', tid, status: 'ok', loss: curve[curve.length - 1], result: {}, error: null, time: 0 });
  };
  done.forEach((c, i) => add(i, c, true));
  add(done.length, running, false);
  return trials;
}

const decide = async (p: Pruner, done: number[][], running: number[]) => {
  const trials = await history(done, running);
  return p.prune(trials.get(done.length)!, trials);
};

test('percentile interpolates like numpy', () => {
  assert.is(percentile([3, 1, 2, 4], 50), 2.5);
  assert.is(percentile([5], 50), 5);
});

test('median pruner: best value so far vs the median of finished trials at the step (Optuna)', async () => {
  const done = [1, 2, 3, 4, 5].map((v) => [v + 1, v + 0.5, v]); // at step 2: 1..5, median 3
  const p = medianPruner();
  assert.ok(await decide(p, done, [9, 9, 3.5]), 'best 3.5 > median 3: pruned');
  assert.not.ok(await decide(p, done, [9, 2.9, 3.5]), 'best so far 2.9 <= 3: kept');
  assert.not.ok(await decide(p, done.slice(0, 4), [9, 9, 9]), 'fewer than nStartupTrials finished');
  assert.not.ok(await decide(medianPruner({ nWarmupSteps: 3 }), done, [9, 9, 9]), 'warmup');
  assert.not.ok(await decide(medianPruner({ intervalSteps: 2 }), done, [9, 9, 9, 9]), 'step 3 not on the interval');
  assert.ok(await decide(medianPruner({ intervalSteps: 2 }), done, [9, 9, 9]), 'step 2 on the interval');
  assert.not.ok(await decide(medianPruner({ nMinTrials: 6 }), done, [9, 9, 9]), 'too few trials at the step');
  assert.ok(await decide(p, done, [1, NaN]), 'NaN is pruned');
});

test('successive halving: top 1/rf of every trial at the rung goes on', async () => {
  const p = successiveHalvingPruner({ reductionFactor: 2, minResource: 1 }); // rungs at steps 1, 2, 4
  assert.not.ok(await decide(p, [], [5, 5]), 'first at the rung is promoted');
  assert.ok(await decide(p, [[0, 1], [0, 2], [0, 3]], [0, 2.5]), '2.5 vs [1, 2, 2.5, 3]: idx 1 -> 2: pruned');
  assert.not.ok(await decide(p, [[0, 1], [0, 2], [0, 3]], [0, 2]), 'ties with the cut are kept');
  assert.not.ok(await decide(p, [[0, 1], [0, 2], [0, 3]], [9]), 'before the first rung');
  // rung at step 2 judged on the value at step 2, against trials that reached step 2
  assert.ok(await decide(p, [[0, 1, 1], [0, 2, 2], [0, 3, 3]], [0, 1.5, 2.5]));
  assert.not.ok(await decide(successiveHalvingPruner({ reductionFactor: 2, minEarlyStoppingRate: 1 }), [[0, 1], [0, 2], [0, 3]], [0, 9]), 'rate 1: first rung at step 2');
});

/** Learning curves: trial quality q (its x) scaled by a decreasing factor; lower x is better everywhere. */
async function curveSearch(pruner: Pruner | undefined) {
  let steps = 0;
  const r = await fmin({
    fn: (x: number, trial: TrialHandle) => {
      let v = 0;
      for (let step = 0; step < 27; step++) {
        steps++;
        v = x * (1 + 3 / (step + 1));
        trial.report(v, step);
        if (trial.shouldPrune()) throw new TrialPruned();
      }
      return v;
    },
    space,
    algo: 'random',
    maxEvals: 60,
    seed: 4,
    pruner,
  });
  const best = r.trials.trials.reduce((a, t) => ((t.params as number) < (a.params as number) ? t : a));
  return { r, steps, best };
}

test('pruners save steps and never prune the trial that is best at every step', async () => {
  const full = await curveSearch(undefined);
  assert.is(full.steps, 60 * 27);
  for (const pruner of [medianPruner(), successiveHalvingPruner(), hyperbandPruner({ maxResource: 27 })]) {
    const { r, steps, best } = await curveSearch(pruner);
    const pruned = r.trials.trials.filter((t) => t.status === 'pruned');
    assert.ok(pruned.length > 10, `pruned ${pruned.length}`);
    assert.ok(steps < full.steps * 0.7, `steps ${steps} of ${full.steps}`);
    assert.is(best.status, 'ok');
    assert.is(r.bestLoss, full.r.bestLoss);
    for (const t of pruned) assert.is(t.loss, t.intermediate[t.intermediate.length - 1][1], 'a pruned trial keeps its last value');
  }
});

test('PruningCallback reports per epoch, stops training and throws TrialPruned', () => {
  const reported: [number, number][] = [];
  const trial: TrialHandle = { tid: 0, seed: 0, report: (v, s) => void reported.push([v, s]), shouldPrune: () => reported.length >= 3 };
  const model = { stopTraining: false } as never as { stopTraining: boolean };
  const cb = new PruningCallback(trial, { monitor: 'val_accuracy' });
  cb.setModel(model as never);
  for (let epoch = 0; epoch < 10 && !model.stopTraining; epoch++) cb.onEpochEnd(epoch, { loss: 1, val_accuracy: 0.5 + epoch / 10 });
  assert.equal(reported, [
    [-0.5, 0],
    [-0.6, 1],
    [-0.7, 2],
  ]);
  assert.ok(model.stopTraining);
  assert.is(cb.prunedAt, 2);
  assert.throws(() => cb.throwIfPruned(), (e: unknown) => e instanceof TrialPruned);
  const missing = new PruningCallback(trial);
  assert.throws(() => missing.onEpochEnd(0, { loss: 1 }), (e: unknown) => e instanceof SimdnetError && e.code === 'ERR_STATE');
});

test.run();
