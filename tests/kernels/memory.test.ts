// Bulk buffer writes (assembly/kernels/memory.ts) against tests/reference/memory.ts: bit-exact on
// every size in SIZES plus large n, every build, for zero (the memset path), -0 (which must not take
// it), ordinary values, NaN, +-Inf and a subnormal; the floats on both sides of the buffer stay
// untouched; copies in both directions over overlapping ranges; and the wrappers' typed errors.
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
