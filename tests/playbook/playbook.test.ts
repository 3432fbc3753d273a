// The playbook on a synthetic task where the answer is known: pure-noise features and random
// labels, an over-parameterised MLP trained 30 epochs. The baseline memorises the training rows, so
// its validation cross-entropy climbs far above ln 2; a strong L2 penalty keeps the predictions near
// 1/2 (it must help), while L1 = 1e-9 changes nothing that matters (no clear effect).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetError, playbook, playbookJson, type PlaybookOptions, type PlaybookResult } from '../../src/playbook/index.js';
import { SimdnetError, ValidationError } from '../../src/errors.js';
import { Rng } from '../../src/rng.js';
import { pairedComparison, t975, verdictOf } from '../../src/playbook/stats.js';
import { runList } from '../../src/playbook/phases.js';
import { JournalStorage } from '../../src/search/journal.js';

test('paired t interval: known numbers', () => {
  assert.is(t975(2), 4.303);
  assert.ok(Math.abs(t975(60) - 2.0003) < 1e-3, `t(0.975, 60) = 2.000, got ${t975(60)}`);
  // d = (0.02, 0.03, 0.04): mean 0.03, sd 0.01, half-width 4.303 * 0.01 / sqrt 3 = 0.024843.
  const c = pairedComparison(new Map([[1, 0.92], [2, 0.93], [3, 0.95]]), new Map([[1, 0.9], [2, 0.9], [3, 0.91], [4, 0.5]]));
  assert.is(c.n, 3, 'seed 4 has no pair');
  assert.ok(Math.abs(c.meanDiff - 0.03) < 1e-12);
  assert.ok(Math.abs((c.ci[0] as number) - (0.03 - 0.024843)) < 1e-5 && Math.abs((c.ci[1] as number) - (0.03 + 0.024843)) < 1e-5, JSON.stringify(c.ci));
  assert.is(verdictOf(c, true), 'helps');
  assert.is(verdictOf(c, false), 'hurts', 'a loss that rises');
  assert.is(verdictOf(c, true, 0.05), 'no clear effect', 'below the practical threshold');
  assert.equal(pairedComparison(new Map([[1, 1]]), new Map([[1, 0]])).ci, [null, null]);
});


function noise(n: number, d: number, seed: number) {
  const rng = new Rng(seed);
  return {
    x: { data: new Float32Array(n * d).map(() => rng.uniform() * 2 - 1), shape: [n, d] },
    y: { data: Int32Array.from({ length: n }, () => rng.int(2)), shape: [n] },
  };
}

const synthetic: PlaybookOptions = {
  data: noise(200, 50, 7), model: { family: 'mlp', hidden: [128] }, metric: 'loss', epochs: 30,
  strategies: { l2: [1e-2], l1: [1e-9] }, budget: '12runs', search: false,
};

let result: PlaybookResult;

test('the playbook ranks a helping strategy above one that does nothing', async () => {
  result = await playbook(synthetic);
  const byStrategy = Object.fromEntries(result.arms.map((a) => [a.strategy, a]));
  assert.is(byStrategy.l2.verdict, 'helps', `l2: ${JSON.stringify(byStrategy.l2)}`);
  assert.is(byStrategy.l1.verdict, 'no clear effect', `l1: ${JSON.stringify(byStrategy.l1)}`);
  assert.ok(byStrategy.l2.meanDiff < -0.05, 'L2 lowers the validation loss by a visible margin');
  assert.ok((byStrategy.l2.ci[1] as number) < 0, 'and its whole interval is below 0');
  assert.ok(Math.abs(byStrategy.l1.meanDiff) < 1e-3, 'L1 = 1e-9 moves the loss by less than 0.1%');
  assert.is(byStrategy.l2.runs, 3);
  assert.is(result.baseline.metrics.length, 3);
  assert.ok(result.baseline.mean > Math.log(2), 'the baseline overfits: worse than predicting 1/2');
  assert.is(result.final.config.l2, 1e-2, 'the final configuration keeps the helping L2');
  assert.ok(Number.isFinite(result.final.testMetric));
  assert.is(result.budget.runs, 3 + 2 + 4 + 2, 'baseline, two first seeds, four more seeds, final (selection and refit)');
});

test('the JSON has exactly the contract fields', () => {
  const json = playbookJson(result) as { arms: Record<string, unknown>[]; final: Record<string, unknown> };
  const round = JSON.parse(JSON.stringify(json));
  assert.equal(round, json, 'plain JSON (no Infinity, NaN or undefined)');
  for (const a of json.arms) {
    assert.equal(Object.keys(a), ['strategy', 'setting', 'metric', 'baseline', 'mean', 'meanDiff', 'ci', 'verdict', 'runs']);
    assert.ok(['helps', 'hurts', 'no clear effect', 'pruned'].includes(a.verdict as string));
    assert.is((a.ci as unknown[]).length, 2);
    assert.type(a.runs, 'number');
    assert.is(a.metric, 'loss');
  }
  assert.equal(Object.keys(json.final), ['config', 'testMetric', 'metric']);
  assert.type(json.final.testMetric, 'number');
  assert.is((json.final.config as { l2: number }).l2, 1e-2);
});

test('successive halving prunes a losing arm after its first seed and says so', async () => {
  // sgd at its default rate learns far less in 3 epochs than rmsprop: below the baseline and the median.
  const r = await playbook({ ...synthetic, metric: 'accuracy', epochs: 3, data: separable(), strategies: { optimizer: ['sgd'], l1: [1e-9], l2: [1e-9] }, budget: '20runs' });
  const sgd = r.arms.find((a) => a.strategy === 'optimizer');
  assert.is(sgd?.verdict, 'pruned');
  assert.is(sgd?.runs, 1);
  assert.ok(r.pruned.some((p) => p.setting === 'sgd' && /successive halving/.test(p.reason)));
});

function separable() {
  const rng = new Rng(3);
  const n = 300, d = 10;
  const x = new Float32Array(n * d).map(() => rng.uniform() * 2 - 1);
  const y = Int32Array.from({ length: n }, (_, i) => (x[i * d] + x[i * d + 1] > 0 ? 1 : 0));
  return { x: { data: x, shape: [n, d] }, y: { data: y, shape: [n] } };
}

test('bad input: typed errors before anything is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-playbook-err-'));
  const journal = join(dir, 'pb');
  const rejects = async (o: Partial<PlaybookOptions>, check: (e: SimdnetError) => void) => {
    try {
      await playbook({ ...synthetic, journal, ...o });
    } catch (e) {
      assert.instance(e, SimdnetError);
      check(e as SimdnetError);
      return;
    }
    assert.unreachable(`no error for ${JSON.stringify(Object.keys(o))}`);
  };
  await rejects({ budget: '3runs' }, (e) => {
    assert.instance(e, BudgetError);
    assert.equal((e as BudgetError).needed, { runs: 5 }, 'three baseline seeds and the final model\'s selection and refit');
    assert.match(e.message, /5 runs/);
  });
  await rejects({ budget: { seconds: 0.001 } }, (e) => {
    assert.instance(e, BudgetError);
    assert.ok('seconds' in (e as BudgetError).needed);
  });
  await rejects({ budget: 'soon' }, (e) => assert.is(e.arg, 'budget'));
  await rejects({ metric: 'mae' }, (e) => {
    assert.instance(e, ValidationError);
    assert.is(e.arg, 'metric');
  });
  await rejects({ strategies: ['l2', 'mixup' as never] }, (e) => {
    assert.is(e.arg, 'strategies');
    assert.match(e.message, /mixup/);
  });
  await rejects({ strategies: { dropout: [1.5] } }, (e) => assert.is(e.arg, 'strategies.dropout'));
  await rejects({ data: noise(12, 3, 1) }, (e) => {
    assert.is(e.arg, 'data');
    assert.match(e.message, /at least \d+ samples/);
  });
  await rejects({ data: { x: noise(100, 3, 1).x, y: { data: new Float32Array(100).map((_, i) => i / 7), shape: [100] } }, metric: 'accuracy' }, (e) => assert.is(e.arg, 'metric'));
  assert.equal(readdirSync(dir), [], 'no journal file was created');
});

test('a study interrupted mid-phase resumes from its journal to the same result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-playbook-resume-'));
  const journal = join(dir, 'pb');
  const whole = await playbook({ ...synthetic, journal });
  const arms = `${journal}.arms.jsonl`;
  const finishes = (p: string) => readFileSync(p, 'utf8').split('\n').filter((l) => l.includes('"op":"finish"')).length;
  assert.is(finishes(arms), 5);
  // A crash after the third finished run of the first phase: later events and phases never written.
  const lines = readFileSync(arms, 'utf8').split('\n');
  const third = lines.findIndex((l, i) => l.includes('"op":"finish"') && lines.slice(0, i + 1).filter((m) => m.includes('"op":"finish"')).length === 3);
  writeFileSync(arms, lines.slice(0, third + 1).join('\n') + '\n{"op":"start","tid":3,"vals":{"ar');
  for (const phase of ['seeds', 'final']) rmSync(`${journal}.${phase}.jsonl`);
  let ran = 0;
  const resumed = await playbook({ ...synthetic, journal, onProgress: (l) => void (/ ok /.test(l) && ran++) });
  assert.equal(playbookJson(resumed).arms, playbookJson(whole).arms, 'same arms, same numbers');
  assert.is(resumed.final.testMetric, whole.final.testMetric);
  assert.is(ran, 2 + 4 + 1, 'only the runs missing from the journal ran again');
  // Rerunning a finished study trains nothing.
  ran = 0;
  const again = await playbook({ ...synthetic, journal, onProgress: (l) => void (/ ok /.test(l) && ran++) });
  assert.is(ran, 0);
  assert.is(again.final.testMetric, whole.final.testMetric, 'the test set is not touched again: the journaled number is reused');
});

test('a search space the budget can cover is tried once per point, not sampled again and again', async () => {
  // l2 helps (above); the search covers it and l1 if l1's (tiny) mean is on the better side, each
  // a choice of {0, its setting}: 2 or 4 points. Every trial trains seed 1, so a repeat gives the
  // same number; TPE used to spend the whole rest of the budget (29 trials).
  const lines: string[] = [];
  const r = await playbook({ ...synthetic, search: true, budget: '40runs', onProgress: (l) => lines.push(l) });
  assert.ok(r.search, 'a search ran');
  assert.ok(r.search.strategies.includes('l2'), JSON.stringify(r.search.strategies));
  const points = 2 ** r.search.strategies.length;
  assert.is(r.search.trials, points, `trials: ${r.search.trials}`);
  assert.ok(lines.some((l) => new RegExp(`search: all ${points} combinations of .*\\(grid\\)`).test(l)), lines.join('\n'));
  assert.is(r.budget.runs, 3 + 2 + 4 + points + 2, 'baseline, first seeds, more seeds, one trial per point, final');
});

test('a phase the wall-clock budget leaves no time for runs nothing and is not a failure', async () => {
  // The MNIST --budget 30m run of 2026-12-03 (load 9) spent its time in the arms phase; the seeds
  // phase then started with timeout 0 and fmin's "no trial ran" ended the whole study.
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-playbook-timeout-'));
  const list = [0, 1].map((i) => ({ task: { key: 'memory', source: null, split: { validationSplit: 0.2, testSplit: 0.2, seed: 1, maxTokens: 10 } }, run: { arm: 'x', seed: i + 1, config: {} as never, rows: 1, test: false }, metric: 'accuracy' as const, seed: 1 }));
  let started = 0;
  const runs = await runList(list, { name: 'seeds', storage: new JournalStorage(join(dir, 'pb.seeds.jsonl')), maxEvals: 2, timeout: 0, parallelism: 1, workers: false, seed: 1, onRun: () => void started++ });
  assert.equal(runs, []);
  assert.is(started, 0);
});

test('a wall-clock budget: the study ends with the final model, arms it had no time for are pruned for the budget', async () => {
  const r = await playbook({ ...synthetic, budget: { seconds: 3 }, epochs: 5 });
  assert.ok(Number.isFinite(r.final.testMetric), 'the final model was trained and tested');
  assert.ok('seconds' in r.budget.given);
  for (const a of r.arms) {
    // Either the arm has its k paired seeds (a verdict from the interval), or it is pruned and says why.
    if (a.runs < 3) {
      assert.is(a.verdict, 'pruned', JSON.stringify(a));
      assert.ok(r.pruned.some((p) => p.strategy === a.strategy && p.setting === a.setting), `a reason for ${a.strategy}=${a.setting}`);
    } else assert.ok(a.verdict !== 'pruned' || r.pruned.some((p) => p.strategy === a.strategy && /successive halving/.test(p.reason)));
  }
});

test.run();
