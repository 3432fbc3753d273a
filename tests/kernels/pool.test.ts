// Pooling and zero-padding kernels (assembly/kernels/pool.ts, pad.ts) against their plain-TS
// references (tests/reference/pool.ts) on every build: odd and even H, W; windows 1, 2, 3 and 2x3;
// strides 1, 2 and 3; 'valid' and 'same'; C = 1, 3, 4, 5, 8 (every SIMD tail); batch 1 and 3. The
// kernels and references add in the same order, so they must agree bit for bit. Ties, NaN and
// infinities in max pooling, and values worked out by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, put, get, assertClose, randomArray } from '../helpers.js';
import { Rng } from '../../src/rng.js';
import { outputLength, padBefore, type Padding } from '../../src/layers/windowGeometry.js';
import type { WasmModule } from '../../bindings/loader.js';
import * as ref from '../reference/pool.js';

type Case = { N: number; H: number; W: number; C: number; P: [number, number]; S: [number, number]; pad: Padding };

const CASES: Case[] = [];
for (const [N, H, W, C] of [[1, 5, 5, 1], [3, 6, 7, 3], [1, 7, 6, 5], [2, 4, 4, 4], [1, 1, 1, 1], [1, 9, 8, 8], [2, 3, 11, 2]])
  for (const P of [[2, 2], [3, 3], [2, 3], [1, 1]] as [number, number][])
    for (const S of [[1, 1], [2, 2], [3, 2]] as [number, number][])
      for (const pad of ['valid', 'same'] as Padding[])
        if (pad === 'same' || (P[0] <= H && P[1] <= W)) CASES.push({ N, H, W, C, P, S, pad });

function geometry(c: Case) {
  const OH = outputLength(c.H, c.P[0], c.S[0], c.pad), OW = outputLength(c.W, c.P[1], c.S[1], c.pad);
  const PT = padBefore(c.H, c.P[0], c.S[0], c.pad), PL = padBefore(c.W, c.P[1], c.S[1], c.pad);
  return { OH, OW, g: [c.N, c.H, c.W, c.C, OH, OW, c.P[0], c.P[1], c.S[0], c.S[1], PT, PL] as const };
}

const label = (b: string, c: Case) => `${b} ${c.N}x${c.H}x${c.W}x${c.C} pool ${c.P} stride ${c.S} ${c.pad}`;

function runMax(m: WasmModule, c: Case, x: Float32Array) {
  const { OH, OW, g } = geometry(c);
  const nOut = c.N * OH * OW * c.C;
  const px = put(m, x), py = m.arena.alloc(4 * nOut), pa = m.arena.alloc(4 * nOut);
  m.exports.maxPool2dForward(px, py, pa, ...g);
  const y = get(m, py, nOut);
  const am = new Int32Array(m.memory.buffer, pa, nOut).slice();
  const want = new Float32Array(nOut), wantAm = new Int32Array(nOut);
  ref.maxPool2dForward(x, want, wantAm, ...g);
  // Backward: dx starts non-zero (the kernel adds).
  const rng = new Rng(9);
  const dy = randomArray(rng, nOut), dx0 = randomArray(rng, x.length);
  const pdy = put(m, dy), pdx = put(m, dx0);
  m.exports.maxPool2dBackward(pdy, pa, pdx, nOut);
  const dx = get(m, pdx, x.length);
  const wantDx = dx0.slice();
  ref.maxPool2dBackward(dy, wantAm, wantDx, nOut);
  for (const p of [px, py, pa, pdy, pdx]) m.arena.free(p);
  return { y, want, am, wantAm, dx, wantDx };
}

test('maxPool2d forward, argmax and backward match the reference bit for bit', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(1);
    for (const c of CASES) {
      const r = runMax(m, c, randomArray(rng, c.N * c.H * c.W * c.C, -3, 3));
      assertClose(r.y, r.want, { rtol: 0, atol: 0, label: `${label(build, c)} y` });
      assert.equal([...r.am], [...r.wantAm], `${label(build, c)} argmax`);
      assertClose(r.dx, r.wantDx, { rtol: 0, atol: 0, label: `${label(build, c)} dx` });
    }
  }
});

test('maxPool2d ties go to the first maximum in row-major window order (TF); NaN wins; infinities', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(2);
    for (const c of CASES.filter((_, i) => i % 3 === 0)) {
      // Three distinct values: almost every window holds ties.
      const x = Float32Array.from({ length: c.N * c.H * c.W * c.C }, () => [0, 1, -Infinity][rng.int(3)]);
      const r = runMax(m, c, x);
      assertClose(r.y, r.want, { rtol: 0, atol: 0, label: `${label(build, c)} ties y` });
      assert.equal([...r.am], [...r.wantAm], `${label(build, c)} ties argmax`);
      assertClose(r.dx, r.wantDx, { rtol: 0, atol: 0, label: `${label(build, c)} ties dx` });
    }
    // By hand: one 2x2 window per channel of a [1, 2, 2, 5] image (C = 5: a full vector and a tail).
    const x = new Float32Array([
      1, 5, -Infinity, NaN, 2, //
      1, 7, -Infinity, 3, 2, //
      0, 7, -Infinity, NaN, 2, //
      1, 6, -Infinity, 9, 3,
    ]);
    const r = runMax(m, { N: 1, H: 2, W: 2, C: 5, P: [2, 2], S: [2, 2], pad: 'valid' }, x);
    assertClose(r.y, [1, 7, -Infinity, NaN, 3], { label: `${build} by hand` });
    assert.equal([...r.am], [0, 6, 2, 3, 19], `${build} by hand argmax`);
  }
});

test('avgPool2d forward and backward match the reference bit for bit; same averages the real cells only', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(3);
    for (const c of CASES) {
      const { OH, OW, g } = geometry(c);
      const nIn = c.N * c.H * c.W * c.C, nOut = c.N * OH * OW * c.C;
      const x = randomArray(rng, nIn, -1e3, 1e3);
      const px = put(m, x), py = m.arena.alloc(4 * nOut);
      m.exports.avgPool2dForward(px, py, ...g);
      const want = new Float32Array(nOut);
      ref.avgPool2dForward(x, want, ...g);
      assertClose(get(m, py, nOut), want, { rtol: 0, atol: 0, label: `${label(build, c)} y` });
      const dy = randomArray(rng, nOut), dx0 = randomArray(rng, nIn);
      const pdy = put(m, dy), pdx = put(m, dx0);
      m.exports.avgPool2dBackward(pdy, pdx, ...g);
      const wantDx = dx0.slice();
      ref.avgPool2dBackward(dy, wantDx, ...g);
      assertClose(get(m, pdx, nIn), wantDx, { rtol: 0, atol: 0, label: `${label(build, c)} dx` });
      for (const p of [px, py, pdy, pdx]) m.arena.free(p);
    }
    // By hand: [1, 3, 3, 1] = 1..9, pool 2, stride 2, 'same' (pad 1 at the bottom and right):
    // windows {1,2,4,5} {3,6} {7,8} {9}.
    const px = put(m, Float32Array.from({ length: 9 }, (_, i) => i + 1)), py = m.arena.alloc(16);
    m.exports.avgPool2dForward(px, py, 1, 3, 3, 1, 2, 2, 2, 2, 2, 2, 0, 0);
    assertClose(get(m, py, 4), [3, 4.5, 7.5, 9], { label: `${build} same by hand` });
  }
});

test('zeroPad2d forward writes every element; backward adds the middle of dy', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(4);
    for (const [N, H, W, C] of [[1, 1, 1, 1], [2, 5, 7, 3], [1, 4, 4, 4], [3, 3, 2, 5]])
      for (const [PT, PB, PL, PR] of [[1, 1, 1, 1], [0, 2, 3, 0], [2, 0, 0, 1], [0, 0, 0, 0]]) {
        const nIn = N * H * W * C, nOut = N * (H + PT + PB) * (W + PL + PR) * C;
        const x = randomArray(rng, nIn);
        const px = put(m, x), py = put(m, randomArray(rng, nOut)); // garbage the kernel must overwrite
        m.exports.zeroPad2dForward(px, py, N, H, W, C, PT, PB, PL, PR);
        const want = new Float32Array(nOut);
        ref.zeroPad2dForward(x, want, N, H, W, C, PT, PB, PL, PR);
        const lab = `${build} ${N}x${H}x${W}x${C} pad ${[PT, PB, PL, PR]}`;
        assertClose(get(m, py, nOut), want, { rtol: 0, atol: 0, label: `${lab} y` });
        const dy = randomArray(rng, nOut), dx0 = randomArray(rng, nIn);
        const pdy = put(m, dy), pdx = put(m, dx0);
        m.exports.zeroPad2dBackward(pdy, pdx, N, H, W, C, PT, PB, PL, PR);
        const wantDx = dx0.slice();
        ref.zeroPad2dBackward(dy, wantDx, N, H, W, C, PT, PB, PL, PR);
        assertClose(get(m, pdx, nIn), wantDx, { rtol: 0, atol: 0, label: `${lab} dx` });
        for (const p of [px, py, pdy, pdx]) m.arena.free(p);
      }
  }
});

test('TF output sizes and padding: same pads more at the bottom/right; valid drops the remainder', () => {
  // tf.nn.max_pool2d on 5 rows, window 2, stride 2: 'same' -> 3 (pad 0 before, 1 after), 'valid' -> 2.
  assert.equal([outputLength(5, 2, 2, 'same'), padBefore(5, 2, 2, 'same'), outputLength(5, 2, 2, 'valid')], [3, 0, 2]);
  // 6 rows, window 3, stride 1 'same': total pad 2 -> 1 before; window 4: total 3 -> 1 before, 2 after.
  assert.equal([padBefore(6, 3, 1, 'same'), padBefore(6, 4, 1, 'same'), outputLength(6, 4, 1, 'same')], [1, 1, 6]);
  // Window larger than the input: valid gives no output, same still gives ceil(in / stride).
  assert.equal([outputLength(2, 3, 1, 'valid'), outputLength(2, 3, 2, 'same'), padBefore(2, 3, 2, 'same')], [0, 1, 0]);
  // Dilation (conv): effective window (k - 1) * d + 1.
  assert.equal([outputLength(7, 3, 1, 'valid', 2), padBefore(7, 3, 1, 'same', 2)], [3, 2]);
});

test.run();
