// Bulk buffer writes (assembly/kernels/memory.ts) against tests/reference/memory.ts: bit-exact on
// every size in SIZES plus large n, every build, for zero (the memset path), -0 (which must not take
// it), ordinary values, NaN, +-Inf and a subnormal; the floats on both sides of the buffer stay
// untouched; copies in both directions over overlapping ranges; gathers of rows by index (repeats,
// NaN bits, 1-word and odd-width rows); and the wrappers' typed errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, SIZES, randomArray, put, get, throwsArg } from '../helpers.js';
import { memoryReferences as R } from '../reference/memory.js';
import { fill, copy } from '../../bindings/memory.js';
import { Rng } from '../../src/rng.js';

const ALL = [0, ...SIZES, 100_003, 1 << 20];
const GUARD = 5; // floats before and after each buffer that must not change
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

test('fillF32 writes exactly n copies of value and nothing around them', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const n of ALL) {
      for (const value of [0, -0, 1.5, -3.25e7, NaN, Infinity, -Infinity, 1e-45]) {
        const before = randomArray(new Rng(n), n + 2 * GUARD);
        const p = put(m, before);
        m.exports.fillF32(p + 4 * GUARD, n, value);
        const want = before.slice();
        R.fillF32(want.subarray(GUARD), n, value);
        const got = get(m, p, n + 2 * GUARD);
        m.arena.free(p);
        assert.equal(bits(got), bits(want), `${build} n=${n} value=${value}`);
      }
    }
  }
});

test('copyF32 copies n floats bit for bit, also over overlapping ranges in both directions', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const n of ALL) {
      const src = randomArray(new Rng(n + 1), n);
      if (n > 2) src[1] = NaN; // a NaN's bits must survive
      for (const shift of [-3, 0, 3, n + 2 * GUARD]) {
        // One block holds source and destination: dst = src + shift floats.
        const span = n + 2 * GUARD + Math.abs(shift);
        const block = randomArray(new Rng(span), span);
        const s = GUARD + Math.max(0, -shift);
        block.set(src, s);
        const p = put(m, block);
        m.exports.copyF32(p + 4 * s, p + 4 * (s + shift), n);
        const want = block.slice();
        want.copyWithin(s + shift, s, s + n); // memmove semantics
        const got = get(m, p, span);
        m.arena.free(p);
        assert.equal(bits(got), bits(want), `${build} n=${n} shift=${shift}`);
      }
    }
  }
});

test('gatherRows copies row idx[r] of src to row r of dst bit for bit, and nothing around dst', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const rowWords of [1, 3, 4, 5, 17, 784]) {
      for (const rows of [0, 1, 3, 129]) {
        const n = 37; // source rows
        const src = randomArray(new Rng(rowWords * 131 + rows), n * rowWords);
        src[0] = NaN; // a NaN's bits must survive (row 0 is gathered below)
        // Row 0, the last row, repeats and a pseudo-random rest.
        const idx = Int32Array.from({ length: rows }, (_, r) => (r === 0 ? 0 : r === 1 ? n - 1 : (r * 7919) % n));
        const sp = put(m, src);
        const dstInit = randomArray(new Rng(rows + 5), rows * rowWords + 2 * GUARD);
        const dp = put(m, dstInit);
        const ip = m.arena.alloc(Math.max(1, rows) * 4);
        new Int32Array(m.memory.buffer, ip, rows).set(idx);
        m.exports.gatherRows(sp, dp + 4 * GUARD, ip, rows, rowWords);
        const want = dstInit.slice();
        R.gatherRows(src, want.subarray(GUARD), idx, rows, rowWords);
        const got = get(m, dp, rows * rowWords + 2 * GUARD);
        m.arena.free(sp);
        m.arena.free(dp);
        m.arena.free(ip);
        assert.equal(bits(got), bits(want), `${build} rows=${rows} rowWords=${rowWords}`);
      }
    }
  }
});

test('fill and copy wrappers: typed errors naming the argument before anything reaches wasm', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const p = m.arena.alloc(64);
  throwsArg(() => fill(m, p, -1, 0), 'n');
  throwsArg(() => fill(m, p, 1.5, 0), 'n');
  throwsArg(() => fill(m, 3, 4, 0), 'x');
  throwsArg(() => fill(m, p, 4, '1' as unknown as number), 'value');
  throwsArg(() => fill(m, m.memory.buffer.byteLength - 8, 4, 0), 'x');
  throwsArg(() => copy(m, p, p + 2, 4), 'y');
  throwsArg(() => copy(m, 0, p, 4), 'x');
  fill(m, p, 16, NaN);
  assert.ok(get(m, p, 16).every(Number.isNaN));
  copy(m, p, p + 32, 8);
  m.arena.free(p);
});

test.run();
