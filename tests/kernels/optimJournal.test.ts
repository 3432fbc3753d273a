// The optimizer steps' undo journal and non-finite count (assembly/kernels/optim.ts header; issue 18
// item 2): with journal pointers the step must (1) leave p and every state bit-identical to the same
// step without them, (2) store in each journal buffer, bit for bit, what its buffer held before the
// step (also a state the step leaves alone this call: momentum 0 under a schedule), and (3) return
// the number of elements of p it left NaN or +-Inf, as the float64 reference does (tests/reference/
// optim.ts journaled). On every build, every size in SIZES (SIMD bodies and tails), every optimizer
// and flag combination, with NaN and +-Inf gradients placed at the first, the last and a middle
// element, and with none. Arguments are built from each kernel's registry row, so a kernel whose
// journal pointers the row does not name fails here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, SIZES, randomArray, put, get } from '../helpers.js';
import { optimReferences } from '../reference/optim.js';
import { KERNELS } from '../../bindings/registry.js';
import { Rng } from '../../src/rng.js';
import type { WasmModule } from '../../bindings/loader.js';

const STEPS = ['sgdStep', 'rmspropStep', 'adamStep', 'adagradStep', 'adadeltaStep', 'adamaxStep', 'nadamStep'];
/** Scalars by argument name (registry rows); flags and momentum are varied below. */
const SCALARS: Record<string, number> = {
  lr: 0.01, rho: 0.9, epsilon: 1e-7, beta1: 0.9, beta2: 0.999, t: 3, gradScale: 0.8, clipValue: 0, weightDecay: 0.004, uProduct: 0.85,
};
/** Option settings per run: flags on and off; momentum 0 with its buffer given (left alone, still journaled). */
const OPTIONS: Record<string, number>[] = [
  { momentum: 0.9, nesterov: 1, centered: 1, amsgrad: 1 },
  { momentum: 0, nesterov: 0, centered: 0, amsgrad: 0 },
];
/** Where the gradient holds NaN, +Inf and -Inf (indices modulo n), or nowhere. */
const POISON: number[][] = [[], [0], [-1], [0, -1, 1]];

interface Run {
  p: Float32Array;
  states: Float32Array[];
  journal: Float32Array[];
  count: number;
}

/** One call of `name` on fresh copies of p0/states0/g, with or without journal buffers (filled with garbage first). */
function call(m: WasmModule, name: string, o: Record<string, number>, n: number, p0: Float32Array, g: Float32Array, states0: Float32Array[], withJournal: boolean): Run {
  const args = KERNELS.find((k) => k.name === name)!.args;
  const stateNames = args.slice(2, args.indexOf('n'));
  const pPtr = put(m, p0), gPtr = put(m, g);
  const sPtr = states0.map((s) => put(m, s));
  const jPtr = [pPtr, ...sPtr].map(() => (withJournal ? put(m, new Float32Array(n).fill(-7.25)) : 0));
  const values = args.map((a, i) => {
    if (i === 0) return pPtr;
    if (i === 1) return gPtr;
    if (i >= 2 && i < 2 + stateNames.length) return sPtr[i - 2];
    if (a === 'n') return n;
    if (a.startsWith('j')) return jPtr[args.indexOf(a) - args.findIndex((x) => x.startsWith('jp:'))];
    return a in o ? o[a] : SCALARS[a];
  });
  const count = m.exports[name](...values);
  const out = { p: get(m, pPtr, n), states: sPtr.map((q) => get(m, q, n)), journal: withJournal ? jPtr.map((q) => get(m, q, n)) : [], count };
  [pPtr, gPtr, ...sPtr, ...jPtr.filter((q) => q)].forEach((q) => m.arena.free(q));
  return out;
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const nonFinite = (a: ArrayLike<number>) => Array.from(a).filter((v) => !Number.isFinite(v)).length;

test('journaled steps: same results, exact journal of every buffer, non-finite count as the reference', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    let seed = 1;
    for (const name of STEPS) {
      const args = KERNELS.find((k) => k.name === name)!.args;
      const states = args.indexOf('n') - 2;
      assert.is(args.filter((a) => /^j\w*:\(n\)/.test(a)).length, 1 + states, `${name}: one journal pointer for p and each state`);
      for (const o of OPTIONS) {
        for (const n of SIZES) {
          for (const poison of POISON) {
            const rng = new Rng(seed++);
            const p0 = randomArray(rng, n);
            const g = randomArray(rng, n, -0.1, 0.1);
            poison.forEach((at, k) => (g[(at + n) % n] = [NaN, Infinity, -Infinity][k % 3]));
            // Velocities and norms positive; rmsprop's average gradient small, so that vel - avg^2 stays
            // positive (a NaN there near 0 could round differently in f32 and in float64).
            const s0 = args.slice(2, 2 + states).map((a) => (a.startsWith('avg') ? randomArray(rng, n, -0.05, 0.05) : randomArray(rng, n, 0.05, 1)));
            const label = `${build} ${name} ${JSON.stringify(o)} n=${n} poison=${poison}`;
            const plain = call(m, name, o, n, p0, g, s0, false);
            const kept = call(m, name, o, n, p0, g, s0, true);
            assert.equal(bits(kept.p), bits(plain.p), `${label}: p depends on the journal`);
            kept.states.forEach((s, k) => assert.equal(bits(s), bits(plain.states[k]), `${label}: state ${k} depends on the journal`));
            assert.equal(bits(kept.journal[0]), bits(p0), `${label}: journal of p`);
            s0.forEach((s, k) => assert.equal(bits(kept.journal[k + 1]), bits(s), `${label}: journal of state ${k}`));
            assert.is(kept.count, nonFinite(kept.p), `${label}: count vs p`);
            assert.is(plain.count, kept.count, `${label}: count without the journal`);
            // The float64 reference: same count (NaN/Inf inputs are non-finite in both; finite ones stay far from overflow).
            const ref = Float64Array.from(p0);
            const refStates = s0.map((s) => Float64Array.from(s));
            const refJournal = [ref, ...refStates].map(() => new Float64Array(n));
            const refArgs = args.map((a, i) => {
              if (i === 0) return ref;
              if (i === 1) return g;
              if (i >= 2 && i < 2 + states) return refStates[i - 2];
              if (a === 'n') return n;
              if (a.startsWith('j')) return refJournal[args.indexOf(a) - args.findIndex((x) => x.startsWith('jp:'))];
              return a in o ? o[a] : SCALARS[a];
            });
            assert.is(optimReferences[name](...refArgs), kept.count, `${label}: count vs reference`);
            assert.equal(Array.from(refJournal[0]), Array.from(p0), `${label}: reference journal`);
            if (poison.length) assert.ok(kept.count > 0, `${label}: a NaN/Inf gradient must leave p non-finite`);
          }
        }
      }
    }
  }
});

test('journal pointers of absent states may be 0 and nothing is written at address 0', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const low = m.arena.f32(0, 64).slice();
    const n = 65;
    const p = put(m, new Float32Array(n).fill(1));
    const g = put(m, new Float32Array(n).fill(0.5));
    const vel = m.arena.calloc(4 * n), jp = m.arena.calloc(4 * n), jvel = m.arena.calloc(4 * n);
    // rmsprop without momentum or centering: mom, avg and their journals 0.
    const bad = m.exports.rmspropStep(p, g, vel, 0, 0, n, 0.01, 0.9, 0, 1e-7, 1, 1, 0, 0, 0, jp, jvel, 0, 0);
    assert.is(bad, 0);
    assert.equal(Array.from(get(m, jp, n)), new Array(n).fill(1));
    assert.equal(m.arena.f32(0, 64).slice(), low, `${build}: memory at address 0 was written`);
    [p, g, vel, jp, jvel].forEach((q) => m.arena.free(q));
  }
});

test.run();
