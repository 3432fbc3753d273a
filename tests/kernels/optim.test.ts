// Optimizer steps (assembly/kernels/optim.ts) against the float64 Keras formulas of
// tests/reference/optim.ts: several steps with a changing learning rate, every variant (momentum,
// nesterov, centered, amsgrad, weight decay, clipvalue, gradScale), on every size in SIZES and every
// wasm build; plus extremes (NaN, Inf, huge gradients) and the pointer-0 contract of unused states.
//
// Tolerance: the kernel rounds to f32 after each of about 10 operations per element per step
// (2^-24 ≈ 6e-8 relative each), and its inputs (hyperparameters, per-step constants) are f32
// roundings of the reference's doubles; no formula has cancellation at these inputs (gradients and
// states are O(0.01-1), epsilon 1e-7 is negligible against sqrt(v) ≈ 0.1). Over 6 steps that bounds
// the relative error of every state by about 6 * 10 * 6e-8 ≈ 4e-6: rtol 4e-6. States that pass near
// 0 (m, p) carry absolute errors of the order of their O(0.1-1) inputs times that: atol 4e-7.
// (Measured at n = 4099: the worst element uses about 13% of this; rounding errors do not all align.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, SIZES, randomArray, assertClose, put, get } from '../helpers.js';
import { optimReferences, nadamProduct } from '../reference/optim.js';
import { Rng } from '../../src/rng.js';
import type { WasmModule } from '../../bindings/loader.js';

interface Case {
  label: string;
  kernel: string;
  states: string[];
  /** Initial value per state (default 0): Adagrad's accumulator starts at 0.1. */
  init?: number[];
  hyper: number[];
  flag?: number;
  tStart?: number;
}

const CASES: Case[] = [
  { label: 'sgd', kernel: 'sgdStep', states: ['v'], hyper: [0], flag: 0 },
  { label: 'sgd momentum', kernel: 'sgdStep', states: ['v'], hyper: [0.9], flag: 0 },
  { label: 'sgd nesterov', kernel: 'sgdStep', states: ['v'], hyper: [0.8], flag: 1 },
  { label: 'rmsprop', kernel: 'rmspropStep', states: ['vel', 'mom', 'avg'], hyper: [0.9, 0, 1e-7], flag: 0 },
  { label: 'rmsprop centered', kernel: 'rmspropStep', states: ['vel', 'mom', 'avg'], hyper: [0.8, 0, 1e-6], flag: 1 },
  { label: 'rmsprop momentum', kernel: 'rmspropStep', states: ['vel', 'mom', 'avg'], hyper: [0.9, 0.7, 1e-7], flag: 0 },
  { label: 'rmsprop centered momentum', kernel: 'rmspropStep', states: ['vel', 'mom', 'avg'], hyper: [0.95, 0.5, 1e-7], flag: 1 },
  { label: 'adam', kernel: 'adamStep', states: ['m', 'v', 'vhat'], hyper: [0.9, 0.999, 1e-7], flag: 0 },
  { label: 'adam betas', kernel: 'adamStep', states: ['m', 'v', 'vhat'], hyper: [0.8, 0.99, 1e-3], flag: 0 },
  { label: 'adam amsgrad', kernel: 'adamStep', states: ['m', 'v', 'vhat'], hyper: [0.9, 0.999, 1e-7], flag: 1 },
  { label: 'adam late t', kernel: 'adamStep', states: ['m', 'v', 'vhat'], hyper: [0.9, 0.999, 1e-7], flag: 1, tStart: 5000 },
  { label: 'adagrad', kernel: 'adagradStep', states: ['acc'], init: [0.1], hyper: [1e-7] },
  { label: 'adagrad zero init', kernel: 'adagradStep', states: ['acc'], init: [0.01], hyper: [1e-4] },
  { label: 'adadelta', kernel: 'adadeltaStep', states: ['accGrad', 'accDelta'], hyper: [0.95, 1e-7] },
  { label: 'adadelta rho', kernel: 'adadeltaStep', states: ['accGrad', 'accDelta'], hyper: [0.5, 1e-4] },
  { label: 'adamax', kernel: 'adamaxStep', states: ['m', 'u'], hyper: [0.9, 0.999, 1e-7] },
  { label: 'adamax betas', kernel: 'adamaxStep', states: ['m', 'u'], hyper: [0.7, 0.9, 1e-5] },
  { label: 'nadam', kernel: 'nadamStep', states: ['m', 'v'], hyper: [0.9, 0.999, 1e-7] },
  { label: 'nadam betas', kernel: 'nadamStep', states: ['m', 'v'], hyper: [0.85, 0.99, 1e-6] },
  { label: 'nadam late t', kernel: 'nadamStep', states: ['m', 'v'], hyper: [0.9, 0.999, 1e-7], tStart: 1500 },
];

/** [gradScale, clipValue, weightDecay]: none, each alone, and all three together. */
const COMMON: [number, number, number][] = [
  [1, 0, 0],
  [0.6, 0, 0],
  [1, 0.05, 0],
  [1, 0, 0.004],
  [0.8, 0.03, 0.05],
];
const STEPS = 6;
const TOL = { rtol: 4e-6, atol: 4e-7 };

/** Kernel arguments; Nadam's trailing u_product is Keras's, from its constant beta1 (hyper[0]). */
function args(c: Case, p: unknown, g: unknown, states: unknown[], n: number, lr: number, t: number, common: number[]): unknown[] {
  const tail = c.kernel === 'nadamStep' ? [nadamProduct(t, () => c.hyper[0])] : c.flag === undefined ? [] : [c.flag];
  return [p, g, ...states, n, lr, ...c.hyper, t, ...common, ...tail];
}

/** Runs STEPS steps in wasm and in the float64 reference from the same f32 start; compares all. */
function runCase(m: WasmModule, c: Case, n: number, common: number[], seed: number): void {
  const rng = new Rng(seed);
  const p0 = randomArray(rng, n);
  const s0 = c.states.map((_, k) => new Float32Array(n).fill(c.init?.[k] ?? 0));
  const pPtr = put(m, p0);
  const sPtr = s0.map((s) => put(m, s));
  const gPtr = m.arena.alloc(4 * n);
  const pRef = Float64Array.from(p0);
  const sRef = s0.map((s) => Float64Array.from(s));
  const ref = optimReferences[c.kernel];
  for (let s = 0; s < STEPS; s++) {
    const g = randomArray(rng, n, -0.1, 0.1);
    m.arena.f32(gPtr, n).set(g);
    const lr = 0.01 * (1 - 0.1 * s); // a decaying schedule: lr is a per-call argument
    const t = (c.tStart ?? 1) + s;
    m.exports[c.kernel](...(args(c, pPtr, gPtr, sPtr, n, lr, t, common) as number[]));
    ref(...args(c, pRef, g, sRef, n, lr, t, common));
  }
  const label = `${c.label} n=${n} common=${common}`;
  assertClose(get(m, pPtr, n), pRef, { ...TOL, label: `${label} p` });
  c.states.forEach((name, k) => assertClose(get(m, sPtr[k], n), sRef[k], { ...TOL, label: `${label} ${name}` }));
  m.arena.free(pPtr);
  m.arena.free(gPtr);
  sPtr.forEach((q) => m.arena.free(q));
}

test('every optimizer and variant matches the float64 Keras formulas over several steps', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    let seed = 1;
    for (const c of CASES) for (const n of SIZES) for (const common of COMMON) runCase(m, c, n, common, seed++);
  }
});

test('every build gives bit-identical results (same f32x4 operations, no relaxed FMA)', async () => {
  const builds = await testBuilds();
  const results = new Map<string, Float32Array[]>();
  for (const build of builds) {
    const m = await moduleFor(build);
    const rng = new Rng(11);
    const n = 129;
    const out: Float32Array[] = [];
    for (const c of CASES) {
      const p = put(m, randomArray(rng, n));
      const s = c.states.map((_, k) => put(m, new Float32Array(n).fill(c.init?.[k] ?? 0)));
      const g = put(m, randomArray(rng, n, -0.1, 0.1));
      for (let t = 1; t <= 3; t++) m.exports[c.kernel](...(args(c, p, g, s, n, 0.01, t, COMMON[4]) as number[]));
      out.push(get(m, p, n), ...s.map((q) => get(m, q, n)));
      [p, g, ...s].forEach((q) => m.arena.free(q));
    }
    results.set(build, out);
  }
  const [first, ...rest] = builds;
  for (const b of rest) {
    results.get(b)!.forEach((a, i) => assert.equal(Array.from(a), Array.from(results.get(first)![i]), `${b} vs ${first}, buffer ${i}`));
  }
});

test('known values: Keras docstring examples (RMSprop lr 0.1 on var 10 -> 9.683772, SGD, Adam first step)', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const one = (kernel: string, states: number, rest: number[]): number => {
      const p = put(m, new Float32Array([10]));
      const g = put(m, new Float32Array([10])); // loss var^2 / 2: gradient = var
      const s = Array.from({ length: states }, () => put(m, new Float32Array(1)));
      m.exports[kernel](p, g, ...s, 1, ...rest);
      return get(m, p, 1)[0];
    };
    // keras/src/optimizers/rmsprop.py docstring: RMSprop(learning_rate=0.1), one step from 10 -> 9.683772.
    assert.ok(Math.abs(one('rmspropStep', 3, [0.1, 0.9, 0, 1e-7, 1, 1, 0, 0, 0]) - 9.683772) < 1e-5, `${build} rmsprop`);
    // SGD lr 0.1: 10 - 0.1 * 10 = 9.
    assert.is(one('sgdStep', 1, [0.1, 0, 1, 1, 0, 0, 0]), 9);
    // Adam's first step moves by lr * g / (|g| + eps') = lr (bias corrections cancel): 10 - 0.1.
    assert.ok(Math.abs(one('adamStep', 3, [0.1, 0.9, 0.999, 1e-7, 1, 1, 0, 0, 0]) - 9.9) < 1e-5, `${build} adam`);
  }
});

test('unused state pointers may be 0 (sgd without momentum, rmsprop plain, adam without amsgrad)', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const low = m.arena.f32(0, 64).slice(); // static data below heapBase must stay untouched
    const n = 65;
    const rng = new Rng(7);
    const p0 = randomArray(rng, n);
    const g = put(m, randomArray(rng, n));
    const calls: [string, number, number[], number[]][] = [
      ['sgdStep', 0, [0.01, 0, 1, 1, 0.1, 0.01, 1], []],
      ['rmspropStep', 1, [0.01, 0.9, 0, 1e-7, 1, 1, 0.1, 0.01, 0], [0, 0]],
      ['adamStep', 2, [0.01, 0.9, 0.999, 1e-7, 1, 1, 0.1, 0.01, 0], [0]],
    ];
    for (const [kernel, live, rest, nulls] of calls) {
      const full = [put(m, p0), ...Array.from({ length: live + nulls.length }, () => m.arena.calloc(4 * n))];
      const part = [put(m, p0), ...Array.from({ length: live }, () => m.arena.calloc(4 * n))];
      m.exports[kernel](full[0], g, ...full.slice(1), n, ...rest);
      m.exports[kernel](part[0], g, ...part.slice(1), ...nulls, n, ...rest);
      assert.equal(get(m, part[0], n), get(m, full[0], n), `${build} ${kernel}`);
      [...full, ...part].forEach((q) => m.arena.free(q));
    }
    assert.equal(m.arena.f32(0, 64).slice(), low, `${build}: memory at address 0 was written`);
    m.arena.free(g);
  }
});

test('extremes: NaN gradients propagate (even through clipvalue), Inf is clipped, huge grads stay finite in Adam', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const n = 9;
    const g = put(m, new Float32Array([NaN, Infinity, -Infinity, 1e30, -1e30, 0, 1, -1, 3e38]));
    const run = (kernel: string, states: number, rest: number[]) => {
      const p = put(m, new Float32Array(n).fill(1));
      const s = Array.from({ length: states }, () => m.arena.calloc(4 * n));
      m.exports[kernel](p, g, ...s, n, ...rest);
      const out = get(m, p, n);
      [p, ...s].forEach((q) => m.arena.free(q));
      return out;
    };
    // SGD with clipvalue 0.5: NaN stays NaN; +-Inf and +-1e30 clip to +-0.5.
    const sgd = run('sgdStep', 1, [0.1, 0, 1, 1, 0.5, 0, 0]);
    assert.ok(Number.isNaN(sgd[0]));
    assertClose(sgd.slice(1), [0.95, 1.05, 0.95, 1.05, 1, 0.95, 1.05, 0.95], { label: `${build} sgd clip` });
    // Adam without clipping: 1e30 squares to Inf in f32, so m/sqrt(v) -> 0: finite, no NaN (Keras f32 does the same).
    const adam = run('adamStep', 3, [0.1, 0.9, 0.999, 1e-7, 1, 1, 0, 0, 0]);
    assert.ok(Number.isNaN(adam[0]), `${build} adam NaN`);
    for (const i of [3, 4, 5, 6, 7, 8]) assert.ok(Number.isFinite(adam[i]), `${build} adam [${i}] = ${adam[i]}`);
    m.arena.free(g);
  }
});

test('weight decay is skipped at 0 (an Inf parameter stays Inf) and applied before the update otherwise', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const p = put(m, new Float32Array([Infinity, 2]));
    const g = put(m, new Float32Array([0, 0]));
    const v = m.arena.calloc(8);
    m.exports.sgdStep(p, g, v, 2, 0.5, 0, 1, 1, 0, 0, 0);
    assert.equal(Array.from(get(m, p, 2)), [Infinity, 2]);
    m.exports.sgdStep(p, g, v, 2, 0.5, 0, 1, 1, 0, 0.1, 0); // 2 - 2 * 0.1 * 0.5
    assert.is(get(m, p, 2)[1], Math.fround(1.9));
    [p, g, v].forEach((q) => m.arena.free(q));
  }
});

test('addRegularizerGrad: g += l1 * sign(p) + 2 * l2 * p, checked against the penalty by finite differences', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const n of SIZES) {
      const rng = new Rng(n);
      const p0 = randomArray(rng, n);
      if (n > 2) p0[1] = 0; // sign(0) = 0
      const g0 = randomArray(rng, n);
      const p = put(m, p0);
      const g = put(m, g0);
      m.exports.addRegularizerGrad(p, g, n, 0.01, 0.003);
      const ref = Float64Array.from(g0);
      optimReferences.addRegularizerGrad(p0, ref, n, 0.01, 0.003);
      assertClose(get(m, g, n), ref, { rtol: 1e-6, atol: 1e-7, label: `${build} n=${n}` });
      // Central differences of the float64 penalty l1|x| + l2 x^2 away from the kink at 0.
      const h = 1e-6;
      for (let i = 0; i < Math.min(n, 8); i++) {
        if (p0[i] === 0) continue;
        const pen = (x: number) => 0.01 * Math.abs(x) + 0.003 * x * x;
        const fd = (pen(p0[i] + h) - pen(p0[i] - h)) / (2 * h);
        assert.ok(Math.abs(ref[i] - g0[i] - fd) < 1e-8, `fd n=${n} i=${i}: ${ref[i] - g0[i]} vs ${fd}`);
      }
      m.arena.free(p);
      m.arena.free(g);
    }
  }
});

test.run();
