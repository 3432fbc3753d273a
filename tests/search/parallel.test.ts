import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { fmin } from '../../src/search/fmin.js';
import { AllTrialsFailedError } from '../../src/search/objective.js';
import type { TrialRecord } from '../../src/search/trial.js';
import { medianPruner } from '../../src/search/pruners.js';
import { hp } from '../../src/search/space.js';

const module = fileURLToPath(new URL('./objectives.js', import.meta.url));

test('worker threads run a module objective; results match the same function in-thread', async () => {
  const space = { x: hp.uniform('x', -5, 5), work: 2e5 };
  const r = await fmin({ fn: { module, export: 'busyQuadratic' }, space, algo: 'tpe', maxEvals: 12, parallelism: 2, seed: 5 });
  assert.is(r.trials.finished, 12);
  for (const t of r.trials.trials) {
    assert.is(t.status, 'ok');
    const x = (t.params as { x: number }).x;
    assert.is(t.loss, (x - 3) ** 2);
    assert.type(t.result.burned, 'number');
  }
});

test('TPE with pending trials: parallel search still converges (constant liar)', async () => {
  const r = await fmin({ fn: { module, export: 'busyQuadratic' }, space: { x: hp.uniform('x', -5, 5), work: 1e4 }, maxEvals: 60, parallelism: 3, seed: 2 });
  assert.ok((r.bestLoss as number) < 0.01, `best ${r.bestLoss}`);
  assert.equal(new Set(r.trials.trials.map((t) => t.tid)).size, 60);
});

test('report/shouldPrune cross threads: the median pruner prunes worker trials', async () => {
  const r = await fmin({ fn: { module, export: 'curve' }, space: { x: hp.uniform('x', 0, 1) }, algo: 'random', maxEvals: 24, parallelism: 2, seed: 9, pruner: medianPruner({ nStartupTrials: 3 }) });
  const pruned = r.trials.trials.filter((t) => t.status === 'pruned');
  assert.ok(pruned.length >= 5, `pruned ${pruned.length}`);
  for (const t of pruned) {
    assert.ok(t.intermediate.length < 20);
    assert.is(t.loss, t.intermediate[t.intermediate.length - 1][1]);
  }
  for (const t of r.trials.trials.filter((t) => t.status === 'ok')) assert.is(t.intermediate.length, 20);
});

test('a worker that dies or throws fails its trial; the search goes on', async () => {
  const r = await fmin({ fn: { module, export: 'crashy' }, space: { x: hp.uniform('x', 0, 1) }, algo: 'random', maxEvals: 20, parallelism: 2, seed: 3 });
  assert.is(r.trials.finished, 20);
  const errors = r.trials.trials.map((t) => t.error ?? '');
  assert.ok(errors.some((e) => e.includes('exited with code 3')), 'a worker exit is reported');
  assert.ok(errors.some((e) => e === 'objective threw'));
  for (const t of r.trials.trials) {
    const x = (t.params as { x: number }).x;
    assert.is(t.status, x >= 0.2 && x <= 0.7 ? 'ok' : 'fail');
  }
});

test('a missing export fails trials with a clear message', async () => {
  // every trial failing ends the search with AllTrialsFailedError, which carries the trials
  const e = await fmin({ fn: { module, export: 'nope' }, space: { x: hp.uniform('x', 0, 1) }, maxEvals: 2, parallelism: 1, seed: 1 }).then(() => null, (err) => err);
  assert.instance(e, AllTrialsFailedError);
  assert.ok(e.trials.trials.every((t: TrialRecord) => t.status === 'fail' && t.error!.includes("no exported function 'nope'")));
});

test('parameters that cannot cross threads fail their trial with a clear message', async () => {
  const e = await fmin({ fn: { module, export: 'crashy' }, space: { x: 0.5, f: hp.choice('f', [() => 1]) }, maxEvals: 2, parallelism: 2, seed: 1 }).then(() => null, (err) => err);
  assert.instance(e, AllTrialsFailedError);
  assert.ok(e.trials.trials.every((t: TrialRecord) => t.status === 'fail' && t.error!.includes('cannot be sent to a worker thread')));
});

test.run();
