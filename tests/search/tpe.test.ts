// Acceptance: hyperopt's own TPE thresholds on its test domains with its budgets
// (hyperopt/tests/test_tpe.py, TestOpt: quadratic1 < 1e-5 in 1000, branin < 0.7 in 200,
// n_arms < -2.5 in 50), and TPE beating random search on average over 10 seeds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fmin, type FminOptions } from '../../src/search/fmin.js';
import { hp } from '../../src/search/space.js';
import { tpe } from '../../src/search/tpe.js';
import { compileSpace } from '../../src/search/compile.js';
import { Rng } from '../../src/rng.js';
import type { TrialRecord } from '../../src/search/trial.js';
import { branin, nArms, quadratic1, type Domain } from './domains.js';

async function best(d: Domain, algo: FminOptions['algo'], maxEvals: number, seed: number): Promise<number> {
  const f = d.make();
  const r = await fmin({ fn: (p) => f(p), space: d.space, algo, maxEvals, seed });
  assert.is(r.trials.length, maxEvals);
  return r.bestLoss as number;
}

test('quadratic1: best < 1e-5 in 1000 evals (defaults)', async () => {
  const loss = await best(quadratic1, 'tpe', 1000, 0);
  assert.ok(loss < 1e-5, `best ${loss}`);
});

test('branin: best < 0.7 in 200 evals', async () => {
  const loss = await best(branin, 'tpe', 200, 0);
  assert.ok(loss < 0.7, `best ${loss}`);
});

test('n_arms: best < -2.5 in 50 evals', async () => {
  const loss = await best(nArms, 'tpe', 50, 0);
  assert.ok(loss < -2.5, `best ${loss}`);
});

test('TPE beats random search on average over 10 seeds (branin 200, quadratic1 1000)', async () => {
  for (const [d, n] of [[branin, 200], [quadratic1, 1000]] as const) {
    let t = 0;
    let r = 0;
    for (let seed = 0; seed < 10; seed++) {
      t += await best(d, 'tpe', n, seed);
      r += await best(d, 'random', n, seed);
    }
    assert.ok(t < r, `${d.name}: mean best TPE ${t / 10} vs random ${r / 10}`);
  }
});

test('same seed, same search; different seed, different search', async () => {
  const run = async (seed: number) => (await fmin({ fn: quadratic1.make(), space: quadratic1.space, maxEvals: 40, seed })).trials.losses();
  assert.equal(await run(3), await run(3));
  assert.not.equal(await run(3), await run(4));
});

test('conditional space: TPE learns the good branch and tunes its parameter', async () => {
  // hyperopt's q1_choice: loss (o - x)^2 with o = -3 or 3 and x ~ U(-5, 5) per branch; plus a branch
  // whose loss is always >= 4, which TPE should learn to avoid.
  const space = hp.choice('branch', [
    { o: -3, x: hp.uniform('x_neg', -5, 5) },
    { o: 3, x: hp.uniform('x_pos', -5, 5) },
    { o: 100, x: hp.quniform('x_bad', -5, 5, 1) },
  ]);
  const r = await fmin({
    fn: (p: { o: number; x: number }) => (p.o === 100 ? 4 + p.x * p.x : (p.o - p.x) ** 2),
    space,
    algo: tpe(),
    maxEvals: 150,
    seed: 11,
  });
  const late = r.trials.trials.slice(100);
  const bad = late.filter((t) => (t.params as { o: number }).o === 100).length;
  assert.ok(bad < 10, `bad branch chosen ${bad} of 50 late trials`);
  assert.ok((r.bestLoss as number) < 1e-3, `best ${r.bestLoss}`);
  for (const t of r.trials.trials) {
    const labels = Object.keys(t.vals).sort();
    assert.is(labels.length, 2, `only the chosen branch's parameter is recorded: ${labels}`);
  }
});

test('log and quantized kinds: TPE finds a narrow optimum better than random', async () => {
  const space = { lr: hp.loguniform('lr', Math.log(1e-5), Math.log(1)), units: hp.qloguniform('units', Math.log(16), Math.log(1024), 16) };
  const fn = (p: { lr: number; units: number }) => Math.log10(p.lr / 3e-3) ** 2 + Math.log2(p.units / 256) ** 2;
  let t = 0;
  let r = 0;
  for (let seed = 0; seed < 5; seed++) {
    const a = await fmin({ fn, space, algo: 'tpe', maxEvals: 80, seed });
    const b = await fmin({ fn, space, algo: 'random', maxEvals: 80, seed });
    assert.ok(Number.isInteger((a.best as { units: number }).units));
    t += a.bestLoss as number;
    r += b.bestLoss as number;
  }
  assert.ok(t < r, `mean TPE ${t / 5} vs random ${r / 5}`);
});

test('constant liar: running trials push the next suggestion away from their point', async () => {
  const { trials } = await fmin({ fn: quadratic1.make(), space: quadratic1.space, algo: 'random', maxEvals: 40, seed: 8 });
  const done = trials.trials;
  const bestX = done.reduce((a, t) => ((t.loss as number) < (a.loss as number) ? t : a)).vals.x;
  const running: TrialRecord[] = [40, 41, 42, 43].map((tid) => ({ ...done[0], tid, vals: { x: bestX }, status: 'running', loss: null, intermediate: [] }));
  const cs = compileSpace(quadratic1.space);
  const algo = tpe();
  let near = 0;
  let nearWithPending = 0;
  for (let seed = 0; seed < 200; seed++) {
    const a = algo.suggest({ cs, history: done, tid: 40, rng: new Rng(seed) }).x;
    const b = algo.suggest({ cs, history: [...done, ...running], tid: 44, rng: new Rng(seed) }).x;
    if (Math.abs(a - bestX) < 0.1) near++;
    if (Math.abs(b - bestX) < 0.1) nearWithPending++;
  }
  assert.ok(nearWithPending < near / 2, `suggestions within 0.1 of the pending point: ${nearWithPending} vs ${near} without`);
});

test.run();
