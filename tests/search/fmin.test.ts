import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimdnetError, ValidationError } from '../../src/errors.js';
import { fmin } from '../../src/search/fmin.js';
import { enumerateGrid } from '../../src/search/grid.js';
import { compileSpace } from '../../src/search/compile.js';
import { hp } from '../../src/search/space.js';
import { Trials } from '../../src/search/trials.js';
import { quadratic1 } from './domains.js';
import { noProgressLoss } from '../../src/search/early-stop.js';

test('async objectives, {loss, status, ...extra}, and failures recorded without stopping', async () => {
  const r = await fmin({
    fn: async (x: number) => {
      await new Promise((res) => setTimeout(res, 0));
      if (x < -3) throw new Error('too small');
      if (x > 4) return { status: 'fail' as const, error: 'too big' };
      if (x > 3.5) return NaN;
      return { loss: (x - 1) ** 2, note: `x=${x.toFixed(2)}` };
    },
    space: hp.uniform('x', -5, 5),
    algo: 'random',
    maxEvals: 60,
    seed: 2,
  });
  const ts = r.trials.trials;
  assert.is(ts.length, 60);
  const fails = ts.filter((t) => t.status === 'fail');
  assert.ok(fails.some((t) => t.error === 'too small'));
  assert.ok(fails.some((t) => t.error === 'too big'));
  assert.ok(fails.some((t) => t.error?.includes('non-finite')));
  for (const t of ts) if (t.status === 'ok') assert.is(t.result.note, `x=${(t.params as number).toFixed(2)}`);
  assert.is(r.bestLoss, Math.min(...ts.filter((t) => t.status === 'ok').map((t) => t.loss as number)));
  assert.is(r.best, r.bestTrial!.params);
});

test('pointsToEvaluate run first; earlyStopFn stops; the same Trials continues to maxEvals', async () => {
  const trials = new Trials();
  const space = { o: hp.choice('o', ['a', 'b']), x: hp.uniform('x', -5, 5) };
  const fn = (p: { o: string; x: number }) => (p.o === 'a' ? 1 : 0) + (p.x - 3) ** 2;
  const r1 = await fmin({ fn, space, maxEvals: 100, trials, seed: 1, pointsToEvaluate: [{ o: 'b', x: 3 }], earlyStopFn: (t) => t.length >= 5 });
  assert.is(trials.length, 5);
  assert.equal(trials.trials[0].params, { o: 'b', x: 3 });
  assert.is(r1.bestLoss, 0);
  await fmin({ fn, space, maxEvals: 30, trials, seed: 1 });
  assert.is(trials.length, 30);
  assert.equal(trials.trials.map((t) => t.tid), [...Array(30).keys()]);
});

test('timeout: no trial starts after the deadline', async () => {
  const r = await fmin({ fn: async () => new Promise<number>((res) => setTimeout(() => res(1), 20)), space: hp.uniform('x', 0, 1), maxEvals: 1000, timeout: 0.1, seed: 1 });
  const starts = r.trials.trials.map((t) => t.startedAt - r.trials.trials[0].startedAt);
  assert.ok(r.trials.length >= 1 && r.trials.length < 20, `${r.trials.length} trials`);
  // Each start follows a deadline check with no await in between (a millisecond of clock granularity).
  assert.ok(Math.max(...starts) <= 101, `last start at ${Math.max(...starts)} ms`);
});

test('parallelism with an async in-thread objective runs trials concurrently', async () => {
  let active = 0;
  let peak = 0;
  const r = await fmin({
    fn: async (x: number) => {
      peak = Math.max(peak, ++active);
      await new Promise((res) => setTimeout(res, 5));
      active--;
      return x * x;
    },
    space: hp.uniform('x', -1, 1),
    maxEvals: 40,
    parallelism: 4,
    seed: 3,
  });
  assert.is(peak, 4);
  assert.is(r.trials.finished, 40);
  assert.equal(new Set(r.trials.trials.map((t) => t.tid)).size, 40);
});

test('grid: enumerates conditional finite spaces once each, then stops', async () => {
  const space = { opt: hp.choice('opt', ['sgd', { name: 'adam', beta: hp.choice('beta', [0.9, 0.99]) }]), batch: hp.quniform('batch', 32, 128, 32), u: hp.uniformint('u', 1, 2) };
  assert.is(enumerateGrid(compileSpace(space)).length, 3 * 4 * 2);
  const seen = new Set<string>();
  const r = await fmin({ fn: (p) => (seen.add(JSON.stringify(p)), 0), space, algo: 'grid', maxEvals: 1000, seed: 0 });
  assert.is(r.trials.length, 24);
  assert.is(seen.size, 24);
  assert.ok(seen.has(JSON.stringify({ opt: { name: 'adam', beta: 0.99 }, batch: 96, u: 2 })));
  assert.throws(() => enumerateGrid(compileSpace({ x: hp.uniform('x', 0, 1) })), (e: unknown) => e instanceof ValidationError && e.arg === 'x');
});

test('anneal improves on its own startup and beats random on quadratic1', async () => {
  let a = 0;
  let r = 0;
  for (let seed = 0; seed < 5; seed++) {
    a += (await fmin({ fn: quadratic1.make(), space: quadratic1.space, algo: 'anneal', maxEvals: 100, seed })).bestLoss as number;
    r += (await fmin({ fn: quadratic1.make(), space: quadratic1.space, algo: 'random', maxEvals: 100, seed })).bestLoss as number;
  }
  assert.ok(a < r, `anneal ${a / 5} vs random ${r / 5}`);
});

test('bad options are typed errors', async () => {
  const space = hp.uniform('x', 0, 1);
  const rejects = async (opts: unknown, arg: string) => {
    try {
      await fmin(opts as never);
      assert.unreachable('no error');
    } catch (e) {
      assert.instance(e, ValidationError);
      assert.is((e as ValidationError).arg, arg);
    }
  };
  await rejects({ fn: () => 0, space, maxEvals: -1 }, 'maxEvals');
  await rejects({ fn: () => 0, space, maxEvals: 3, algo: 'bayes' }, 'algo');
  await rejects({ fn: 5, space, maxEvals: 3 }, 'fn');
  await rejects({ fn: () => 0, space, maxEvals: 3, maxevals: 3 }, 'maxevals');
  await rejects({ fn: () => 0, space: { a: hp.uniform('x', 0, 1), b: hp.uniform('x', 0, 2) }, maxEvals: 3 }, 'label');
});

test('a Trials reused with another space is refused (ERR_STATE)', async () => {
  const trials = new Trials();
  await fmin({ fn: (x: number) => x, space: hp.uniform('x', 0, 1), maxEvals: 3, trials, seed: 1 });
  try {
    await fmin({ fn: (x: number) => x, space: hp.uniform('x', 0, 2), maxEvals: 6, trials, seed: 1 });
    assert.unreachable('no error');
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_STATE');
  }
});

test('noProgressLoss stops after N trials without improvement (hyperopt semantics)', async () => {
  // stale counts: 5 (1), 4 (0), 4.5 (1), 4.2 (2), 3 (0), 3.5 (1), 3.5 (2), 3.5 (3): stops after the 8th
  const losses = [5, 4, 4.5, 4.2, 3, 3.5, 3.5, 3.5, 1, 1];
  const r = await fmin({ fn: (_: number, t) => losses[t.tid], space: hp.uniform('x', 0, 1), maxEvals: 10, seed: 1, earlyStopFn: noProgressLoss(3) });
  assert.is(r.trials.length, 8);
  // percentIncrease 5: 3.7 beats 4 by more than 5%; 3.6, 3.55, 3.52 do not beat 3.7 by 5% (3.515)
  const r2 = await fmin({ fn: (_: number, t) => [4, 3.7, 3.6, 3.55, 3.52, 1][t.tid], space: hp.uniform('x', 0, 1), maxEvals: 6, seed: 1, earlyStopFn: noProgressLoss(3, 5) });
  assert.is(r2.trials.length, 5);
});

test.run();
