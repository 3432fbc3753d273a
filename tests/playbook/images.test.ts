// The playbook on images with the CNN base (issue 17: "the CNN for images once conv layers exist"):
// a tiny image task (8x8 bars, horizontal or vertical, at a random row or column, plus noise) run
// end to end with every strategy that reaches the CNN's blocks, the MLP fallback for images the
// CNN does not fit, the --model choice, and a wall-clock budget whose plan is re-estimated from
// the measured run times and says so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { playbook } from '../../src/playbook/index.js';
import { configCode } from '../../src/playbook/config.js';
import { ValidationError } from '../../src/errors.js';
import { bars } from './bars.js';

test('images train on the CNN by default, and every CNN strategy runs as an arm', async () => {
  const lines: string[] = [];
  const r = await playbook({
    data: bars(160, 8, 1), epochs: 2, seeds: 2, budget: '14runs', search: false,
    strategies: { dropout: [0.25], batchNorm: true, l2: [1e-3], augmentation: true }, onProgress: (l) => lines.push(l),
  });
  assert.is(r.task.kind, 'image');
  assert.equal(r.baseline.config.model, { family: 'cnn', filters: [32, 64], kernelSize: 3, poolSize: 2, hidden: [128] });
  assert.equal(r.arms.map((a) => a.strategy), ['dropout', 'batchNorm', 'l2', 'augmentation'], 'in the order asked');
  for (const a of r.arms) assert.ok(a.runs >= 1 && Number.isFinite(a.mean), JSON.stringify(a));
  assert.is(r.failures.length, 0, JSON.stringify(r.failures));
  assert.ok(Number.isFinite(r.final.testMetric));
  assert.is(r.final.config.model.family, 'cnn');
  const code = configCode(r.final.config, r.task.kind, r.task.inputShape, r.task.head);
  assert.match(code, /conv2d\(\{ filters: 32, kernelSize: 3, activation: 'relu', inputShape: \[8, 8, 1\] \}\)/);
  assert.not.ok(lines.some((l) => /too small/.test(l)));
});

test('images the default CNN does not fit get the MLP, and the progress says so', async () => {
  const lines: string[] = [];
  const r = await playbook({ data: bars(100, 5, 2), epochs: 1, seeds: 2, budget: '4runs', strategies: ['l2'], search: false, onProgress: (l) => lines.push(l) });
  assert.equal(r.baseline.config.model, { family: 'mlp', hidden: [512, 512] });
  assert.ok(lines.some((l) => /images of 5x5 are too small for the default CNN/.test(l)), lines.join('\n'));
  const mlp = await playbook({ data: bars(100, 8, 2), model: 'mlp', epochs: 1, seeds: 2, budget: '4runs', strategies: ['l2'], search: false });
  assert.equal(mlp.baseline.config.model, { family: 'mlp', hidden: [512, 512] }, "model: 'mlp' on images");
});

test("model: 'cnn' on data that is not images is a typed error, before anything is written", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-playbook-cnn-'));
  const flat = bars(100, 8, 3);
  try {
    await playbook({ data: { x: { data: flat.x.data, shape: [100, 64] }, y: flat.y }, model: 'cnn', journal: join(dir, 'pb') });
    assert.unreachable('no error');
  } catch (e) {
    assert.instance(e, ValidationError);
    assert.is((e as ValidationError).arg, 'model');
    assert.match((e as Error).message, /CNN needs images/);
  }
  assert.equal(readdirSync(dir), []);
});

test('a wall-clock budget re-estimates its plan from the measured run times and says so', async () => {
  const lines: string[] = [];
  const r = await playbook({
    data: bars(160, 8, 4), model: { family: 'cnn', filters: [4], kernelSize: 3, poolSize: 2, hidden: [] }, epochs: 2, seeds: 2,
    budget: { seconds: 60 }, strategies: { dropout: [0.25], l2: [1e-3] }, search: false, onProgress: (l) => lines.push(l),
  });
  assert.ok(lines.some((l) => /re-estimated from each run's measured time/.test(l)), 'the plan says it will be re-estimated');
  const paced = lines.filter((l) => / ok .*pace x\d+\.\d\d of the plan over \d+ run\(s\): study run ~[\d.]+s, final model ~\d+s, time for ~\d+ more/.test(l));
  const trained = lines.filter((l) => /^(arms|seeds|final|refit) \d+: .* ok /.test(l));
  assert.is(paced.length, trained.length, lines.join('\n'));
  assert.ok(r.budget.pace !== null && r.budget.pace.runs === trained.length, 'every run of this process counts, the final model too');
  assert.ok(r.budget.pace.factor > 0 && Number.isFinite(r.budget.pace.factor));
  const runs = await playbook({ data: bars(160, 8, 4), epochs: 1, seeds: 2, budget: '4runs', strategies: ['l2'], search: false });
  assert.is(runs.budget.pace, null, 'a runs budget has no time plan');
});

test.run();
