// maxPooling1d, averagePooling1d, globalMaxPooling1d and globalAveragePooling1d against direct loops
// written here from the definitions (Keras 3 / TensorFlow: 'valid' windows inside the sequence;
// 'same' output ceil(T / s) with floor(total / 2) padding before, padded steps never counted; max
// ties keep the first step): forward values and input gradients, on T = 1, odd T, C not a multiple of
// 4, batch 1, pool 3 stride 2, and, for the global layers, masks with partly and fully padded rows
// (masked steps excluded from the max and the mean; a fully padded row gives 0 and no gradient).
// Max and average are exact in float32 here except the average's sum order, which the loop follows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { maxPooling1d, averagePooling1d, type Pooling1DOptions } from '../../src/layers/pooling1d.js';
import { globalMaxPooling1d, globalAveragePooling1d } from '../../src/layers/globalPooling1d.js';
import { Rng } from '../../src/rng.js';
import { moduleFor, testBuilds, randomArray, throwsArg } from '../helpers.js';
import { sequential, embedding, dense, maxPooling1d as mp } from '../../src/index.js';
import { SimdnetError } from '../../src/errors.js';
import { runLayer } from './convHarness.js';

const f = Math.fround;

/** The steps of each output window: windows[o] = input steps inside [0, T). */
function windows(T: number, p: number, s: number, padding: 'valid' | 'same'): number[][] {
  const OT = padding === 'same' ? Math.ceil(T / s) : Math.floor((T - p) / s) + 1;
  const left = padding === 'same' ? Math.floor(Math.max((OT - 1) * s + p - T, 0) / 2) : 0;
  return Array.from({ length: OT }, (_, o) => Array.from({ length: p }, (_, j) => o * s - left + j).filter((t) => t >= 0 && t < T));
}

/** y and dx of pooling [B, T, C] over the given windows of each row (max: first max; average: f32 sum in order / count). */
function poolRef(kind: 'max' | 'avg', x: Float32Array, dy: Float32Array, B: number, T: number, C: number, wins: (b: number) => number[][]) {
  const OT = wins(0).length;
  const y = new Float32Array(B * OT * C);
  const dx = new Float32Array(B * T * C);
  for (let b = 0; b < B; b++)
    wins(b).forEach((steps, o) => {
      for (let c = 0; c < C; c++) {
        const at = (t: number) => (b * T + t) * C + c;
        const yo = (b * OT + o) * C + c;
        if (steps.length === 0) continue; // a fully masked row: 0, no gradient
        if (kind === 'max') {
          let best = steps[0];
          for (const t of steps) if (x[at(t)] > x[at(best)]) best = t;
          y[yo] = x[at(best)];
          dx[at(best)] = f(dx[at(best)] + dy[yo]);
        } else {
          let sum = 0;
          for (const t of steps) sum = f(sum + x[at(t)]);
          y[yo] = f(sum / steps.length);
          for (const t of steps) dx[at(t)] = f(dx[at(t)] + f(dy[yo] / steps.length));
        }
      }
    });
  return { y, dx };
}

const CASES: { B: number; T: number; C: number; o: Pooling1DOptions }[] = [
  { B: 1, T: 1, C: 3, o: { poolSize: 1 } },
  { B: 2, T: 1, C: 5, o: { poolSize: 2, padding: 'same' } },
  { B: 2, T: 7, C: 3, o: {} }, // Keras defaults: pool 2, strides 2, valid (drops the odd step)
  { B: 1, T: 9, C: 6, o: { poolSize: 3, strides: 2 } },
  { B: 3, T: 10, C: 5, o: { poolSize: 3, strides: 2, padding: 'same' } },
  { B: 2, T: 11, C: 4, o: { poolSize: [4], strides: [1], padding: 'same' } },
];

test('maxPooling1d / averagePooling1d forward and backward match the direct loop, every build', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const c of CASES) {
      for (const kind of ['max', 'avg'] as const) {
        const rng = new Rng(c.T * 13 + c.C);
        const layer = kind === 'max' ? maxPooling1d(c.o) : averagePooling1d(c.o);
        const p = (Array.isArray(c.o.poolSize) ? c.o.poolSize[0] : c.o.poolSize) ?? 2;
        const s = (Array.isArray(c.o.strides) ? c.o.strides[0] : c.o.strides) ?? p;
        const wins = windows(c.T, p, s, c.o.padding ?? 'valid');
        const x = randomArray(rng, c.B * c.T * c.C);
        const dy = randomArray(rng, c.B * wins.length * c.C);
        const run = runLayer(m, layer, [c.T, c.C], c.B, x, [], dy);
        const want = poolRef(kind, x, dy, c.B, c.T, c.C, () => wins);
        const label = `${build} ${kind} ${JSON.stringify(c)}`;
        assert.equal(layer.outShape, [wins.length, c.C], `${label} shape`);
        assert.equal(Array.from(run.y), Array.from(want.y), `${label} y`);
        assert.equal(Array.from(run.dx), Array.from(want.dx), `${label} dx`);
      }
    }
  }
});

/** Row b's mask: row 0 all real, row 1 padded after `len` steps, row 2 all padding, row 3 padding in the middle too. */
function maskOf(B: number, T: number): Float32Array {
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) mask[b * T + t] = b % 4 === 0 ? 1 : b % 4 === 1 ? (t < Math.ceil(T / 2) ? 1 : 0) : b % 4 === 2 ? 0 : t % 3 !== 1 ? 1 : 0;
  return mask;
}

test('globalMaxPooling1d / globalAveragePooling1d, with and without a mask (all-padding rows included), every build', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [B, T, C] of [[1, 1, 3], [4, 7, 5], [5, 1, 2], [6, 13, 17], [4, 64, 8]]) {
      for (const masked of [false, true]) {
        for (const kind of ['max', 'avg'] as const) {
          const rng = new Rng(B * 100 + T * 7 + C);
          const x = randomArray(rng, B * T * C);
          const dy = randomArray(rng, B * C);
          const mask = masked ? maskOf(B, T) : undefined;
          const layer = kind === 'max' ? globalMaxPooling1d() : globalAveragePooling1d();
          const run = runLayer(m, layer, [T, C], B, x, [], dy, mask);
          const steps = (b: number) => [Array.from({ length: T }, (_, t) => t).filter((t) => !mask || mask[b * T + t] !== 0)];
          const want = poolRef(kind, x, dy, B, T, C, steps);
          const label = `${build} ${kind} masked=${masked} [${B}, ${T}, ${C}]`;
          assert.equal(layer.outShape, [C], `${label} shape`);
          assert.equal(Array.from(run.y), Array.from(want.y), `${label} y`);
          assert.equal(Array.from(run.dx), Array.from(want.dx), `${label} dx`);
          if (masked && B > 2) {
            // Not vacuous: row 2 is all padding (0, no gradient) and the mask changed row 1's result.
            assert.ok(run.y.slice(2 * C, 3 * C).every((v) => v === 0), `${label}: padded row gives 0`);
            const unmasked = poolRef(kind, x, dy, B, T, C, () => [Array.from({ length: T }, (_, t) => t)]);
            if (T > 2) assert.ok(run.y.slice(C, 2 * C).some((v, i) => v !== unmasked.y[C + i]), `${label}: the mask matters`);
          }
        }
      }
    }
  }
});

test('globalPooling1d keepdims, and typed errors for bad 1-D pooling options and inputs', () => {
  assert.equal(globalAveragePooling1d({ keepdims: true }).build([5, 3]), [1, 3]);
  const bad: [() => unknown, string][] = [
    [() => maxPooling1d({ poolSize: 0 }), 'poolSize'],
    [() => maxPooling1d({ poolSize: [2, 2] as never }), 'poolSize'],
    [() => averagePooling1d({ strides: 1.5 }), 'strides'],
    [() => averagePooling1d({ padding: 'causal' as never }), 'padding'],
    [() => maxPooling1d({ pool_size: 2 } as never), 'pool_size'],
    [() => globalMaxPooling1d({ keepdims: 1 as never }), 'keepdims'],
    [() => maxPooling1d().build([8, 8, 1]), 'inputShape'],
    [() => maxPooling1d({ poolSize: 5 }).build([4, 2]), 'poolSize'],
    [() => globalAveragePooling1d().build([12]), 'inputShape'],
  ];
  for (const [call, arg] of bad) throwsArg(call, arg);
  // A 1-D window pooling cannot take a mask (as Keras 3): the model names both layers when it builds.
  let error: unknown = null;
  try {
    sequential({ layers: [embedding({ inputDim: 5, outputDim: 4, maskZero: true, inputShape: [6] }), mp(), globalMaxPooling1d(), dense({ units: 1 })] }).build([6]);
  } catch (e) {
    error = e;
  }
  assert.instance(error, SimdnetError);
  assert.match(String(error), /\(MaxPooling1D\) cannot take the mask/);
});

test.run();
