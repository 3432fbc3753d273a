// Initializers: Keras formulas checked through sample statistics. For n = 200k draws the sample
// mean of a distribution with stddev s has stddev s / sqrt(n) = 0.0022 s, so |mean| < 0.01 s is a
// 4.5-sigma bound; the sample stddev's relative error is about 1 / sqrt(2n) = 0.0016, so a 1%
// bound is over 6 sigma. Bounds on uniform ranges are exact (no value outside the limit).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initializers, Rng, ValidationError } from '../../src/index.js';
const { glorotUniform, glorotNormal, heNormal, heUniform, lecunNormal, zeros, ones, randomNormal, randomUniform, truncatedNormal, computeFans, TRUNCATED_NORMAL_STDDEV, getInitializer } = initializers;

const SHAPE = [400, 500]; // fanIn 400, fanOut 500, 200k values

function stats(a: Float32Array) {
  let s = 0;
  let s2 = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    s += v;
    s2 += v * v;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const mean = s / a.length;
  return { mean, std: Math.sqrt(s2 / a.length - mean * mean), lo, hi };
}

function draw(init: initializers.Initializer, shape = SHAPE, seed = 1) {
  const a = new Float32Array(shape.reduce((x, y) => x * y, 1));
  init.fill(a, shape, new Rng(seed));
  return a;
}

const cases: [string, initializers.Initializer, number, number | null][] = [
  // name, initializer, expected stddev, uniform limit (null for normals)
  ['glorotUniform', glorotUniform(), Math.sqrt(2 / 900), Math.sqrt(6 / 900)],
  ['heUniform', heUniform(), Math.sqrt(2 / 400), Math.sqrt(6 / 400)],
  ['glorotNormal', glorotNormal(), Math.sqrt(2 / 900), null],
  ['heNormal', heNormal(), Math.sqrt(2 / 400), null],
  ['lecunNormal', lecunNormal(), Math.sqrt(1 / 400), null],
  ['randomNormal', randomNormal({ stddev: 0.2 }), 0.2, null],
  ['randomUniform', randomUniform({ minval: -0.3, maxval: 0.3 }), 0.3 / Math.sqrt(3), 0.3],
  // Keras TruncatedNormal: stddev is the untruncated one, so the sample stddev is 0.8796 * 0.05.
  ['truncatedNormal', truncatedNormal(), 0.05 * TRUNCATED_NORMAL_STDDEV, null],
];

for (const [name, init, std, limit] of cases) {
  test(`${name}: mean ~ 0, stddev ${std.toPrecision(4)} within 1%${limit ? ', inside the limit' : ''}`, () => {
    const s = stats(draw(init));
    assert.ok(Math.abs(s.mean) < 0.01 * std, `mean ${s.mean}`);
    assert.ok(Math.abs(s.std / std - 1) < 0.01, `std ${s.std} vs ${std}`);
    if (limit) assert.ok(s.lo >= -limit && s.hi <= limit && s.hi > 0.99 * limit, `range [${s.lo}, ${s.hi}] vs ${limit}`);
  });
}

test('truncated normals never exceed 2 stddev of the untruncated distribution', () => {
  const s = stats(draw(heNormal()));
  const sigma = Math.sqrt(2 / 400) / TRUNCATED_NORMAL_STDDEV;
  assert.ok(s.hi <= 2 * sigma + 1e-7 && s.lo >= -2 * sigma - 1e-7, `[${s.lo}, ${s.hi}] vs ${2 * sigma}`);
  assert.ok(s.hi > 1.9 * sigma);
});

test('zeros and ones', () => {
  assert.ok(draw(zeros(), [3, 4]).every((v) => v === 0));
  assert.ok(draw(ones(), [7]).every((v) => v === 1));
});

test('seeded: same stream same values; an own seed repeats on every call', () => {
  assert.equal(draw(glorotUniform(), [30, 20], 5), draw(glorotUniform(), [30, 20], 5));
  assert.not.equal(draw(glorotUniform(), [30, 20], 5), draw(glorotUniform(), [30, 20], 6));
  const own = heNormal({ seed: 42 });
  assert.equal(draw(own, [10, 10], 1), draw(own, [10, 10], 2));
});

test('fans follow Keras compute_fans', () => {
  assert.equal(computeFans([5]), { fanIn: 5, fanOut: 5 });
  assert.equal(computeFans([3, 7]), { fanIn: 3, fanOut: 7 });
  assert.equal(computeFans([3, 3, 16, 32]), { fanIn: 144, fanOut: 288 });
});

test('names resolve (camelCase and snake_case); bad ones throw typed errors', () => {
  assert.is(getInitializer('f', 'a', 'glorot_uniform').className, 'GlorotUniform');
  assert.is(getInitializer('f', 'a', 'heNormal').className, 'HeNormal');
  try {
    getInitializer('dense', 'kernelInitializer', 'glorot');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ValidationError);
    assert.is((e as ValidationError).fn, 'dense');
    assert.is((e as ValidationError).arg, 'kernelInitializer');
  }
  assert.throws(() => randomUniform({ minval: 1, maxval: 0 }), (e: ValidationError) => e.arg === 'maxval');
});

test.run();
