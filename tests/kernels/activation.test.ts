// Activation kernels (assembly/kernels/activation.ts) against the float64 references in
// tests/reference/activation.ts, on every wasm build: forward and backward on SIZES, in place,
// extreme inputs, the x/y input contract of activationNeedsInput, and the wrappers' validation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SIZES, moduleFor, testBuilds, randomArray, assertClose, put, get } from '../helpers.js';
import { Rng } from '../../src/rng.js';
import { ACTIVATION_CODES, type ActivationName } from '../../bindings/codes.js';
import {
  ACTIVATION_NAMES, ACTIVATION_DEFAULT_PARAM, activationNeedsInput, activationForward, activationBackward, activationCode,
} from '../../bindings/activation.js';
import { act, actGrad } from '../reference/activation.js';
import { SimdnetError } from '../../src/errors.js';

const builds = await testBuilds();
// Params exercised besides the defaults: leakyRelu with tfjs's layer slope and 0 (= relu), elu 0.5.
const CASES: [ActivationName, number][] = [
  ...ACTIVATION_NAMES.map((n) => [n, ACTIVATION_DEFAULT_PARAM[n]] as [ActivationName, number]),
  ['leakyRelu', 0.3],
  ['leakyRelu', 0],
  ['elu', 0.5],
];
// Forward: relative bound of the approximations (assembly/math.ts) plus an absolute floor for the
// outputs that cancel (gelu's 1 + erf in the left tail, as in Keras's own f32 formula).
const FWD = { rtol: 3e-6, atol: 3e-7 };
// Backward from an f32 y (or x) against the exact float64 derivative at x.
const BWD = { rtol: 1e-5, atol: 1e-6 };

function expectedForward(name: ActivationName, x: Float32Array, param: number): Float64Array {
  return Float64Array.from(x, (v) => act(ACTIVATION_CODES[name], v, Math.fround(param)));
}

function expectedBackward(name: ActivationName, x: Float32Array, dy: Float32Array, dx0: Float32Array, param: number): Float64Array {
  return Float64Array.from(x, (v, i) => dx0[i] + dy[i] * actGrad(ACTIVATION_CODES[name], v, Math.fround(param)));
}

test('forward and backward match the float64 reference on every size', async () => {
  for (const build of builds) {
    const m = await moduleFor(build);
    const rng = new Rng(11);
    for (const [name, param] of CASES) {
      for (const n of SIZES) {
        // [-7, 7] covers every branch: hardSigmoid's [-3, 3], relu6's 6, the exp/poly switch of expm1.
        const x = randomArray(rng, n, -7, 7);
        const dy = randomArray(rng, n);
        const dx0 = randomArray(rng, n);
        const px = put(m, x);
        const py = m.arena.alloc(4 * n);
        const pdy = put(m, dy);
        const pdx = put(m, dx0);
        const label = `${build} ${name}(${param}) n=${n}`;
        activationForward(m, name, px, py, n, param);
        assertClose(get(m, py, n), expectedForward(name, x, param), { ...FWD, label: `${label} forward` });
        activationBackward(m, name, px, py, pdy, pdx, n, param);
        assertClose(get(m, pdx, n), expectedBackward(name, x, dy, dx0, param), { ...BWD, label: `${label} backward` });
        // In place: y overwrites x.
        activationForward(m, name, px, px, n, param);
        assertClose(get(m, px, n), get(m, py, n), { rtol: 0, atol: 0, label: `${label} in place` });
        for (const p of [px, py, pdy, pdx]) m.arena.free(p);
      }
    }
  }
});

test('extreme inputs: ±1e4, ±Inf, NaN, ±FLT_MAX, overflow edges, tiny values', async () => {
  const xs = [1e4, -1e4, Infinity, -Infinity, NaN, 3.4e38, -3.4e38, 88.8, -88.8, 104, -104, 1e-30, -1e-30, 0, -0, 20, -20];
  const x = Float32Array.from(xs);
  const n = x.length;
  const dy = new Float32Array(n).fill(0.5);
  const dx0 = new Float32Array(n);
  for (const build of builds) {
    const m = await moduleFor(build);
    for (const [name, param] of CASES) {
      const px = put(m, x);
      const py = m.arena.alloc(4 * n);
      const pdy = put(m, dy);
      const pdx = put(m, dx0);
      activationForward(m, name, px, py, n, param);
      const label = `${build} ${name}(${param}) extremes`;
      const y = get(m, py, n);
      const want = expectedForward(name, x, param);
      // f32 overflow is the honest answer where the f64 result exceeds FLT_MAX (elu etc. are identity there).
      assertClose(y, Float64Array.from(want, (v) => Math.fround(v)), { ...FWD, label: `${label} forward` });
      activationBackward(m, name, px, py, pdy, pdx, n, param);
      const g = get(m, pdx, n);
      const gWant = expectedBackward(name, x, dy, dx0, param);
      assertClose(g, gWant, { ...BWD, label: `${label} backward` });
      for (let i = 0; i < n; i++) {
        if (!Number.isNaN(xs[i]) && !(name === 'leakyRelu' && param === 0 && xs[i] === -Infinity)) {
          assert.ok(!Number.isNaN(y[i]), `${label}: f(${xs[i]}) is NaN`);
          assert.ok(!Number.isNaN(g[i]), `${label}: f'(${xs[i]}) is NaN`);
        }
      }
      for (const p of [px, py, pdy, pdx]) m.arena.free(p);
    }
  }
});

test('backward reads only what activationNeedsInput says (the other buffer is NaN garbage)', async () => {
  const n = 67;
  for (const build of builds) {
    const m = await moduleFor(build);
    const rng = new Rng(5);
    for (const name of ACTIVATION_NAMES) {
      const x = randomArray(rng, n, -5, 5);
      const dy = randomArray(rng, n);
      const px = put(m, x);
      const py = m.arena.alloc(4 * n);
      const pdy = put(m, dy);
      const good = m.arena.calloc(4 * n);
      const probe = m.arena.calloc(4 * n);
      const junk = put(m, new Float32Array(n).fill(NaN));
      activationForward(m, name, px, py, n);
      activationBackward(m, name, px, py, pdy, good, n);
      const needsX = activationNeedsInput(name);
      activationBackward(m, name, needsX ? px : junk, needsX ? junk : py, pdy, probe, n);
      assertClose(get(m, probe, n), get(m, good, n), { rtol: 0, atol: 0, label: `${build} ${name} needsInput=${needsX}` });
      // And 0 for the unread pointer is accepted by the wrapper.
      activationBackward(m, name, needsX ? px : 0, needsX ? 0 : py, pdy, probe, n);
      for (const p of [px, py, pdy, good, probe, junk]) m.arena.free(p);
    }
  }
});

test('reference derivatives agree with float64 central differences', () => {
  const rng = new Rng(3);
  const kinks = [0, 6, -3, 3];
  for (const [name, param] of CASES) {
    const code = ACTIVATION_CODES[name];
    for (let k = 0; k < 200; k++) {
      const x = rng.range(-8, 8);
      if (kinks.some((c) => Math.abs(x - c) < 1e-3)) continue;
      const h = 1e-6 * Math.max(1, Math.abs(x));
      const fd = (act(code, x + h, param) - act(code, x - h, param)) / (2 * h);
      const g = actGrad(code, x, param);
      assert.ok(Math.abs(fd - g) <= 1e-7 + 1e-6 * Math.abs(g), `${name}(${param}) at ${x}: analytic ${g}, central difference ${fd}`);
    }
  }
});

test('hardSigmoid is the Keras 3 definition relu6(x + 3) / 6, not tfjs 0.2 x + 0.5', async () => {
  const m = await moduleFor(builds[0]);
  const px = put(m, Float32Array.from([-3, -1.5, 0, 1.5, 2.5, 3]));
  activationForward(m, 'hardSigmoid', px, px, 6);
  assertClose(get(m, px, 6), [0, 0.25, 0.5, 0.75, 5.5 / 6, 1], { rtol: 1e-7, atol: 0, label: 'hardSigmoid' });
  m.arena.free(px);
});

test('wrappers reject bad input with typed errors before wasm runs', async () => {
  const m = await moduleFor(builds[0]);
  const p = m.arena.alloc(64);
  const rejects = (f: () => void, arg: string) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof SimdnetError, `expected SimdnetError, got ${e}`);
      assert.is((e as SimdnetError).arg, arg);
      return;
    }
    assert.unreachable(`no error for bad ${arg}`);
  };
  rejects(() => activationForward(m, 'swishy' as ActivationName, p, p, 4), 'name');
  rejects(() => activationForward(m, 'relu', p, p, -1), 'n');
  rejects(() => activationForward(m, 'relu', p, p, 1.5), 'n');
  rejects(() => activationForward(m, 'relu', p + 2, p, 4), 'x');
  rejects(() => activationForward(m, 'relu', p, m.memory.buffer.byteLength - 8, 4), 'y');
  rejects(() => activationForward(m, 'relu', 0, p, 4), 'x');
  rejects(() => activationForward(m, 'leakyRelu', p, p, 4, -0.1), 'param');
  rejects(() => activationForward(m, 'elu', p, p, 4, NaN), 'param');
  rejects(() => activationBackward(m, 'gelu', 0, p, p, p, 4), 'x');
  rejects(() => activationBackward(m, 'relu', p, 0, p, p, 4), 'y');
  rejects(() => activationNeedsInput('nope' as ActivationName), 'name');
  assert.is(activationCode('gelu'), ACTIVATION_CODES.gelu);
  m.arena.free(p);
});

test.run();
