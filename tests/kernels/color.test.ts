// Brightness and contrast (assembly/kernels/color.ts) against their plain-TS references
// (tests/reference/warp.ts) on every build: awkward image shapes, every SIMD tail with extreme and
// non-finite pixels, values worked out by hand, and the argument checks of bindings/warp.ts.
import { test } from 'uvu';
import { moduleFor, testBuilds, put, get, assertClose, randomArray, SIZES, IMAGE_SHAPES, throwsNamed } from '../helpers.js';
import { Rng } from '../../src/rng.js';
import { adjustBrightness, adjustContrast } from '../../bindings/warp.js';
import * as ref from '../reference/warp.js';

test('every SIMD tail: lengths from SIZES, extreme and non-finite pixels', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(17);
    for (const w of SIZES) {
      const x = randomArray(rng, 2 * w, -1e30, 1e30);
      x[0] = Infinity;
      const px = put(m, x);
      const po = m.arena.alloc(x.length * 4);
      const scale = put(m, new Float32Array([1.5, -0.5]));
      const delta = put(m, new Float32Array([1e29, 0]));
      const shape = { n: 2, h: 1, w, c: 1 };
      const want = new Float32Array(x.length);
      adjustBrightness(m, { x: px, out: po, scale, delta, shape, lo: -3e30, hi: 3e30 });
      ref.adjustBrightness(x, want, get(m, scale, 2), get(m, delta, 2), 2, w, -3e30, 3e30);
      assertClose(get(m, po, x.length), want, { rtol: 0, atol: 0, label: `${build} brightness 2x${w}` });
      adjustContrast(m, { x: px, out: po, factor: delta, shape, lo: -Infinity, hi: Infinity });
      ref.adjustContrast(x, want, get(m, delta, 2), 2, w, 1, -Infinity, Infinity);
      assertClose(get(m, po, x.length), want, { rtol: 1e-6, atol: 0, label: `${build} contrast 2x${w}` });
      for (const p of [px, po, scale, delta]) m.arena.free(p);
    }
  }
});

test('adjustBrightness and adjustContrast match the reference, in place too', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(3);
    for (const [n, h, w, c] of IMAGE_SHAPES) {
      const len = n * h * w * c;
      const shape = { n, h, w, c };
      const x = randomArray(rng, len, 0, 1);
      const px = put(m, x);
      const po = m.arena.alloc(len * 4);
      const scale = put(m, randomArray(rng, n, 0.5, 1.5));
      const delta = put(m, randomArray(rng, n, -0.3, 0.3));
      const factor = put(m, randomArray(rng, n, 0, 2));
      const want = new Float32Array(len);
      adjustBrightness(m, { x: px, out: po, scale, delta, shape, lo: 0.1, hi: 0.9 });
      ref.adjustBrightness(x, want, get(m, scale, n), get(m, delta, n), n, h * w * c, 0.1, 0.9);
      assertClose(get(m, po, len), want, { rtol: 0, atol: 0, label: `${build} brightness ${n}x${h}x${w}x${c}` });
      adjustContrast(m, { x: px, out: po, factor, shape, lo: 0, hi: 1 });
      ref.adjustContrast(x, want, get(m, factor, n), n, h * w, c, 0, 1);
      // The kernel sums the mean in a different order (f64 lanes): one f32 ulp of the mean at most.
      assertClose(get(m, po, len), want, { rtol: 1e-6, atol: 1e-7, label: `${build} contrast ${n}x${h}x${w}x${c}` });
      adjustContrast(m, { x: px, out: px, factor, shape, lo: 0, hi: 1 });
      assertClose(get(m, px, len), want, { rtol: 1e-6, atol: 1e-7, label: `${build} contrast in place` });
      for (const p of [px, po, scale, delta, factor]) m.arena.free(p);
    }
  }
});

test('brightness and contrast by hand: clipping, factor 0 gives the per-channel mean', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const x = put(m, new Float32Array([0.2, 0.9, 1, 10, 2, 20, 6, 30]));
  const shape = { n: 1, h: 2, w: 2, c: 2 };
  adjustBrightness(m, { x, out: x, scale: put(m, new Float32Array([1])), delta: put(m, new Float32Array([0.3])), shape, lo: 0, hi: 25 });
  assertClose(get(m, x, 8), [0.5, 1.2, 1.3, 10.3, 2.3, 20.3, 6.3, 25], { label: 'brightness' });
  adjustContrast(m, { x, out: x, factor: put(m, new Float32Array([0])), shape, lo: 0, hi: 100 });
  // Channel means of [0.5, 1.3, 2.3, 6.3] and [1.2, 10.3, 20.3, 25].
  assertClose(get(m, x, 8), [2.6, 14.2, 2.6, 14.2, 2.6, 14.2, 2.6, 14.2], { label: 'contrast' });
});

test('bad arguments are rejected with typed errors naming fn and arg', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const shape = { n: 2, h: 3, w: 4, c: 1 };
  const x = m.arena.alloc(96);
  const out = m.arena.alloc(96);
  const one = put(m, new Float32Array([1, 1]));
  throwsNamed([
    [() => adjustBrightness(m, { x, out, scale: one, delta: one, shape, lo: 1, hi: 0 }), 'adjustBrightness', 'hi'],
    [() => adjustBrightness(m, { x, out: x + 4, scale: one, delta: one, shape, lo: 0, hi: 1 }), 'adjustBrightness', 'out'],
  ]);
  m.arena.f32(one, 2)[1] = NaN;
  throwsNamed([[() => adjustContrast(m, { x, out, factor: one, shape, lo: 0, hi: 1 }), 'adjustContrast', 'factor']]);
  for (const p of [x, out, one]) m.arena.free(p);
});

test.run();
