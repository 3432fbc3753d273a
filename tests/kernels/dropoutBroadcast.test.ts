// dropoutBroadcastForward / dropoutBroadcastBackward (assembly/kernels/dropoutBroadcast.ts) against
// tests/reference/dropout.ts on every build: awkward block sizes (SIMD tails along inner, the inner = 1
// path along mid), in place, extreme values, and validation in the typed wrappers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/rng.js';
import { moduleFor, testBuilds, randomArray, assertClose, put, get } from '../helpers.js';
import * as ref from '../reference/dropout.js';
import * as bind from '../../bindings/dropout.js';

// (outer, mid, inner): 1, 3, 4k+1 and a large case on each axis; inner = 1 takes the kernel's scalar-mask path.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 3, 1], [3, 1, 4], [2, 5, 3], [3, 4, 5], [5, 17, 1], [4, 3, 16], [2, 2, 17],
  [7, 1, 65], [1, 129, 1], [3, 33, 7], [16, 64, 64], [600, 257, 1], [2, 9, 4099],
];

/** A mask as dropout draws it: 0 or 1/(1-rate), with rate 0.5 here (about half dropped). */
function randomMask(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 0 : 2));
}

test('forward and backward match the reference on awkward shapes, forward also in place', async () => {
  const rng = new Rng(1);
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [outer, mid, inner] of SHAPES) {
      const n = outer * mid * inner;
      const label = `${build} [${outer}, ${mid}, ${inner}]`;
      const x = randomArray(rng, n, -3, 3);
      const mask = randomMask(rng, outer * inner);
      const want = new Float64Array(n);
      ref.dropoutBroadcastForward(x, mask, want, outer, mid, inner);
      const px = put(m, x), pm = put(m, mask);
      const inPlace = n % 2 === 1;
      const py = inPlace ? px : m.arena.alloc(n * 4);
      bind.dropoutBroadcastForward(m, px, pm, py, outer, mid, inner);
      // y is x times 0 or 2: exact in f32.
      assertClose(get(m, py, n), Float32Array.from(want), { rtol: 0, atol: 0, label: `${label} forward${inPlace ? ' in place' : ''}` });

      const dy = randomArray(rng, n);
      const dx0 = randomArray(rng, n);
      const wantDx = Float64Array.from(dx0);
      ref.dropoutBroadcastBackward(dy, mask, wantDx, outer, mid, inner);
      const pdy = put(m, dy), pdx = put(m, dx0);
      bind.dropoutBroadcastBackward(m, pdy, pm, pdx, outer, mid, inner);
      assertClose(get(m, pdx, n), Float32Array.from(wantDx), { rtol: 1e-6, atol: 1e-7, label: `${label} backward` });
      for (const p of new Set([px, pm, py, pdy, pdx])) m.arena.free(p);
    }
  }
});

test('the same mask row repeats along mid, and a zero mask entry zeroes its whole column', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const [outer, mid, inner] = [3, 6, 5];
  const x = Float32Array.from({ length: outer * mid * inner }, (_, i) => i + 1);
  const mask = Float32Array.from({ length: outer * inner }, (_, i) => (i % 3 === 0 ? 0 : 1.25));
  const px = put(m, x), pm = put(m, mask), py = m.arena.alloc(x.length * 4);
  bind.dropoutBroadcastForward(m, px, pm, py, outer, mid, inner);
  const y = get(m, py, x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let j = 0; j < mid; j++) {
        const at = (o * mid + j) * inner + i;
        assert.is(y[at], mask[o * inner + i] === 0 ? 0 : x[at] * 1.25, `y[${o}, ${j}, ${i}]`);
      }
    }
  }
  for (const p of [px, pm, py]) m.arena.free(p);
});

test('extreme values: dropped Inf/NaN/3e38 give 0, kept ones scale as in f32 (Inf stays Inf)', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [outer, mid, inner] of [[4, 6, 1], [2, 3, 13]] as [number, number, number][]) {
      const n = outer * mid * inner;
      const x = Float32Array.from({ length: n }, (_, i) => [Infinity, -Infinity, NaN, 3e38, -3e38, 1e-45, 0][i % 7]);
      const mask = Float32Array.from({ length: outer * inner }, (_, i) => (i % 2 ? 2 : 0));
      const px = put(m, x), pm = put(m, mask), py = m.arena.alloc(n * 4);
      bind.dropoutBroadcastForward(m, px, pm, py, outer, mid, inner);
      const y = get(m, py, n);
      const want = new Float64Array(n);
      ref.dropoutBroadcastForward(x, mask, want, outer, mid, inner);
      for (let i = 0; i < n; i++) assert.ok(Object.is(y[i], Math.fround(want[i])), `${build} [${outer}, ${mid}, ${inner}] y[${i}] = ${y[i]}, expected ${Math.fround(want[i])} (x ${x[i]})`);
      assert.ok(y.some((v) => v === Infinity) && y.some((v) => Number.isNaN(v)) && y.some((v) => v === 0), 'kept Inf, kept NaN and dropped values all occur');
      for (const p of [px, pm, py]) m.arena.free(p);
    }
  }
});

test('bad arguments are ValidationErrors before wasm is called', async () => {
  const m = await moduleFor('plain');
  const a = m.arena.alloc(256), b = m.arena.alloc(256), mask = m.arena.alloc(64);
  const calls: [string, () => void][] = [
    ['outer 0', () => bind.dropoutBroadcastForward(m, a, mask, b, 0, 4, 4)],
    ['mid 1.5', () => bind.dropoutBroadcastForward(m, a, mask, b, 2, 1.5, 4)],
    ['inner NaN', () => bind.dropoutBroadcastBackward(m, a, mask, b, 2, 4, NaN)],
    ['x past the end of memory', () => bind.dropoutBroadcastForward(m, a, mask, b, 1, m.memory.buffer.byteLength / 4, 1)],
    ['huge product', () => bind.dropoutBroadcastForward(m, a, mask, b, 1 << 16, 1 << 16, 1)],
    ['y partly overlapping x', () => bind.dropoutBroadcastForward(m, a, mask, a + 16, 2, 4, 4)],
    ['mask inside dx', () => bind.dropoutBroadcastBackward(m, a, b + 16, b, 2, 4, 4)],
    ['misaligned mask', () => bind.dropoutBroadcastForward(m, a, mask + 2, b, 2, 2, 2)],
  ];
  for (const [what, f] of calls) assert.throws(f, (e: { name: string }) => e.name === 'ValidationError', what);
  for (const p of [a, b, mask]) m.arena.free(p);
});

test.run();
