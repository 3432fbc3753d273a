// Every schedule against the formula in Keras 3's documentation (transcribed here in float64, term
// by term), at many steps, plus values worked out by hand from the documented examples.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  exponentialDecay, stepDecay, inverseTimeDecay, polynomialDecay, piecewiseConstantDecay,
  cosineDecay, cosineDecayRestarts,
} from '../../src/schedules/index.js';
import { ValidationError } from '../../src/errors.js';
import type { Schedule } from '../../src/callbacks/callback.js';

const STEPS = Array.from({ length: 400 }, (_, i) => i * 37 + (i % 3));

function near(a: number, e: number, what: string, tol = 1e-12): void {
  assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}: got ${a}, expected ${e}`);
}

function against(s: Schedule, ref: (step: number) => number, name: string): void {
  for (const step of STEPS) near(s(step), ref(step), `${name} at step ${step}`);
}

test('exponentialDecay: initial * rate^(step / decaySteps), floored exponent with staircase', () => {
  const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 });
  against(s, (t) => 0.1 * Math.pow(0.96, t / 1000), 'smooth');
  near(s(0), 0.1, 'step 0');
  near(s(1000), 0.096, 'step 1000');
  near(s(500), 0.1 * Math.sqrt(0.96), 'step 500');
  const st = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96, staircase: true });
  against(st, (t) => 0.1 * Math.pow(0.96, Math.floor(t / 1000)), 'staircase');
  near(st(999), 0.1, 'staircase 999');
  near(st(1999), 0.096, 'staircase 1999');
  near(st(2000), 0.09216, 'staircase 2000');
});

test("stepDecay: the seed's initial * drop^floor((1 + epoch) / epochsDrop)", () => {
  const s = stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 });
  const expected = [...Array(9).fill(0.1), ...Array(10).fill(0.05), 0.025];
  expected.forEach((e, epoch) => near(s(epoch), e, `epoch ${epoch}`));
  against(s, (e) => 0.1 * Math.pow(0.5, Math.floor((1 + e) / 10)), 'formula');
  const perStep = stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10, stepsPerEpoch: 100 });
  near(perStep(899), 0.1, 'step 899 (epoch 8)');
  near(perStep(900), 0.05, 'step 900 (epoch 9)');
});

test('inverseTimeDecay: initial / (1 + rate * step / decaySteps)', () => {
  const s = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
  near(s(0), 0.1, 'step 0');
  near(s(1), 0.1 / 1.5, 'step 1');
  near(s(2), 0.05, 'step 2');
  const s2 = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 250, decayRate: 0.3 });
  against(s2, (t) => 0.1 / (1 + 0.3 * (t / 250)), 'smooth');
  const st = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
  near(st(9), 0.1, 'staircase 9');
  near(st(10), 0.1 / 1.5, 'staircase 10');
  against(st, (t) => 0.1 / (1 + 0.5 * Math.floor(t / 10)), 'staircase');
});

test('polynomialDecay: (initial - end) * (1 - min(step, T) / T)^power + end; cycle stretches T', () => {
  const s = polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10000, endLearningRate: 0.01, power: 0.5 });
  near(s(2500), 0.09 * Math.sqrt(0.75) + 0.01, 'step 2500');
  near(s(10000), 0.01, 'end');
  near(s(50000), 0.01, 'after end');
  against(s, (t) => 0.09 * Math.pow(1 - Math.min(t, 10000) / 10000, 0.5) + 0.01, 'formula');
  const c = polynomialDecay({ initialLearningRate: 0.1, decaySteps: 1000, endLearningRate: 0.01, power: 2, cycle: true });
  near(c(0), 0.1, 'cycle step 0');
  near(c(1000), 0.01, 'cycle step 1000 (end of first period)');
  near(c(1500), 0.09 * 0.25 ** 2 + 0.01, 'cycle step 1500 (period 2000)');
  against(c, (t) => {
    const T = 1000 * (t === 0 ? 1 : Math.ceil(t / 1000));
    return 0.09 * Math.pow(1 - t / T, 2) + 0.01;
  }, 'cycle formula');
  near(polynomialDecay({ initialLearningRate: 1, decaySteps: 10 })(5), (1 - 1e-4) * 0.5 + 1e-4, 'Keras defaults end 1e-4, power 1');
});

test('piecewiseConstantDecay: values[i] for boundaries[i-1] < step <= boundaries[i]', () => {
  const s = piecewiseConstantDecay({ boundaries: [100000, 110000], values: [1.0, 0.5, 0.1] });
  const cases: [number, number][] = [[0, 1], [100000, 1], [100001, 0.5], [110000, 0.5], [110001, 0.1], [1e9, 0.1]];
  for (const [step, v] of cases) assert.is(s(step), v, `step ${step}`);
  assert.throws(() => piecewiseConstantDecay({ boundaries: [10, 5], values: [1, 2, 3] }), (e: unknown) => e instanceof ValidationError);
  assert.throws(() => piecewiseConstantDecay({ boundaries: [10], values: [1] }), (e: unknown) => e instanceof ValidationError && e.arg === 'values');
});

test('cosineDecay: half cosine to alpha * initial, with the optional linear warmup', () => {
  const s = cosineDecay({ initialLearningRate: 1, decaySteps: 100 });
  near(s(0), 1, 'start');
  near(s(50), 0.5, 'middle');
  near(s(100), 0, 'end', 1e-15);
  near(s(1000), 0, 'after end', 1e-15);
  const a = cosineDecay({ initialLearningRate: 0.2, decaySteps: 3000, alpha: 0.1 });
  against(a, (t) => 0.2 * (0.9 * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, 3000)) / 3000)) + 0.1), 'alpha formula');
  near(a(3000), 0.02, 'floor alpha * initial');
  const w = cosineDecay({ initialLearningRate: 0, decaySteps: 100, warmupTarget: 1, warmupSteps: 10 });
  near(w(0), 0, 'warmup start');
  near(w(5), 0.5, 'warmup middle');
  near(w(10), 1, 'warmup end = decay start');
  near(w(60), 0.5, 'decay middle');
  near(w(110), 0, 'decay end', 1e-15);
  near(w(500), 0, 'clamped', 1e-15);
  const w2 = cosineDecay({ initialLearningRate: 0.01, decaySteps: 2000, warmupTarget: 0.1, warmupSteps: 300, alpha: 0.05 });
  against(w2, (t) => {
    const g = Math.min(t, 2300);
    if (g < 300) return 0.01 + ((0.1 - 0.01) * g) / 300;
    return 0.1 * (0.95 * 0.5 * (1 + Math.cos((Math.PI * (g - 300)) / 2000)) + 0.05);
  }, 'warmup formula');
  near(cosineDecay({ initialLearningRate: 1, decaySteps: 100, warmupSteps: 10 })(0), 1, 'warmupSteps without warmupTarget is ignored (Keras)');
});

test('cosineDecayRestarts: SGDR periods growing by tMul, peaks scaled by mMul', () => {
  const s = cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10, tMul: 2, mMul: 0.5 });
  near(s(0), 1, 'start');
  near(s(5), 0.5, 'middle of first period');
  near(s(10), 0.5, 'first restart at half the peak');
  near(s(20), 0.25, 'middle of the 20-step second period');
  near(s(30), 0.25, 'second restart');
  const flat = cosineDecayRestarts({ initialLearningRate: 2, firstDecaySteps: 10, tMul: 1, mMul: 0.5, alpha: 0.1 });
  near(flat(15), 2 * (0.9 * 0.5 * 0.5 * (1 + Math.cos(Math.PI * 0.5)) + 0.1), 'tMul 1, second period middle');
  against(flat, (t) => {
    const i = Math.floor(t / 10);
    const f = t / 10 - i;
    return 2 * (0.9 * 0.5 * 0.5 ** i * (1 + Math.cos(Math.PI * f)) + 0.1);
  }, 'tMul 1 formula');
  const k = cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 100, tMul: 1.5, mMul: 0.9, alpha: 0.01 });
  against(k, (t) => {
    // period i covers [100 * (1.5^i - 1) / 0.5, 100 * (1.5^(i+1) - 1) / 0.5)
    let i = 0;
    let start = 0;
    let len = 100;
    while (t >= start + len) {
      start += len;
      len *= 1.5;
      i++;
    }
    const f = (t - start) / len;
    return 0.1 * (0.99 * 0.5 * 0.9 ** i * (1 + Math.cos(Math.PI * f)) + 0.01);
  }, 'geometric periods');
});

test('schedules reject bad options with typed errors', () => {
  const bad: [() => unknown, string][] = [
    [() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 }), 'decaySteps'],
    [() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9, stairs: true } as never), 'stairs'],
    [() => stepDecay({ initialLearningRate: 0.1, drop: 1.5, epochsDrop: 10 }), 'drop'],
    [() => cosineDecay({ initialLearningRate: NaN, decaySteps: 10 }), 'initialLearningRate'],
    [() => cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: -1 }), 'firstDecaySteps'],
  ];
  for (const [f, arg] of bad) assert.throws(f, (e: unknown) => e instanceof ValidationError && e.arg === arg, arg);
});

test.run();
