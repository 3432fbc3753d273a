// Embedding kernels (assembly/kernels/embedding.ts) against their plain-TS references
// (tests/reference/embedding.ts) on every build: vocabulary 1, 3 and 17, widths 1, 3, 4, 5, 7, 64
// and 129 (every SIMD tail), 1 to 37 tokens with repeated ids. The gather is a copy and the
// scatter-add adds in the same order as the reference, so both must agree bit for bit; rows no token
// names must be left untouched (the sparse gradient), and extreme values (NaN, +-Inf, +-3.4e38,
// subnormals) must pass through the gather unchanged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, put, get, randomArray } from '../helpers.js';
import { Rng } from '../../src/rng.js';
import type { WasmModule } from '../../bindings/loader.js';
import * as ref from '../reference/embedding.js';

function putIds(m: WasmModule, ids: Int32Array): number {
  const p = m.arena.alloc(Math.max(1, ids.length) * 4);
  new Int32Array(m.memory.buffer, p, ids.length).set(ids);
  return p;
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

const CASES: [V: number, D: number, n: number][] = [];
for (const V of [1, 3, 17]) for (const D of [1, 3, 4, 5, 7, 64, 129]) for (const n of [1, 5, 37]) CASES.push([V, D, n]);

test('embeddingForward gathers rows and writes the maskZero mask, bit for bit as the reference', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(1);
    for (const [V, D, n] of CASES) {
      const ids = Int32Array.from({ length: n }, () => rng.int(V));
      const table = randomArray(rng, V * D, -3, 3);
      for (const withMask of [false, true]) {
        const pt = put(m, table), pi = putIds(m, ids), py = put(m, new Float32Array(n * D).fill(9));
        const pm = withMask ? put(m, new Float32Array(n).fill(7)) : 0;
        m.exports.embeddingForward(pi, pt, py, pm, n, D);
        const want = new Float32Array(n * D), wantMask = new Float32Array(n);
        ref.embeddingForward(ids, table, want, withMask ? wantMask : null, n, D);
        const label = `${build} V=${V} D=${D} n=${n} mask=${withMask}`;
        assert.equal(bits(get(m, py, n * D)), bits(want), label);
        if (withMask) assert.equal(Array.from(get(m, pm, n)), Array.from(wantMask), `${label} mask`);
        assert.equal(Array.from(get(m, pt, V * D)), Array.from(table), `${label}: the table is read only`);
      }
    }
  }
});

test('embeddingForward: the mask is 0 exactly where the id is 0 (padding) and 1 elsewhere', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const ids = Int32Array.from([0, 2, 0, 1, 1, 0]);
    const pm = put(m, new Float32Array(6));
    m.exports.embeddingForward(putIds(m, ids), put(m, randomArray(new Rng(2), 3 * 5)), m.arena.alloc(6 * 5 * 4), pm, 6, 5);
    assert.equal(Array.from(get(m, pm, 6)), [0, 1, 0, 1, 1, 0], build);
  }
});

test('embeddingForward passes extreme values through unchanged (NaN, +-Inf, +-3.4e38, subnormals, -0)', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const table = Float32Array.from([NaN, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45, -0, 1]);
    const ids = Int32Array.from([1, 0, 1]);
    const py = m.arena.alloc(3 * 4 * 4);
    m.exports.embeddingForward(putIds(m, ids), put(m, table), py, 0, 3, 4);
    const want = new Float32Array(12);
    ref.embeddingForward(ids, table, want, null, 3, 4);
    assert.equal(bits(get(m, py, 12)), bits(want), build);
  }
});

test('embeddingBackward scatter-adds into the rows used (repeated ids accumulate) and leaves the others untouched', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(3);
    for (const [V, D, n] of CASES) {
      // Ids from the lower half of the vocabulary (all of it when V < 3): the upper rows must not change.
      const used = V < 3 ? V : Math.ceil(V / 2);
      const ids = Int32Array.from({ length: n }, () => rng.int(used));
      const dy = randomArray(rng, n * D, -2, 2);
      const dtable = randomArray(rng, V * D); // non-zero: the kernel adds
      const pt = put(m, dtable);
      m.exports.embeddingBackward(putIds(m, ids), put(m, dy), pt, n, D);
      const want = dtable.slice();
      ref.embeddingBackward(ids, dy, want, n, D);
      const got = get(m, pt, V * D);
      const label = `${build} V=${V} D=${D} n=${n}`;
      assert.equal(bits(got), bits(want), label);
      for (let r = 0; r < V; r++) {
        if (ids.includes(r)) continue;
        assert.equal(bits(got.subarray(r * D, (r + 1) * D)), bits(dtable.subarray(r * D, (r + 1) * D)), `${label}: row ${r} is in no token and must not change`);
      }
    }
  }
});

test('embeddingBackward: hand-worked sums, including Inf and NaN gradients staying in their rows', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    // V = 3, D = 2; tokens 2, 0, 2.
    const pt = put(m, new Float32Array(6));
    m.exports.embeddingBackward(putIds(m, Int32Array.from([2, 0, 2])), put(m, Float32Array.from([1, 2, 3, 4, 10, 20])), pt, 3, 2);
    assert.equal(Array.from(get(m, pt, 6)), [3, 4, 0, 0, 11, 22], build);
    const pt2 = put(m, new Float32Array(6));
    m.exports.embeddingBackward(putIds(m, Int32Array.from([1, 1])), put(m, Float32Array.from([Infinity, NaN, 1, 1])), pt2, 2, 2);
    const g = get(m, pt2, 6);
    assert.is(g[2], Infinity, build);
    assert.ok(Number.isNaN(g[3]), build);
    assert.equal([g[0], g[1], g[4], g[5]], [0, 0, 0, 0], `${build}: other rows untouched`);
  }
});

test.run();
