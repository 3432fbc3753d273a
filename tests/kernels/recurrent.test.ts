// Recurrent-cell kernels (assembly/kernels/recurrent.ts) against their plain-TS references
// (tests/reference/recurrent.ts) on every build. Each call gets the same inputs on both sides and
// every buffer it may touch is compared afterwards (outputs, in-place gates, accumulators, and the
// read-only inputs, which must come back unchanged). Sizes: batch 1 and 3, units 1, 3, 4, 5, 8, 17
// (every SIMD tail), masks none / alternate rows / all padded / random, the activation pairs the
// layers allow, and extreme pre-activations (+-1e30, +-Inf) that must saturate the gates without NaN.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, put, get, randomArray, assertClose } from '../helpers.js';
import { Rng } from '../../src/rng.js';
import type { WasmModule } from '../../bindings/loader.js';
import { recurrentReferences as R } from '../reference/recurrent.js';

const [LINEAR, RELU, SIGMOID, TANH, HARD] = [0, 1, 8, 9, 12];
const ACTS: [act: number, rec: number][] = [[TANH, SIGMOID], [RELU, HARD], [LINEAR, TANH], [TANH, HARD]];
const TOL = { rtol: 1e-5, atol: 1e-6 };
type Arg = Float32Array | null | number;

/** Runs export `name` in wasm and its reference with the same arguments (arrays become pointers,
 *  null a 0 pointer) and compares every array afterwards; returns wasm's arrays. */
function same(m: WasmModule, name: string, args: Arg[], label: string): Float32Array[] {
  const raw = args.map((a) => (a instanceof Float32Array ? put(m, a) : a === null ? 0 : a));
  (m.exports[name] as (...a: number[]) => void)(...raw);
  const arrays = args.map((a, i) => (a instanceof Float32Array ? [a, get(m, raw[i], a.length)] as const : null)).filter((p) => p !== null);
  R[name](...args.map((a) => (a instanceof Float32Array ? a : a)));
  arrays.forEach(([want, ours], i) => {
    assert.ok(ours.every((v, j) => Number.isNaN(v) === Number.isNaN(want[j])), `${label}: ${name} array ${i}: NaN pattern`);
    assertClose(ours, want, { ...TOL, label: `${label}: ${name} array ${i}` });
  });
  return arrays.map(([, ours]) => ours);
}

function masks(rng: Rng, B: number): (Float32Array | null)[] {
  return [null, Float32Array.from({ length: B }, (_, b) => (b % 2 === 1 ? 0 : 1)), new Float32Array(B), Float32Array.from({ length: B }, () => (rng.int(2)))];
}

const SIZES: [B: number, U: number][] = [];
for (const B of [1, 3]) for (const U of [1, 3, 4, 5, 8, 17]) SIZES.push([B, U]);
const r = (rng: Rng, n: number, s = 2) => randomArray(rng, n, -s, s);

test('seqTranspose: every flag (reverse rows, reverse columns, accumulate), strided rows, C 1..17', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(1);
    for (const [I, J] of [[1, 1], [1, 3], [3, 1], [2, 5]]) {
      for (const C of [1, 3, 4, 5, 17]) {
        for (let flags = 0; flags < 8; flags++) {
          const [lds, ldd] = [C + (flags & 1), C + 2];
          const [out] = same(m, 'seqTranspose', [r(rng, I * J * lds), lds, r(rng, I * J * ldd), ldd, I, J, C, flags].slice(0, 8), `${build} I=${I} J=${J} C=${C} flags=${flags}`).slice(1);
          assert.ok(out.length === I * J * ldd);
        }
      }
    }
    // The mapping itself on a case small enough to write out: src (2,3) rows of 1, dst (3,2).
    const [, out] = same(m, 'seqTranspose', [Float32Array.from([0, 1, 2, 10, 11, 12]), 1, new Float32Array(6), 1, 2, 3, 1, 2], `${build} 2x3`);
    assert.equal(Array.from(out), [2, 12, 1, 11, 0, 10], 'dst row (J-1-j, i) = src row (i, j)');
  }
});

test('lstmStepForward / lstmStepBackward: every size, mask and activation pair', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(2);
    for (const [B, U] of SIZES) {
      for (const [act, rec] of ACTS) {
        for (const mask of masks(rng, B)) {
          const label = `${build} B=${B} U=${U} act=${act} rec=${rec} mask=${mask && Array.from(mask)}`;
          const bu = B * U;
          const [cPrev, hPrev] = [r(rng, bu), r(rng, bu)];
          const [gates, , c, , h, tc] = same(m, 'lstmStepForward', [r(rng, 4 * bu, 3), cPrev, r(rng, bu), hPrev, r(rng, bu), r(rng, bu), mask, B, U, act, rec], label);
          if (mask) for (let b = 0; b < B; b++) if (mask[b] === 0) {
            assert.equal(Array.from(c.subarray(b * U, (b + 1) * U)), Array.from(cPrev.subarray(b * U, (b + 1) * U)), `${label}: masked row ${b} carries c`);
            assert.equal(Array.from(h.subarray(b * U, (b + 1) * U)), Array.from(hPrev.subarray(b * U, (b + 1) * U)), `${label}: masked row ${b} carries h`);
          }
          same(m, 'lstmStepBackward', [gates, cPrev, tc, r(rng, bu), r(rng, bu), r(rng, 4 * bu), r(rng, bu), mask, B, U, act, rec], label);
        }
      }
    }
  }
});

test('GRU kernels: gates (with and without r*hPrev), candidate and its backward (resetAfter 1 and 0), reset backward', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(3);
    for (const [B, U] of SIZES) {
      for (const [act, rec] of ACTS) {
        for (const mask of masks(rng, B)) {
          for (const ra of [1, 0]) {
            const label = `${build} B=${B} U=${U} act=${act} rec=${rec} resetAfter=${ra} mask=${mask && Array.from(mask)}`;
            const bu = B * U;
            const [rh, hPrev] = [r(rng, 3 * bu), r(rng, bu)];
            const [g1] = same(m, 'gruGatesForward', [r(rng, 3 * bu, 3), rh, hPrev, ra ? null : r(rng, bu), B, U, rec], label);
            const [gates] = same(m, 'gruCandidateForward', [g1, rh, hPrev, r(rng, bu), mask, B, U, act, ra], label);
            same(m, 'gruCandidateBackward', [gates, rh, hPrev, r(rng, bu), r(rng, 3 * bu), r(rng, 3 * bu), r(rng, bu), mask, B, U, act, rec, ra], label);
            if (!ra) same(m, 'gruResetBackward', [gates, hPrev, r(rng, bu), r(rng, 3 * bu), r(rng, 3 * bu), r(rng, bu), B, U, rec], label);
          }
        }
      }
    }
  }
});

test('extreme pre-activations (+-1e30, +-Inf, -0) saturate the gates: finite states, the reference values', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const ext = [1e30, -1e30, Infinity, -Infinity, -0, 0, 88, -88, 1e-40];
    const U = ext.length;
    for (const [act, rec] of [[TANH, SIGMOID], [TANH, HARD]]) {
      const gates = Float32Array.from({ length: 4 * U }, (_, i) => ext[(i * 5) % U]);
      const [g, , c, , h] = same(m, 'lstmStepForward', [gates, new Float32Array(U).fill(0.5), new Float32Array(U), new Float32Array(U).fill(0.5), new Float32Array(U), new Float32Array(U), null, 1, U, act, rec], `${build} lstm rec=${rec}`);
      for (const a of [g, c, h]) assert.ok(a.every(Number.isFinite), `${build} rec=${rec}: finite ${Array.from(a)}`);
      const gg = Float32Array.from({ length: 3 * U }, (_, i) => ext[(i * 7) % U]);
      const [z] = same(m, 'gruGatesForward', [gg, new Float32Array(3 * U), new Float32Array(U).fill(0.5), null, 1, U, rec], `${build} gru gates rec=${rec}`);
      const [, , , hg] = same(m, 'gruCandidateForward', [z, Float32Array.from({ length: 3 * U }, (_, i) => ext[i % U]), new Float32Array(U).fill(0.5), new Float32Array(U), null, 1, U, act, 0], `${build} gru candidate`);
      assert.ok(hg.every(Number.isFinite), `${build}: GRU h finite ${Array.from(hg)}`);
    }
  }
});

test.run();
