// createOptimizerStep with a momentum schedule (bindings/optim.ts): the momentum or beta1 each update
// actually used, read back from the optimizer state after every step, equals the schedule's value at
// t - 1; Nadam's running u_product survives a new step function taking over mid-run; bad schedules
// and optimizers without momentum are typed errors before wasm runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, put, get, assertClose, throwsArg } from '../helpers.js';
import { createOptimizerStep, nadamMomentumProduct, type OptimizerKind } from '../../bindings/optim.js';
import { nadamProduct } from '../reference/optim.js';
import { oneCycle } from '../../src/schedules/index.js';

const STEPS = 20;
const cycle = oneCycle({ maxLearningRate: 0.05, totalSteps: STEPS, baseMomentum: 0.6, maxMomentum: 0.95 });
const momentumAt = cycle.momentum!;

/**
 * Runs STEPS updates of one parameter with gradient 1 and infers, from the state before and after
 * each step, the momentum the kernel used:
 *   sgd:  v' = m v - lr g        =>  m = (v' + lr g) / v
 *   adam: m' = m + (g - m)(1 - b) =>  b = 1 - (m' - m) / (g - m)
 * (sgd's first step has v = 0 and says nothing about m: it is skipped.)
 */
async function usedMomentum(kind: OptimizerKind): Promise<number[]> {
  const [build] = await testBuilds();
  const mod = await moduleFor(build);
  const states = kind === 'sgd' ? 1 : 2;
  const p = put(mod, new Float32Array([1]));
  const g = put(mod, new Float32Array([1]));
  const s = Array.from({ length: states }, () => mod.arena.calloc(4));
  const step = createOptimizerStep(mod, kind, kind === 'sgd' ? { momentum: 0.9 } : {}, { p, g, n: 1, states: s }, momentumAt);
  const used: number[] = [];
  for (let t = 1; t <= STEPS; t++) {
    const before = get(mod, s[0], 1)[0];
    const lr = cycle(t - 1);
    step(t, lr);
    const after = get(mod, s[0], 1)[0];
    if (kind === 'sgd') {
      if (t > 1) used.push((after + Math.fround(lr)) / before);
    } else used.push(1 - (after - before) / (1 - before));
  }
  [p, g, ...s].forEach((q) => mod.arena.free(q));
  return used;
}

test('the momentum (sgd) and beta1 (adam) used by each update equal the schedule at t - 1, not a frozen value', async () => {
  // The inference divides f32 states of size O(0.01-1): a few roundings of 2^-24 relative, amplified
  // by at most 1 / (1 - b) = 10 for adam: well inside 2e-5; neighbouring scheduled values differ by
  // up to 0.04, and the cycle spans 0.6-0.95, so a frozen or shifted momentum fails by far.
  const sgdUsed = await usedMomentum('sgd');
  assertClose(sgdUsed, Array.from({ length: STEPS - 1 }, (_, i) => momentumAt(i + 1)), { rtol: 2e-5, atol: 0, label: 'sgd momentum used' });
  const adamUsed = await usedMomentum('adam');
  assertClose(adamUsed, Array.from({ length: STEPS }, (_, i) => momentumAt(i)), { rtol: 2e-5, atol: 0, label: 'adam beta1 used' });
  assert.ok(Math.max(...adamUsed) - Math.min(...adamUsed) > 0.3, 'the schedule spans 0.6-0.95');
});

test('nadam: u_product is the running product of each step\'s factor, also when a new step function takes over at t = 8', async () => {
  for (const build of await testBuilds()) {
    const mod = await moduleFor(build);
    const n = 5;
    const run = (split: number) => {
      const p = put(mod, Float32Array.from({ length: n }, (_, i) => 0.1 * i - 0.2));
      const g = put(mod, Float32Array.from({ length: n }, (_, i) => 0.05 * (i + 1)));
      const s = [mod.arena.calloc(4 * n), mod.arena.calloc(4 * n)];
      const make = () => createOptimizerStep(mod, 'nadam', {}, { p, g, n, states: s }, momentumAt);
      let step = make();
      for (let t = 1; t <= STEPS; t++) {
        if (t === split) step = make(); // fresh closure: rebuilds the product from the schedule
        step(t, cycle(t - 1));
      }
      const out = get(mod, p, n);
      [p, g, ...s].forEach((q) => mod.arena.free(q));
      return out;
    };
    // Bit for bit: the rebuilt product is the same product of the same f64 factors in the same order.
    assert.equal(Array.from(run(8)), Array.from(run(0)), `${build}: continuing with a new step function changed the result`);
  }
  // The bindings' product equals the literal Keras loop of the reference, for a cycled and a constant beta1.
  for (const t of [1, 2, 7, STEPS]) {
    const cycled = (i: number) => momentumAt(i - 1);
    assert.ok(Math.abs(nadamMomentumProduct(t, cycled) - nadamProduct(t, cycled)) <= 1e-15, `cycled t=${t}`);
    assert.ok(Math.abs(nadamMomentumProduct(t, () => 0.9) - nadamProduct(t, () => 0.9)) <= 1e-15, `constant t=${t}`);
  }
  assert.ok(nadamMomentumProduct(10_000, () => 0.9) <= 1e-300); // stops early; 1 - product * u is then exactly 1
});

test('errors: no momentum term, no momentum buffer, schedule values out of range; nothing reaches wasm', async () => {
  const [build] = await testBuilds();
  const mod = await moduleFor(build);
  const n = 4;
  const p = put(mod, new Float32Array([1, 2, 3, 4]));
  const g = put(mod, new Float32Array([1, 1, 1, 1]));
  const s = [mod.arena.calloc(4 * n), mod.arena.calloc(4 * n)];
  const bufs = (k: number) => ({ p, g, n, states: s.slice(0, k) });
  throwsArg(() => createOptimizerStep(mod, 'adagrad', {}, bufs(1), momentumAt), 'momentumAt');
  throwsArg(() => createOptimizerStep(mod, 'adadelta', {}, bufs(2), momentumAt), 'momentumAt');
  throwsArg(() => createOptimizerStep(mod, 'sgd', {}, bufs(0), momentumAt), 'hyper.momentum'); // no buffer to cycle into
  throwsArg(() => createOptimizerStep(mod, 'adam', {}, bufs(2), 0.9 as never), 'momentumAt');
  const before = get(mod, p, n);
  const adamStep = createOptimizerStep(mod, 'adam', {}, bufs(2), () => 1);
  throwsArg(() => adamStep(1, 0.01), 'beta1'); // beta1 = 1: 1 - beta1^t would divide by 0
  const sgdStep = createOptimizerStep(mod, 'sgd', { momentum: 0.5 }, bufs(1), (i) => (i < 2 ? 0.9 : NaN));
  sgdStep(1, 0.01);
  sgdStep(2, 0.01);
  const mid = get(mod, p, n);
  throwsArg(() => sgdStep(3, 0.01), 'momentum');
  assert.equal(get(mod, p, n), mid, 'a refused step left the parameters alone');
  assert.not.equal(mid, before);
  [p, g, ...s].forEach((q) => mod.arena.free(q));
});

test.run();
