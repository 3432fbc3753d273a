import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ValidationError } from '../../src/errors.js';
import { Rng } from '../../src/rng.js';
import { buildConfig, compileSpace, isActive, pointToVals } from '../../src/search/compile.js';
import { samplePrior } from '../../src/search/random.js';
import { hp } from '../../src/search/space.js';

function draws(space: unknown, n: number, seed = 1): unknown[] {
  const cs = compileSpace(space);
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => buildConfig(space, samplePrior(cs, rng)));
}

test('duplicate labels are a ValidationError naming the label', () => {
  const space = { a: hp.uniform('lr', 0, 1), b: hp.choice('c', [{ x: hp.normal('lr', 0, 1) }, 2]) };
  try {
    compileSpace(space);
    assert.unreachable('no error');
  } catch (e) {
    assert.instance(e, ValidationError);
    assert.is((e as ValidationError).arg, 'label');
    assert.is((e as ValidationError).got, '"lr"');
  }
});

test('bad expression arguments are typed errors', () => {
  assert.throws(() => hp.uniform('x', 1, 1), (e: unknown) => e instanceof ValidationError && e.arg === 'high');
  assert.throws(() => hp.normal('x', 0, 0), (e: unknown) => e instanceof ValidationError && e.arg === 'sigma');
  assert.throws(() => hp.quniform('x', 0, 1, 0), (e: unknown) => e instanceof ValidationError && e.arg === 'q');
  assert.throws(() => hp.choice('x', []), (e: unknown) => e instanceof ValidationError && e.arg === 'options');
  assert.throws(() => hp.pchoice('x', [[0.5, 1], [0.4, 2]]), (e: unknown) => e instanceof ValidationError && e.arg === 'options');
  assert.throws(() => hp.uniformint('x', 0.5, 3), (e: unknown) => e instanceof ValidationError && e.arg === 'low');
  assert.throws(() => hp.uniform('', 0, 1), (e: unknown) => e instanceof ValidationError && e.arg === 'label');
});

test('every kind samples inside its support; quantized ints are integers', () => {
  const space = {
    u: hp.uniform('u', -2, 3),
    qu: hp.quniform('qu', 0, 10, 2),
    ui: hp.uniformint('ui', 3, 7),
    lu: hp.loguniform('lu', Math.log(1e-4), Math.log(1e-1)),
    qlu: hp.qloguniform('qlu', Math.log(8), Math.log(512), 8),
    n: hp.normal('n', 5, 2),
    qn: hp.qnormal('qn', 0, 10, 0.5),
    ln: hp.lognormal('ln', 0, 1),
    qln: hp.qlognormal('qln', 2, 1, 1),
    ri: hp.randint('ri', 4),
    ri2: hp.randint('ri2', 10, 13),
  };
  const cfgs = draws(space, 2000) as Record<string, number>[];
  const col = (k: string) => cfgs.map((c) => c[k]);
  assert.ok(col('u').every((v) => v >= -2 && v < 3));
  assert.ok(col('qu').every((v) => Number.isInteger(v) && v % 2 === 0 && v >= 0 && v <= 10));
  assert.equal([...new Set(col('ui'))].sort(), [3, 4, 5, 6, 7]);
  assert.ok(col('lu').every((v) => v >= 1e-4 && v < 1e-1));
  // log-uniform: about a third of the mass per decade
  const lowDecade = col('lu').filter((v) => v < 1e-3).length / 2000;
  assert.ok(Math.abs(lowDecade - 1 / 3) < 0.04, `P(lu < 1e-3) = ${lowDecade}`);
  assert.ok(col('qlu').every((v) => Number.isInteger(v) && v % 8 === 0 && v >= 8 && v <= 512));
  const n = col('n');
  const mean = n.reduce((a, b) => a + b) / n.length;
  const sd = Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length);
  assert.ok(Math.abs(mean - 5) < 0.15 && Math.abs(sd - 2) < 0.15, `normal mean ${mean} sd ${sd}`);
  assert.ok(col('qn').every((v) => Math.round(v * 2) === v * 2));
  assert.ok(col('ln').every((v) => v > 0));
  assert.ok(col('qln').every((v) => Number.isInteger(v) && v >= 0));
  assert.equal([...new Set(col('ri'))].sort(), [0, 1, 2, 3]);
  assert.equal([...new Set(col('ri2'))].sort(), [10, 11, 12]);
});

test('choices return the chosen values; nested expressions are sampled only when chosen', () => {
  const space = {
    optimizer: hp.choice('optimizer', ['adam', 'sgd']),
    third: hp.choice('third', [null, { units: hp.uniformint('units3', 64, 1024), dropout: hp.uniform('dropout3', 0.25, 0.75) }]),
  };
  const cs = compileSpace(space);
  assert.equal(
    cs.params.map((p) => [p.label, p.conds.map((c) => `${c.label}=${c.index}`).join(',')]),
    [
      ['optimizer', ''],
      ['third', ''],
      ['units3', 'third=1'],
      ['dropout3', 'third=1'],
    ],
  );
  const rng = new Rng(7);
  let withThird = 0;
  for (let i = 0; i < 200; i++) {
    const vals = samplePrior(cs, rng);
    const cfg = buildConfig(space, vals) as { optimizer: string; third: null | { units: number; dropout: number } };
    assert.ok(cfg.optimizer === 'adam' || cfg.optimizer === 'sgd');
    if (cfg.third === null) {
      assert.not.ok('units3' in vals, 'inactive parameter sampled');
    } else {
      withThird++;
      assert.ok(Number.isInteger(cfg.third.units) && cfg.third.units >= 64 && cfg.third.units <= 1024);
      assert.ok(isActive(cs.byLabel.get('dropout3')!, vals));
    }
  }
  assert.ok(withThird > 70 && withThird < 130, `third layer chosen ${withThird}/200`);
});

test('pchoice follows its probabilities', () => {
  const cfgs = draws(hp.pchoice('p', [[0.8, 'a'], [0.2, 'b']]), 4000, 3);
  const a = cfgs.filter((c) => c === 'a').length / 4000;
  assert.ok(Math.abs(a - 0.8) < 0.025, `P(a) = ${a}`);
});

test('pointToVals accepts option values or { index } and rejects others', () => {
  const space = { o: hp.choice('o', ['adam', { lr: hp.loguniform('lr', -5, 0) }]), b: hp.uniformint('b', 1, 4) };
  const cs = compileSpace(space);
  assert.equal(pointToVals(cs, { o: 'adam', b: 2 }, 'f', 'p'), { o: 0, b: 2 });
  assert.equal(pointToVals(cs, { o: { index: 1 }, lr: 0.1, b: 3.2 }, 'f', 'p'), { o: 1, lr: 0.1, b: 3 });
  assert.throws(() => pointToVals(cs, { o: 'rmsprop', b: 1 }, 'f', 'p'), (e: unknown) => e instanceof ValidationError && e.arg === 'p.o');
  assert.throws(() => pointToVals(cs, { o: 'adam' }, 'f', 'p'), (e: unknown) => e instanceof ValidationError && e.arg === 'p.b');
});

test.run();
