import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/rng.js';
import { acceptMass, adaptiveParzen, erfc, linearForgettingWeights, logMass, logPdf, normalMass, sampleMixture } from '../../src/search/parzen.js';
import { assertClose } from '../helpers.js';

test('erfc matches tabulated values (Abramowitz & Stegun table 7.1)', () => {
  assertClose([erfc(0), erfc(0.5), erfc(1), erfc(2), erfc(3), erfc(-1)], [1, 0.4795001222, 0.1572992070, 0.004677734981, 2.209049699e-5, 1.842700793], {
    rtol: 2e-7,
    atol: 0,
  });
  // tail masses stay accurate (no cancellation): P(6 <= Z < 7) = 9.8659e-10 - 1.2798e-12
  assertClose([normalMass(6, 7)], [9.8658765e-10 - 1.279813e-12], { rtol: 1e-5, atol: 0 });
});

test('linear forgetting: newest lf weights 1, older ramp from 1/n (hyperopt)', () => {
  assert.equal([...linearForgettingWeights(3, 25)], [1, 1, 1]);
  assertClose(linearForgettingWeights(6, 3), [1 / 6, 1 / 6 + (5 / 6) * 0.5, 1, 1, 1, 1]);
});

test('adaptive Parzen bandwidths follow hyperopt rules', () => {
  // obs 1, 4, 2 (time order), prior N(2.5, 10): sorted mus [1, 2, 2.5, 4], prior at index 2.
  const m = adaptiveParzen([1, 4, 2], 1, 2.5, 10, 25);
  assert.equal([...m.mu], [1, 2, 2.5, 4]);
  // neighbours: [1, max(1, .5), prior, 1.5] clipped to [10 / min(100, 5), 10] = [2, 10]; prior keeps 10
  assert.equal([...m.sigma], [2, 2, 10, 2]);
  assertClose(m.w, [0.25, 0.25, 0.25, 0.25]);
  // one observation: it gets half the prior's sigma
  const one = adaptiveParzen([7], 1, 0, 4, 25);
  assert.equal([...one.mu], [0, 7]);
  assert.equal([...one.sigma], [4, 2]);
  // no observation: the prior alone
  assert.equal([...adaptiveParzen([], 2, 1, 3, 25).sigma], [3]);
});

test('truncated density integrates to 1 and cell masses sum to 1', () => {
  const m = adaptiveParzen([0.2, 0.9, 0.5, 0.55, 3.7], 1, 2, 8, 25);
  const lo = -2;
  const hi = 6;
  const lp = Math.log(acceptMass(m, lo, hi));
  let integral = 0;
  const steps = 40000;
  const h = (hi - lo) / steps;
  for (let i = 0; i < steps; i++) integral += Math.exp(logPdf(m, lo + (i + 0.5) * h, lp)) * h;
  assertClose([integral], [1], { rtol: 1e-4, atol: 0 });
  let mass = 0;
  for (let x = lo; x < hi; x += 0.5) mass += Math.exp(logMass(m, x, x + 0.5, lp));
  assertClose([mass], [1], { rtol: 1e-6, atol: 0 });
});

test('samples follow the truncated density (histogram vs integrated pdf)', () => {
  const m = adaptiveParzen([1, 1.5, 4], 1, 2, 3, 25);
  const lo = 0;
  const hi = 5;
  const lp = Math.log(acceptMass(m, lo, hi));
  const rng = new Rng(5);
  const n = 20000;
  const bins = new Float64Array(10);
  for (let i = 0; i < n; i++) {
    const z = sampleMixture(m, lo, hi, rng);
    assert.ok(z >= lo && z < hi);
    bins[Math.floor(z * 2)]++;
  }
  const expected = Array.from({ length: 10 }, (_, b) => Math.exp(logMass(m, b / 2, (b + 1) / 2, lp)));
  assertClose(Array.from(bins, (c) => c / n), expected, { atol: 0.012, rtol: 0, label: 'bin frequencies' });
});

test.run();
