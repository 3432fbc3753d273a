// The validated optimizer API (bindings/optim.ts): Keras defaults, the state list of each optimizer,
// that createOptimizerStep wires every argument where the kernel expects it (checked against the
// float64 reference over several steps), and that bad input is a typed error before wasm runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, randomArray, assertClose, put, get } from '../helpers.js';
import { optimReferences as R, nadamProduct } from '../reference/optim.js';
import { createOptimizerStep, optimizerStates, resolveOptimizerHyper, clipScale, addRegularizerGrad, OPTIMIZER_KINDS, type OptimizerHyper, type OptimizerKind } from '../../bindings/optim.js';
import { Rng } from '../../src/rng.js';
import type { WasmModule } from '../../bindings/loader.js';

test('Keras 3 defaults and state lists', () => {
  const adam = resolveOptimizerHyper('adam');
  assert.equal([adam.beta1, adam.beta2, adam.epsilon, adam.amsgrad, adam.weightDecay], [0.9, 0.999, 1e-7, false, 0]);
  assert.is(resolveOptimizerHyper('adamw').weightDecay, 0.004);
  assert.equal([resolveOptimizerHyper('rmsprop').rho, resolveOptimizerHyper('rmsprop').epsilon], [0.9, 1e-7]);
  assert.is(resolveOptimizerHyper('adadelta').rho, 0.95);
  assert.equal(optimizerStates('adagrad'), [{ name: 'accumulator', init: 0.1 }]);
  assert.equal(optimizerStates('sgd').length, 0);
  assert.equal(optimizerStates('sgd', { momentum: 0.9 }).map((s) => s.name), ['momentum']);
  assert.equal(optimizerStates('rmsprop', { momentum: 0.5, centered: true }).map((s) => s.name), ['velocity', 'momentum', 'averageGradient']);
  assert.equal(optimizerStates('adam', { amsgrad: true }).map((s) => s.name), ['momentum', 'velocity', 'velocityHat']);
});

/** Reference call for one kind: maps the resolved hyperparameters onto the kernel argument order. */
function reference(kind: OptimizerKind, hy: OptimizerHyper, p: Float64Array, g: Float32Array, st: Float64Array[], n: number, lr: number, t: number, scale: number): void {
  const h = resolveOptimizerHyper(kind, hy);
  const tail = [t, scale, h.clipValue, h.weightDecay];
  const names = optimizerStates(kind, hy).map((s) => s.name);
  const s = (name: string) => st[names.indexOf(name)] ?? new Float64Array(n);
  switch (kind) {
    case 'sgd': return R.sgdStep(p, g, s('momentum'), n, lr, h.momentum, ...tail, +h.nesterov);
    case 'rmsprop': return R.rmspropStep(p, g, s('velocity'), s('momentum'), s('averageGradient'), n, lr, h.rho, h.momentum, h.epsilon, ...tail, +h.centered);
    case 'adam': case 'adamw': return R.adamStep(p, g, s('momentum'), s('velocity'), s('velocityHat'), n, lr, h.beta1, h.beta2, h.epsilon, ...tail, +h.amsgrad);
    case 'adagrad': return R.adagradStep(p, g, s('accumulator'), n, lr, h.epsilon, ...tail);
    case 'adadelta': return R.adadeltaStep(p, g, s('accumulatedGrad'), s('accumulatedDeltaVar'), n, lr, h.rho, h.epsilon, ...tail);
    case 'adamax': return R.adamaxStep(p, g, s('momentum'), s('norm'), n, lr, h.beta1, h.beta2, h.epsilon, ...tail);
    case 'nadam': return R.nadamStep(p, g, s('momentum'), s('velocity'), n, lr, h.beta1, h.beta2, h.epsilon, ...tail, nadamProduct(t, () => h.beta1));
  }
}

const CONFIGS: [OptimizerKind, OptimizerHyper][] = [
  ...OPTIMIZER_KINDS.map((k): [OptimizerKind, OptimizerHyper] => [k, {}]),
  ['sgd', { momentum: 0.9, nesterov: true, clipValue: 0.05 }],
  ['rmsprop', { momentum: 0.5, centered: true, rho: 0.8, weightDecay: 0.01 }],
  ['adam', { amsgrad: true, beta1: 0.8, clipValue: 0.04 }],
  ['adamw', { weightDecay: 0.1, epsilon: 1e-4 }],
  ['adagrad', { initialAccumulatorValue: 0.5 }],
  ['adadelta', { rho: 0.6, epsilon: 1e-5 }],
  ['nadam', { beta2: 0.99, weightDecay: 0.02 }],
];

function setup(m: WasmModule, kind: OptimizerKind, hy: OptimizerHyper, n: number, rng: Rng) {
  const p0 = randomArray(rng, n);
  const states = optimizerStates(kind, hy);
  const sPtr = states.map((s) => put(m, new Float32Array(n).fill(s.init)));
  const pPtr = put(m, p0);
  const gPtr = m.arena.alloc(4 * n);
  return { p0, states, sPtr, pPtr, gPtr, free: () => [pPtr, gPtr, ...sPtr].forEach((q) => m.arena.free(q)) };
}

test('createOptimizerStep: every optimizer, defaults and variants, matches the float64 reference over 6 steps', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [kind, hy] of CONFIGS) {
      const n = 37;
      const rng = new Rng(n);
      const { p0, states, sPtr, pPtr, gPtr, free } = setup(m, kind, hy, n, rng);
      const step = createOptimizerStep(m, kind, hy, { p: pPtr, g: gPtr, n, states: sPtr });
      const pRef = Float64Array.from(p0);
      const sRef = states.map((s) => new Float64Array(n).fill(s.init));
      for (let t = 1; t <= 6; t++) {
        const g = randomArray(rng, n, -0.1, 0.1);
        m.arena.f32(gPtr, n).set(g);
        const lr = 0.02 / t;
        const scale = t % 2 ? 1 : 0.5;
        step(t, lr, scale);
        reference(kind, hy, pRef, g, sRef, n, lr, t, scale);
      }
      // Tolerance derived in tests/kernels/optim.test.ts (f32 kernel vs float64 formula over 6 steps).
      assertClose(get(m, pPtr, n), pRef, { rtol: 4e-6, atol: 4e-7, label: `${build} ${kind} ${JSON.stringify(hy)}` });
      states.forEach((s, i) => assertClose(get(m, sPtr[i], n), sRef[i], { rtol: 4e-6, atol: 4e-7, label: `${build} ${kind} ${s.name}` }));
      free();
    }
  }
});

function throwsCode(f: () => unknown, code: string, arg?: string): void {
  try {
    f();
  } catch (e) {
    const err = e as { code?: string; arg?: string; message: string };
    assert.is(err.code, code, err.message);
    if (arg !== undefined) assert.is(err.arg, arg, err.message);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('bad hyperparameters, buffers and per-step values are typed errors; nothing reaches wasm', async () => {
  const [build] = await testBuilds();
  const m = await moduleFor(build);
  const n = 8;
  const { pPtr, gPtr, sPtr, free } = setup(m, 'adam', {}, n, new Rng(3));
  const before = get(m, pPtr, n);
  const bufs = { p: pPtr, g: gPtr, n, states: sPtr };
  throwsCode(() => resolveOptimizerHyper('adam', { momentum: 0.9 }), 'ERR_INVALID_ARGUMENT', 'momentum'); // not an Adam option
  throwsCode(() => resolveOptimizerHyper('adam', { beta1: 1 }), 'ERR_INVALID_ARGUMENT', 'beta1');
  throwsCode(() => resolveOptimizerHyper('rmsprop', { epsilon: 0 }), 'ERR_INVALID_ARGUMENT', 'epsilon');
  throwsCode(() => resolveOptimizerHyper('sgd', { momentum: -0.1 }), 'ERR_INVALID_ARGUMENT', 'momentum');
  throwsCode(() => resolveOptimizerHyper('sgd', { nesterov: 1 as never }), 'ERR_INVALID_TYPE', 'nesterov');
  throwsCode(() => resolveOptimizerHyper('adamw', { weightDecay: NaN }), 'ERR_INVALID_ARGUMENT', 'weightDecay');
  throwsCode(() => resolveOptimizerHyper('lamb' as never), 'ERR_INVALID_ARGUMENT', 'kind');
  throwsCode(() => createOptimizerStep(m, 'adam', {}, { ...bufs, states: sPtr.slice(0, 1) }), 'ERR_SHAPE_MISMATCH', 'states');
  throwsCode(() => createOptimizerStep(m, 'adam', {}, { ...bufs, p: m.memory.buffer.byteLength - 16 }), 'ERR_INVALID_ARGUMENT', 'p');
  throwsCode(() => createOptimizerStep(m, 'adam', {}, { ...bufs, g: gPtr + 2 }), 'ERR_INVALID_ARGUMENT', 'g');
  throwsCode(() => createOptimizerStep(m, 'adam', {}, { ...bufs, g: 0 }), 'ERR_INVALID_ARGUMENT', 'g'); // below the heap
  throwsCode(() => createOptimizerStep(m, 'adam', {}, { ...bufs, states: [sPtr[0], sPtr[0] + 4] }), 'ERR_INVALID_ARGUMENT', 'velocity');
  throwsCode(() => createOptimizerStep(m, 'adam', {}, { ...bufs, n: -1 }), 'ERR_INVALID_ARGUMENT', 'n');
  const step = createOptimizerStep(m, 'adam', {}, bufs);
  throwsCode(() => step(0, 0.001), 'ERR_INVALID_ARGUMENT', 't');
  throwsCode(() => step(1.5, 0.001), 'ERR_INVALID_ARGUMENT', 't');
  throwsCode(() => step(1, -0.001), 'ERR_INVALID_ARGUMENT', 'lr');
  throwsCode(() => step(1, 0.001, NaN), 'ERR_NON_FINITE');
  throwsCode(() => step(1, 0.001, -1), 'ERR_INVALID_ARGUMENT', 'gradScale');
  throwsCode(() => addRegularizerGrad(m, pPtr, pPtr, n, 0.1, 0), 'ERR_INVALID_ARGUMENT', 'g');
  throwsCode(() => addRegularizerGrad(m, pPtr, gPtr, n, -0.1, 0), 'ERR_INVALID_ARGUMENT', 'l1');
  assert.equal(get(m, pPtr, n), before);
  free();
});

test('clipScale follows Keras clip_by_global_norm: 1 under the threshold, clip/norm above, NaN for Inf/NaN', () => {
  assert.is(clipScale(0, 1), 1);
  assert.is(clipScale(0.5, 1), 1);
  assert.is(clipScale(4, 2), 0.5);
  assert.ok(Number.isNaN(clipScale(Infinity, 1)));
  assert.ok(Number.isNaN(clipScale(NaN, 1)));
  throwsCode(() => clipScale(1, 0), 'ERR_INVALID_ARGUMENT', 'clipNorm');
});

test.run();
