// Batch and layer normalization kernels against the f64 references (tests/reference/norm.ts) on
// awkward B and C, finite-difference checks of the reference backward in f64, accumulation, in-place
// forward, absent gamma/beta, running statistics over several steps, constant and huge inputs, and
// validation, on every build.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/rng.js';
import { SIZES, moduleFor, testBuilds, randomArray, assertClose, put, get } from '../helpers.js';
import * as ref from '../reference/norm.js';
import * as bind from '../../bindings/norm.js';
import type { WasmModule } from '../../bindings/loader.js';

// Every size as B with a few C, every size as C with a few B (large x large would only be slow).
const SHAPES: [number, number][] = [];
for (const s of SIZES) SHAPES.push([s, 7], [s, 64], [3, s], [16, s]);
// f32 kernels vs f64 references on O(1) normalized outputs: two-pass statistics keep the error at a
// few ulps times log(count); 2e-5 absolute also covers the 4099-long sums.
const TOL = { rtol: 1e-4, atol: 2e-5 };
// dGamma, dBeta are running f32 sums over B (batch norm: per channel; layer norm: over rows) of O(1)
// terms: rounding adds up like a random walk with sd about u * B / sqrt(2) (u = 2^-24); allow 4 sd.
const sumTol = (B: number) => ({ rtol: TOL.rtol, atol: TOL.atol + 4 * 2 ** -24 * B / Math.SQRT2 });

/** Inputs with an offset (3) so one-pass variance formulas would lose digits; gamma, beta optional. */
function inputs(rng: Rng, B: number, C: number) {
  return {
    x: randomArray(rng, B * C, 2, 4),
    dy: randomArray(rng, B * C),
    dx0: randomArray(rng, B * C),
    gamma: randomArray(rng, C, 0.5, 1.5),
    beta: randomArray(rng, C),
  };
}

const f32 = (a: ArrayLike<number>) => Float32Array.from(a);
const maybe = (m: WasmModule, a: Float32Array, on: boolean) => (on ? put(m, a) : 0);

function freeAll(m: WasmModule, ps: number[]): void {
  for (const p of new Set(ps)) if (p) m.arena.free(p);
}

test('batch norm train forward + backward match the reference on every shape (with/without gamma, beta; in place)', async () => {
  const rng = new Rng(1);
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [i, [B, C]] of SHAPES.entries()) {
      const { x, dy, dx0, gamma, beta } = inputs(rng, B, C);
      const affine = i % 3 !== 2;
      const inPlace = i % 2 === 1;
      const rm0 = randomArray(rng, C), rv0 = randomArray(rng, C, 0.5, 2);
      const w = { y: new Float64Array(B * C), mean: new Float64Array(C), inv: new Float64Array(C), rm: Float64Array.from(rm0), rv: Float64Array.from(rv0) };
      ref.batchNormForwardTrain(x, w.y, affine ? gamma : null, affine ? beta : null, w.mean, w.inv, w.rm, w.rv, B, C, 0.9, 1e-3);
      const px = put(m, x), py = inPlace ? px : m.arena.alloc(B * C * 4);
      const pg = maybe(m, gamma, affine), pb = maybe(m, beta, affine);
      const pmean = m.arena.alloc(C * 4), pinv = m.arena.alloc(C * 4), prm = put(m, rm0), prv = put(m, rv0);
      bind.batchNormForwardTrain(m, px, py, pg, pb, pmean, pinv, prm, prv, B, C, 0.9, 1e-3);
      const label = `${build} B ${B} C ${C}${affine ? '' : ' no gamma/beta'}${inPlace ? ' in place' : ''}`;
      assertClose(get(m, py, B * C), f32(w.y), { ...TOL, label: `${label} y` });
      assertClose(get(m, pmean, C), f32(w.mean), { ...TOL, label: `${label} mean` });
      assertClose(get(m, pinv, C), f32(w.inv), { ...TOL, label: `${label} invStd` });
      assertClose(get(m, prm, C), f32(w.rm), { ...TOL, label: `${label} runMean` });
      assertClose(get(m, prv, C), f32(w.rv), { ...TOL, label: `${label} runVar` });

      // Backward from the kernel's own saved statistics (both sides use the same f32 mean/invStd).
      const mean = get(m, pmean, C), inv = get(m, pinv, C);
      const dg0 = randomArray(rng, C), db0 = randomArray(rng, C);
      const want = { dx: Float64Array.from(dx0), dg: Float64Array.from(dg0), db: Float64Array.from(db0) };
      ref.batchNormBackward(x, dy, want.dx, affine ? gamma : null, mean, inv, want.dg, want.db, B, C);
      const px2 = put(m, x), pdy = put(m, dy), pdx = put(m, dx0), pdg = put(m, dg0), pdb = put(m, db0);
      bind.batchNormBackward(m, px2, pdy, pdx, pg, pmean, pinv, pdg, pdb, B, C);
      assertClose(get(m, pdx, B * C), f32(want.dx), { ...TOL, label: `${label} dx` });
      assertClose(get(m, pdg, C), f32(want.dg), { ...sumTol(B), label: `${label} dGamma` });
      assertClose(get(m, pdb, C), f32(want.db), { ...sumTol(B), label: `${label} dBeta` });
      freeAll(m, [px, py, pg, pb, pmean, pinv, prm, prv, px2, pdy, pdx, pdg, pdb]);
    }
  }
});

test('batch norm inference matches the reference on every shape', async () => {
  const rng = new Rng(2);
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [i, [B, C]] of SHAPES.entries()) {
      const { x, gamma, beta } = inputs(rng, B, C);
      const affine = i % 3 !== 2;
      const rm = randomArray(rng, C, 2, 4), rv = randomArray(rng, C, 0.1, 2);
      const want = new Float64Array(B * C);
      ref.batchNormForwardInfer(x, want, affine ? gamma : null, affine ? beta : null, rm, rv, B, C, 1e-3);
      const px = put(m, x), py = m.arena.alloc(B * C * 4), pg = maybe(m, gamma, affine), pb = maybe(m, beta, affine);
      const prm = put(m, rm), prv = put(m, rv);
      bind.batchNormForwardInfer(m, px, py, pg, pb, prm, prv, B, C, 1e-3);
      assertClose(get(m, py, B * C), f32(want), { ...TOL, label: `${build} B ${B} C ${C}` });
      freeAll(m, [px, py, pg, pb, prm, prv]);
    }
  }
});

test('layer norm forward + backward match the reference on every shape (with/without gamma, beta; in place)', async () => {
  const rng = new Rng(3);
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [i, [B, C]] of SHAPES.entries()) {
      const { x, dy, dx0, gamma, beta } = inputs(rng, B, C);
      const affine = i % 3 !== 2;
      const inPlace = i % 2 === 1;
      const w = { y: new Float64Array(B * C), mean: new Float64Array(B), inv: new Float64Array(B) };
      ref.layerNormForward(x, w.y, affine ? gamma : null, affine ? beta : null, w.mean, w.inv, B, C, 1e-3);
      const px = put(m, x), py = inPlace ? px : m.arena.alloc(B * C * 4);
      const pg = maybe(m, gamma, affine), pb = maybe(m, beta, affine);
      const pmean = m.arena.alloc(B * 4), pinv = m.arena.alloc(B * 4);
      bind.layerNormForward(m, px, py, pg, pb, pmean, pinv, B, C, 1e-3);
      const label = `${build} B ${B} C ${C}${affine ? '' : ' no gamma/beta'}${inPlace ? ' in place' : ''}`;
      assertClose(get(m, py, B * C), f32(w.y), { ...TOL, label: `${label} y` });
      assertClose(get(m, pmean, B), f32(w.mean), { ...TOL, label: `${label} mean` });
      assertClose(get(m, pinv, B), f32(w.inv), { ...TOL, label: `${label} invStd` });

      const mean = get(m, pmean, B), inv = get(m, pinv, B);
      const dg0 = randomArray(rng, C), db0 = randomArray(rng, C);
      const want = { dx: Float64Array.from(dx0), dg: Float64Array.from(dg0), db: Float64Array.from(db0) };
      ref.layerNormBackward(x, dy, want.dx, affine ? gamma : null, mean, inv, affine ? want.dg : null, affine ? want.db : null, B, C);
      const px2 = put(m, x), pdy = put(m, dy), pdx = put(m, dx0), pdg = maybe(m, dg0, affine), pdb = maybe(m, db0, affine);
      bind.layerNormBackward(m, px2, pdy, pdx, pg, pmean, pinv, pdg, pdb, B, C);
      assertClose(get(m, pdx, B * C), f32(want.dx), { ...TOL, label: `${label} dx` });
      if (affine) {
        assertClose(get(m, pdg, C), f32(want.dg), { ...sumTol(B), label: `${label} dGamma` });
        assertClose(get(m, pdb, C), f32(want.db), { ...sumTol(B), label: `${label} dBeta` });
      }
      freeAll(m, [px, py, pg, pb, pmean, pinv, px2, pdy, pdx, pdg, pdb]);
    }
  }
});

/** Checks the f64 reference backward of `which` against central differences of L = sum(w * y). */
function gradCheck(which: 'batch' | 'layer', B: number, C: number, seed: number): void {
  const rng = new Rng(seed);
  const x = Float64Array.from(randomArray(rng, B * C, -2, 2));
  const gamma = Float64Array.from(randomArray(rng, C, 0.5, 1.5));
  const beta = Float64Array.from(randomArray(rng, C));
  const w = Float64Array.from(randomArray(rng, B * C));
  const S = which === 'batch' ? C : B;
  const forward = (xs: Float64Array, g: Float64Array, b: Float64Array, mean = new Float64Array(S), inv = new Float64Array(S)) => {
    const y = new Float64Array(B * C);
    if (which === 'batch') ref.batchNormForwardTrain(xs, y, g, b, mean, inv, new Float64Array(C), new Float64Array(C), B, C, 0.99, 1e-3);
    else ref.layerNormForward(xs, y, g, b, mean, inv, B, C, 1e-3);
    return y.reduce((a, v, i) => a + v * w[i], 0);
  };
  const mean = new Float64Array(S), inv = new Float64Array(S);
  forward(x, gamma, beta, mean, inv);
  const dx = new Float64Array(B * C), dg = new Float64Array(C), db = new Float64Array(C);
  (which === 'batch' ? ref.batchNormBackward : ref.layerNormBackward)(x, w, dx, gamma, mean, inv, dg, db, B, C);
  const h = 1e-6;
  const fd = (arr: Float64Array, i: number, f: () => number) => {
    const v = arr[i];
    arr[i] = v + h;
    const up = f();
    arr[i] = v - h;
    const down = f();
    arr[i] = v;
    return (up - down) / (2 * h);
  };
  const L = () => forward(x, gamma, beta);
  const tol = { rtol: 1e-5, atol: 1e-7 };
  assertClose(dx, Float64Array.from(x, (_, i) => fd(x, i, L)), { ...tol, label: `${which} B ${B} C ${C} dx` });
  assertClose(dg, Float64Array.from(gamma, (_, i) => fd(gamma, i, L)), { ...tol, label: `${which} dGamma` });
  assertClose(db, Float64Array.from(beta, (_, i) => fd(beta, i, L)), { ...tol, label: `${which} dBeta` });
}

test('finite differences in f64 confirm the reference backward formulas', () => {
  for (const [B, C] of [[1, 3], [2, 5], [7, 4], [16, 9]]) {
    gradCheck('batch', B, C, B * 31 + C);
    gradCheck('layer', B, C, B * 37 + C);
  }
});

test('running statistics follow the reference over several training steps (Keras momentum 0.99)', async () => {
  const rng = new Rng(4);
  const [B, C] = [32, 13];
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rm = new Float64Array(C), rv = new Float64Array(C).fill(1); // Keras initializers: zeros, ones
    const prm = put(m, f32(rm)), prv = put(m, f32(rv));
    const py = m.arena.alloc(B * C * 4), pmean = m.arena.alloc(C * 4), pinv = m.arena.alloc(C * 4);
    for (let step = 0; step < 5; step++) {
      const x = randomArray(rng, B * C, -1, 5);
      ref.batchNormForwardTrain(x, new Float64Array(B * C), null, null, new Float64Array(C), new Float64Array(C), rm, rv, B, C, 0.99, 1e-3);
      const px = put(m, x);
      bind.batchNormForwardTrain(m, px, py, 0, 0, pmean, pinv, prm, prv, B, C);
      m.arena.free(px);
    }
    assertClose(get(m, prm, C), f32(rm), { ...TOL, label: `${build} runMean` });
    assertClose(get(m, prv, C), f32(rv), { ...TOL, label: `${build} runVar` });
    freeAll(m, [prm, prv, py, pmean, pinv]);
  }
});

test('extreme inputs: constant channels give exactly beta; huge and tiny magnitudes stay finite and correct', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const [B, C] = [9, 6];
    for (const scale of [1, 1e15, -1e-30]) {
      const label = `${build} scale ${scale}`;
      const x = Float32Array.from({ length: B * C }, (_, i) => scale * (3 + (i % C)));
      const beta = Float32Array.from({ length: C }, (_, c) => c - 2);
      const gamma = new Float32Array(C).fill(2);
      const dy = randomArray(new Rng(5), B * C);
      const px = put(m, x), py = m.arena.alloc(B * C * 4), pb = put(m, beta), pg = put(m, gamma);
      const ps = m.arena.alloc(C * 4 * B), pi = m.arena.alloc(C * 4 * B);
      const prm = put(m, new Float32Array(C)), prv = put(m, new Float32Array(C).fill(1));
      // Every channel is constant over the batch: variance 0 (exactly, thanks to the shifted mean), y = beta.
      bind.batchNormForwardTrain(m, px, py, pg, pb, ps, pi, prm, prv, B, C);
      assert.equal(Array.from(get(m, py, B * C)), Array.from({ length: B * C }, (_, i) => beta[i % C]), `${label} bn y`);
      // Its gradient is gamma / sqrt(eps) * (dy - mean(dy)): finite, and as the reference says.
      const pdy = put(m, dy), pdx = put(m, new Float32Array(B * C));
      bind.batchNormBackward(m, px, pdy, pdx, pg, ps, pi, 0, 0, B, C);
      const want = new Float64Array(B * C);
      ref.batchNormBackward(x, dy, want, gamma, get(m, ps, C), get(m, pi, C), null, null, B, C);
      assertClose(get(m, pdx, B * C), f32(want), { ...TOL, atol: 1e-4, label: `${label} bn dx (|dx| up to 2/sqrt(eps) = 63)` });
      // Layer norm rows are not constant (3..8 times scale): normalized values are O(1) at any scale.
      const yl = new Float64Array(B * C);
      ref.layerNormForward(x, yl, null, null, new Float64Array(B), new Float64Array(B), B, C, 1e-3);
      bind.layerNormForward(m, px, py, 0, 0, ps, pi, B, C, 1e-3);
      assertClose(get(m, py, B * C), f32(yl), { ...TOL, label: `${label} ln y` });
      // A constant row: exactly beta.
      const pc = put(m, new Float32Array(B * C).fill(scale));
      bind.layerNormForward(m, pc, py, 0, pb, ps, pi, B, C, 1e-3);
      assert.equal(Array.from(get(m, py, B * C)), Array.from({ length: B * C }, (_, i) => beta[i % C]), `${label} ln constant row`);
      freeAll(m, [px, py, pb, pg, ps, pi, prm, prv, pdy, pdx, pc]);
    }
  }
});

test('bad arguments are ValidationErrors before wasm is called', async () => {
  const m = await moduleFor('plain');
  const p = m.arena.alloc(256);
  const big = m.memory.buffer.byteLength;
  const calls: (() => void)[] = [
    () => bind.batchNormForwardTrain(m, p, p, 0, 0, p, p, p, p, 0, 4),
    () => bind.batchNormForwardTrain(m, p, p, 0, 0, p, p, p, p, 4, 4, 1.5),
    () => bind.batchNormForwardTrain(m, p, p, 0, 0, p, p, p, p, 4, 4, 0.99, 0),
    () => bind.batchNormForwardTrain(m, p, p, 3, 0, p, p, p, p, 4, 4),
    () => bind.batchNormForwardInfer(m, p, p, 0, 0, p, big, 4, 4),
    () => bind.batchNormBackward(m, p, p, p, 0, p, p, 0, 0, 4, big),
    () => bind.layerNormForward(m, p, p, 0, 0, p, p, 4.5, 4),
    () => bind.layerNormForward(m, p, p, 0, 0, p, p, 4, 4, -1),
    () => bind.layerNormBackward(m, p, p, p, 0, p, p, 0, p + 1, 4, 4),
  ];
  for (const [i, f] of calls.entries()) assert.throws(f, (e: { name: string }) => e.name === 'ValidationError' || e.name === 'ShapeError', `call ${i}`);
  m.arena.free(p);
});

test.run();
