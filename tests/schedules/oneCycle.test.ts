// oneCycle against PyTorch's OneCycleLR: the expected sequences are those of PyTorch's own tests
// (test/optim/test_lrscheduler.py: linear, cosine and three-phase, 10 steps, max_lr 25), which we
// re-derive by hand in the comments, plus the default-argument values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { oneCycle } from '../../src/schedules/index.js';
import { SimdnetError, ValidationError } from '../../src/errors.js';

function seq(f: (s: number) => number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

function close(a: number[], e: number[], what: string): void {
  assert.is(a.length, e.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= 1e-9 * Math.max(1, Math.abs(e[i])), `${what}[${i}]: got ${v}, expected ${e[i]}`));
}

const cos = (start: number, end: number, pct: number) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);

test('linear anneal, two phases: warm up to max over pctStart, then down to initial / finalDivFactor', () => {
  // initial = 25 / 25 = 1; min = 1 / 2; phase 1 ends at 0.3 * 10 - 1 = 2; phase 2 at 9 (3.5 per step)
  const s = oneCycle({ maxLearningRate: 25, finalDivFactor: 2, baseMomentum: 1, maxMomentum: 22, totalSteps: 10, annealStrategy: 'linear' });
  close(seq(s, 10), [1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5], 'lr');
  close(seq(s.momentum!, 10), [22, 11.5, 1, 4, 7, 10, 13, 16, 19, 22], 'momentum');
});

test('cos anneal (the default), two phases', () => {
  const s = oneCycle({ maxLearningRate: 25, finalDivFactor: 2, baseMomentum: 1, maxMomentum: 22, totalSteps: 10 });
  const lr = [1, 13, 25, ...[1, 2, 3, 4, 5, 6].map((k) => cos(25, 0.5, k / 7)), 0.5];
  lr[1] = cos(1, 25, 0.5);
  close(seq(s, 10), lr, 'lr');
  const m = [22, cos(22, 1, 0.5), 1, ...[1, 2, 3, 4, 5, 6].map((k) => cos(1, 22, k / 7)), 22];
  close(seq(s.momentum!, 10), m, 'momentum');
});

test('three phases: up, back down to initial, then anneal to the minimum with momentum held', () => {
  // pctStart 0.4: ends at 3, 2 * 4 - 2 = 6, 9; min = 1 / 4
  const s = oneCycle({ maxLearningRate: 25, divFactor: 25, baseMomentum: 1, maxMomentum: 22, totalSteps: 10, annealStrategy: 'linear', pctStart: 0.4, finalDivFactor: 4, threePhase: true });
  close(seq(s, 10), [1, 9, 17, 25, 17, 9, 1, 0.75, 0.5, 0.25], 'lr');
  close(seq(s.momentum!, 10), [22, 15, 8, 1, 8, 15, 22, 22, 22, 22], 'momentum');
});

test('defaults: pctStart 0.3, div 25, final div 1e4, momentum 0.95 -> 0.85 -> 0.95; epochs x stepsPerEpoch', () => {
  const s = oneCycle({ maxLearningRate: 1, epochs: 10, stepsPerEpoch: 10 });
  assert.is(s.totalSteps, 100);
  close([s(0), s(29), s(99)], [0.04, 1, 0.04 / 1e4], 'lr');
  close([s.momentum!(0), s.momentum!(29), s.momentum!(99)], [0.95, 0.85, 0.95], 'momentum');
  close([s(14)], [cos(0.04, 1, 14 / 29)], 'lr mid warmup');
  s(100); // PyTorch allows step_num == total_steps
  assert.throws(() => s(101), (e: unknown) => e instanceof SimdnetError && e.code === 'ERR_STATE');
  assert.is(oneCycle({ maxLearningRate: 1, totalSteps: 10, cycleMomentum: false }).momentum, null);
  assert.throws(() => oneCycle({ maxLearningRate: 1 }), (e: unknown) => e instanceof ValidationError && e.arg === 'totalSteps');
  assert.throws(() => oneCycle({ maxLearningRate: 1, totalSteps: 10, annealStrategy: 'exp' as never }), (e: unknown) => e instanceof ValidationError && e.arg === 'annealStrategy');
});

test.run();
