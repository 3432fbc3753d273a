// conv1d forward and backward against the direct loop (tests/reference/conv1d.ts) on awkward sizes:
// T = 1, odd T; kernels 1, 2, 3, 5; stride 2; dilation 2; 'valid', 'same' and 'causal' (which
// tfjs-layers cannot check); C = 1, 3, 5, 6 (not multiples of 4); batch 1; relu/tanh fused; every
// build. Tolerance: the float32 bound γ_n·Σ|terms| (convHarness.ts), as tests/layers/conv2d.test.ts;
// a wrong or missing tap is about one term ≈ Σ|terms| / terms, far above it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { conv1d, type Conv1DOptions } from '../../src/layers/conv1d.js';
import { conv1dRef, conv1dBackwardRef, conv1dGeometry } from '../reference/conv1d.js';
import { Rng } from '../../src/rng.js';
import { moduleFor, testBuilds, randomArray, throwsArg } from '../helpers.js';
import { sequential, dense, embedding, flatten } from '../../src/index.js';
import { ShapeError, SimdnetError } from '../../src/errors.js';
import { ready } from '../../bindings/loader.js';
import { runLayer, assertBound, abs } from './convHarness.js';

interface Case { B: number; T: number; C: number; F: number; o: Omit<Conv1DOptions, 'filters'> }

const CASES: Case[] = [
  { B: 1, T: 1, C: 3, F: 2, o: { kernelSize: 1 } },
  { B: 2, T: 1, C: 5, F: 3, o: { kernelSize: 3, padding: 'same' } }, // T = 1 under a longer kernel
  { B: 2, T: 1, C: 2, F: 4, o: { kernelSize: 3, padding: 'causal' } },
  { B: 1, T: 7, C: 3, F: 5, o: { kernelSize: 3 } },
  { B: 3, T: 9, C: 5, F: 4, o: { kernelSize: 2, padding: 'same', activation: 'relu' } },
  { B: 2, T: 11, C: 6, F: 7, o: { kernelSize: 5, strides: 2, padding: 'same' } },
  { B: 2, T: 10, C: 3, F: 3, o: { kernelSize: 5, strides: 2 } },
  { B: 2, T: 13, C: 1, F: 6, o: { kernelSize: 3, dilationRate: 2, activation: 'tanh' } },
  { B: 2, T: 9, C: 5, F: 4, o: { kernelSize: 3, padding: 'causal' } },
  { B: 1, T: 8, C: 3, F: 2, o: { kernelSize: 2, padding: 'causal', dilationRate: 2, activation: 'relu' } },
  { B: 3, T: 7, C: 6, F: 5, o: { kernelSize: 3, padding: 'causal', strides: 2 } },
  { B: 2, T: 5, C: 3, F: 3, o: { kernelSize: 5, useBias: false } }, // kernel = input
  { B: 2, T: 9, C: 5, F: 4, o: { kernelSize: 1, strides: 2 } },
  { B: 3, T: 65, C: 17, F: 9, o: { kernelSize: 5, padding: 'same', activation: 'relu' } },
];

const act = (name: string, v: number) => (name === 'relu' ? Math.max(v, 0) : name === 'tanh' ? Math.tanh(v) : v);
const dAct = (name: string, z: number) => (name === 'relu' ? (z > 0 ? 1 : 0) : name === 'tanh' ? 1 - Math.tanh(z) ** 2 : 1);

test('conv1d forward and backward match the direct loop on awkward sizes, every build', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const c of CASES) {
      const rng = new Rng(c.T * 31 + c.C * 7 + c.F);
      const layer = conv1d({ filters: c.F, ...c.o });
      const k = c.o.kernelSize as number;
      const g = conv1dGeometry(c.B, c.T, c.C, c.F, k, (c.o.strides as number) ?? 1, (c.o.dilationRate as number) ?? 1, c.o.padding ?? 'valid');
      const x = randomArray(rng, c.B * c.T * c.C);
      const w = randomArray(rng, k * c.C * c.F);
      const bias = c.o.useBias === false ? null : randomArray(rng, c.F);
      const dy = randomArray(rng, c.B * g.OT * c.F);
      const run = runLayer(m, layer, [c.T, c.C], c.B, x, bias ? [w, bias] : [w], dy);
      const label = `${build} ${JSON.stringify(c)}`;
      assert.equal(layer.outShape, [g.OT, c.F], `${label}: output shape`);
      assert.equal(layer.params()[0].shape, [k, c.C, c.F], `${label}: kernel [k, C, F] as Keras`);
      const name = layer.activation.name;
      const z = conv1dRef(x, w, bias, g);
      const mag = conv1dRef(abs(x), abs(w), bias ? abs(bias) : null, g);
      const slack = name === 'tanh' ? 64 : 0; // our tanh approximation's own error
      const K = k * c.C;
      assertBound(run.y, z.map((v) => act(name, v)), mag.map((v) => v + 1), 2 * K + 16 + slack, `${label} y`);
      const dz = Float64Array.from(dy, (d, i) => d * dAct(name, z[i]));
      const ref = conv1dBackwardRef(x, w, dz, g);
      const refMag = conv1dBackwardRef(abs(x), abs(w), abs(dz), g);
      const n = 2 * Math.max(c.B * g.OT, K, c.F) + 2 * c.B + 16 + slack * 4;
      assertBound(run.dx, ref.dx, refMag.dx, n, `${label} dx`);
      assertBound(run.grads[0], ref.dw, refMag.dw, n, `${label} dKernel`);
      if (bias) assertBound(run.grads[1], ref.db, refMag.db, n, `${label} dBias`);
    }
  }
});

test('causal conv1d: output t does not depend on inputs after t (checked by perturbing the future)', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const rng = new Rng(5);
  const T = 9, C = 3, F = 2;
  const layer = conv1d({ filters: F, kernelSize: 3, dilationRate: 2, padding: 'causal' });
  const x = randomArray(rng, T * C);
  const w = [randomArray(rng, 3 * C * F), randomArray(rng, F)];
  const dy = new Float32Array(T * F);
  const base = runLayer(m, layer, [T, C], 1, x, w, dy).y;
  for (let t = 0; t < T; t++) {
    const x2 = x.slice();
    for (let c = 0; c < C; c++) x2[t * C + c] += 10;
    const y2 = runLayer(m, conv1d({ filters: F, kernelSize: 3, dilationRate: 2, padding: 'causal' }), [T, C], 1, x2, w, dy).y;
    for (let o = 0; o < T; o++) {
      const changed = [0, 1].some((f) => y2[o * F + f] !== base[o * F + f]);
      // Output o reads steps o, o-2, o-4: it changes exactly when t is one of them.
      assert.is(changed, t <= o && (o - t) % 2 === 0 && o - t <= 4, `t=${t} o=${o}`);
    }
  }
});

test('conv1d output lengths follow Keras: valid, same (ceil), causal, strides, dilation', () => {
  const len = (o: Omit<Conv1DOptions, 'filters'>, T: number) => conv1d({ filters: 2, ...o }).build([T, 4])[0];
  assert.is(len({ kernelSize: 3 }, 10), 8);
  assert.is(len({ kernelSize: [3], strides: [2] }, 10), 4);
  assert.is(len({ kernelSize: 3, strides: 2, padding: 'same' }, 7), 4);
  assert.is(len({ kernelSize: 3, padding: 'causal' }, 7), 7);
  assert.is(len({ kernelSize: 4, padding: 'causal', strides: 3 }, 7), 3);
  assert.is(len({ kernelSize: 3, dilationRate: 2 }, 9), 5);
  assert.is(len({ kernelSize: 9, padding: 'causal' }, 2), 2); // causal and same never empty
});

test('bad conv1d options and inputs raise typed errors naming the argument, before any wasm call', async () => {
  await ready();
  const bad: [() => unknown, string][] = [
    [() => conv1d({ filters: 0, kernelSize: 3 }), 'filters'],
    [() => conv1d({ filters: 2 } as Conv1DOptions), 'kernelSize'],
    [() => conv1d({ filters: 2, kernelSize: 1.5 }), 'kernelSize'],
    [() => conv1d({ filters: 2, kernelSize: [3, 3] as never }), 'kernelSize'],
    [() => conv1d({ filters: 2, kernelSize: [0] }), 'kernelSize[0]'],
    [() => conv1d({ filters: 2, kernelSize: 3, strides: 0 }), 'strides'],
    [() => conv1d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 }), 'dilationRate'],
    [() => conv1d({ filters: 2, kernelSize: 3, padding: 'full' as never }), 'padding'],
    [() => conv1d({ filters: 2, kernelSize: 3, groups: 2 } as never), 'groups'],
    [() => conv1d({ filters: 2, kernelSize: 3, activation: 'nope' as never }), 'activation'],
    [() => conv1d(null as never), 'options'],
    [() => conv1d({ filters: 2, kernelSize: 3 }).build([10]), 'inputShape'],
    [() => conv1d({ filters: 2, kernelSize: 3 }).build([10, 10, 1]), 'inputShape'],
    [() => conv1d({ filters: 2, kernelSize: 3 }).build([2, 4]), 'kernelSize'],
    [() => conv1d({ filters: 2, kernelSize: 3, dilationRate: 3 }).build([6, 1]), 'kernelSize'],
  ];
  for (const [call, arg] of bad) throwsArg(call, arg);
  let error: unknown = null;
  try {
    sequential({ layers: [conv1d({ filters: 2, kernelSize: 3, inputShape: [784] }), flatten(), dense({ units: 2 })] }).build([784]);
  } catch (e) {
    error = e;
  }
  assert.instance(error, ShapeError);
  // A mask cannot reach a conv1d (Keras 2 refused it too): the model says where, when it builds.
  error = null;
  try {
    sequential({ layers: [embedding({ inputDim: 5, outputDim: 4, maskZero: true, inputShape: [6] }), conv1d({ filters: 2, kernelSize: 3 }), flatten(), dense({ units: 1 })] }).build([6]);
  } catch (e) {
    error = e;
  }
  assert.instance(error, SimdnetError);
  assert.match(String(error), /cannot take the mask/);
});

test.run();
