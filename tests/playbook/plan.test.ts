// The wall-clock plan's re-estimate (src/playbook/plan.ts Pace): measured over planned seconds of
// the finished runs scales every later estimate; and a phase stops starting runs when its
// stopWhen says the next one would not fit (phases.ts, through fmin's earlyStopFn).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Pace, runSeconds } from '../../src/playbook/plan.js';
import { runList } from '../../src/playbook/phases.js';
import { registerTask } from '../../src/playbook/objective.js';
import { prepareTask } from '../../src/playbook/task.js';
import { baselineConfig } from '../../src/playbook/config.js';
import { Rng } from '../../src/rng.js';
import { ready } from '../../bindings/loader.js';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

test('Pace: the ratio of measured to planned seconds scales the estimates', () => {
  const cost = { perRow: 1e-3, perValRow: 5e-4, overhead: 0.5 };
  // 0.5 s building + 2 epochs of (200 rows x 1 ms + 100 validation rows x 0.5 ms) + the closing evaluation.
  assert.ok(close(runSeconds(cost, 200, 100, 2), 1.05));
  const pace = new Pace(cost, 100);
  assert.is(pace.factor, 1, 'the plan as calibrated until a run finished');
  assert.ok(close(pace.estimate(200, 2), 1.05));
  pace.record(200, 2, 3.15);
  assert.ok(close(pace.factor, 3));
  assert.ok(close(pace.estimate(400, 2), 3 * 1.45), 'a bigger run scales by the same pace');
  pace.record(200, 2, 1.05);
  assert.ok(close(pace.factor, 2), 'pooled: (3.15 + 1.05) / (1.05 + 1.05)');
  pace.record(200, 0, 9);
  pace.record(200, 2, 0);
  assert.is(pace.runs, 2, 'runs without epochs or time say nothing about the pace');
  // Early stopping ends a run sooner: it is planned for the epochs it ran.
  pace.record(200, 1, runSeconds(cost, 200, 100, 1) * 2);
  assert.ok(close(pace.factor, 2));
  // The final model also reads the test part once: planned at the validation rate.
  assert.ok(close(pace.estimate(200, 2, 1000), 2 * (1.05 + 1000 * 5e-4)));
});

test('a phase stops starting runs once stopWhen says the next would not fit', async () => {
  await ready();
  const rng = new Rng(5);
  const n = 80, d = 4;
  const task = await prepareTask({ x: { data: new Float32Array(n * d).map(() => rng.uniform()), shape: [n, d] }, y: { data: Int32Array.from({ length: n }, () => rng.int(2)), shape: [n] } }, { validationSplit: 0.2, testSplit: 0.2, seed: 1, maxTokens: 10 }, 'data');
  registerTask('plan-test', Promise.resolve(task));
  const split = { validationSplit: 0.2, testSplit: 0.2, seed: 1, maxTokens: 10 };
  const config = baselineConfig({ family: 'mlp', hidden: [4] }, 1);
  const list = [1, 2, 3, 4].map((s) => ({ task: { key: 'plan-test', source: null, split }, run: { arm: 'baseline', seed: s, config, rows: 100, test: false }, metric: 'accuracy' as const, seed: 1 }));
  const asked: number[] = [];
  const runs = await runList(list, { name: 'arms', storage: undefined, maxEvals: 4, timeout: Infinity, parallelism: 1, workers: false, seed: 1, stopWhen: (finished) => (asked.push(finished), finished >= 2) });
  assert.is(runs.length, 2);
  assert.equal(asked, [1, 2]);
});

test.run();
