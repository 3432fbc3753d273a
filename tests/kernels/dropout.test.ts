// Dropout and noise kernels against tests/reference/dropout.ts (which draws from the TS twin of the
// wasm PRNG, so masks must match bit for bit), statistics of the draws, gradient checks with the
// mask fixed, in-place use, extreme values and validation, on every build.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RngStream, RNG_STATE_BYTES } from '../../src/rngStream.js';
import { Rng } from '../../src/rng.js';
import { SIZES, moduleFor, testBuilds, randomArray, assertClose, put, get } from '../helpers.js';
import * as ref from '../reference/dropout.js';
import * as bind from '../../bindings/dropout.js';
import type { WasmModule } from '../../bindings/loader.js';

const RATES = [0, 0.1, 0.5, 0.9];
type MaskForward = 'dropoutForward' | 'gaussianDropoutForward' | 'alphaDropoutForward';
const MASK_FORWARDS: MaskForward[] = ['dropoutForward', 'gaussianDropoutForward', 'alphaDropoutForward'];
// Dropout and AlphaDropout are exact up to f32 rounding of the affine constants (same draws). The
// Gaussian kernels use f32 polynomial log/sin/cos: each normal is within NORMAL_ERR (absolute) of
// f64 Box-Muller (bound derived in assembly/kernels/dropout.ts, measured below), so a mask 1 + sd z
// is within sd * NORMAL_ERR and y = x * mask within |x| sd NORMAL_ERR (|x| <= 3 here).
const NORMAL_ERR = 2e-6;
function tolerance(fn: MaskForward, rate: number, what: 'mask' | 'y') {
  if (fn === 'dropoutForward') return { rtol: 0, atol: 0 };
  if (fn === 'alphaDropoutForward') return { rtol: 1e-6, atol: 1e-6 };
  const sd = Math.sqrt(rate / (1 - rate));
  return { rtol: 1e-6, atol: 1e-7 + (what === 'y' ? 3 : 1) * sd * NORMAL_ERR };
}

function seededState(m: WasmModule, seed: number): number {
  const state = m.arena.alloc(RNG_STATE_BYTES);
  bind.rngSeed(m, state, seed);
  return state;
}

/** Runs a mask forward in wasm; returns y and mask. inPlace writes y over x. */
function runForward(m: WasmModule, fn: MaskForward, x: Float32Array, rate: number, seed: number, inPlace = false) {
  const n = x.length;
  const px = put(m, x);
  const py = inPlace ? px : m.arena.alloc(n * 4);
  const pm = m.arena.alloc(n * 4);
  const state = seededState(m, seed);
  bind[fn](m, px, py, pm, n, rate, state);
  const out = { y: get(m, py, n), mask: get(m, pm, n) };
  for (const p of new Set([px, py, pm, state])) m.arena.free(p);
  return out;
}

test('mask forwards match the reference on every size and rate, also in place', async () => {
  const rng = new Rng(1);
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const fn of MASK_FORWARDS) {
      for (const rate of RATES) {
        for (const n of SIZES) {
          const x = randomArray(rng, n, -3, 3);
          const y = new Float64Array(n);
          const mask = new Float64Array(n);
          (ref[fn] as Function)(x, y, mask, n, rate, new RngStream(11));
          const label = `${build} ${fn} rate ${rate} n ${n}`;
          const out = runForward(m, fn, x, rate, 11, n % 2 === 1);
          assertClose(out.mask, Float32Array.from(mask), { ...tolerance(fn, rate, 'mask'), label: `${label} mask` });
          assertClose(out.y, Float32Array.from(y), { ...tolerance(fn, rate, 'y'), label: `${label} y` });
        }
      }
    }
  }
});

test('dropoutBackward and gaussianNoiseBackward accumulate like the reference', async () => {
  const rng = new Rng(2);
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const n of SIZES) {
      const dy = randomArray(rng, n);
      const mask = randomArray(rng, n, 0, 2);
      const dx0 = randomArray(rng, n);
      const pdy = put(m, dy), pm = put(m, mask), pdx = put(m, dx0);
      bind.dropoutBackward(m, pdy, pm, pdx, n);
      const want = Float64Array.from(dx0);
      ref.dropoutBackward(dy, mask, want, n);
      assertClose(get(m, pdx, n), Float32Array.from(want), { rtol: 1e-6, atol: 1e-7, label: `${build} dropoutBackward n ${n}` });
      m.arena.f32(pdx, n).set(dx0);
      bind.gaussianNoiseBackward(m, pdy, pdx, n);
      const want2 = Float64Array.from(dx0);
      ref.gaussianNoiseBackward(dy, want2, n);
      assertClose(get(m, pdx, n), Float32Array.from(want2), { rtol: 1e-6, atol: 1e-7, label: `${build} gaussianNoiseBackward n ${n}` });
      for (const p of [pdy, pm, pdx]) m.arena.free(p);
    }
  }
});

test('gaussianNoiseForward matches the reference (and is in-place safe)', async () => {
  const rng = new Rng(3);
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const n of SIZES) {
      const x = randomArray(rng, n, -3, 3);
      const want = new Float64Array(n);
      ref.gaussianNoiseForward(x, want, n, 0.3, new RngStream(5));
      const px = put(m, x);
      const state = seededState(m, 5);
      bind.gaussianNoiseForward(m, px, px, n, 0.3, state);
      assertClose(get(m, px, n), Float32Array.from(want), { rtol: 1e-6, atol: 0.3 * NORMAL_ERR, label: `${build} n ${n}` });
      m.arena.free(px);
      m.arena.free(state);
    }
  }
});

test('normals: within NORMAL_ERR of f64 Box-Muller over 2^18 draws (x = 0, stddev = 1)', async () => {
  const n = 1 << 18;
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const px = m.arena.calloc(n * 4), py = m.arena.alloc(n * 4);
    const state = seededState(m, 77);
    bind.gaussianNoiseForward(m, px, py, n, 1, state);
    const got = get(m, py, n);
    const want = ref.normals(new RngStream(77), n);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    assert.ok(worst <= NORMAL_ERR, `${build}: max |z - exact| = ${worst}`);
    if (build === 'plain') console.log(`  normals: max |z - f64 Box-Muller| = ${worst.toExponential(2)} over ${n}`);
    for (const p of [px, py, state]) m.arena.free(p);
  }
});

test('same seed gives the same mask, another seed another; rate 0 is the identity', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const x = randomArray(new Rng(4), 1000);
  assert.equal(runForward(m, 'dropoutForward', x, 0.5, 7).mask, runForward(m, 'dropoutForward', x, 0.5, 7).mask);
  assert.not.equal(runForward(m, 'dropoutForward', x, 0.5, 7).mask, runForward(m, 'dropoutForward', x, 0.5, 8).mask);
  const id = runForward(m, 'dropoutForward', x, 0, 7);
  assert.equal(id.y, x);
  assert.ok(id.mask.every((v) => v === 1));
  // A state is advanced by each call: the second call on one state draws a different mask.
  const px = put(m, x), py = m.arena.alloc(4000), pm = m.arena.alloc(4000);
  const state = seededState(m, 7);
  bind.dropoutForward(m, px, py, pm, 1000, 0.5, state);
  const first = get(m, pm, 1000);
  bind.dropoutForward(m, px, py, pm, 1000, 0.5, state);
  assert.not.equal(get(m, pm, 1000), first);
  for (const p of [px, py, pm, state]) m.arena.free(p);
});

test('statistics over 2^20 draws: kept fraction, noise moments, alpha dropout keeps mean 0 / variance 1', async () => {
  const n = 1 << 20;
  const m = await moduleFor((await testBuilds())[0]);
  // Standard normal inputs (the SELU fixed point AlphaDropout is built to preserve).
  const x = Float32Array.from(ref.normals(new RngStream(99), n));
  const z = 5; // 5-sigma bounds: a false alarm has probability < 1e-6 per check (and the seeds are fixed).
  for (const rate of [0.1, 0.5, 0.8]) {
    // The kept count is Binomial(n, 1 - rate): sd sqrt(n rate (1 - rate)).
    const { mask } = runForward(m, 'dropoutForward', x, rate, 21);
    const kept = mask.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
    const sd = Math.sqrt(n * rate * (1 - rate));
    assert.ok(Math.abs(kept - n * (1 - rate)) < z * sd, `rate ${rate}: kept ${kept} of ${n}`);
    // GaussianDropout mask ~ N(1, rate/(1-rate)): mean sd s/sqrt(n); sample variance sd ~ s^2 sqrt(2/n).
    const g = runForward(m, 'gaussianDropoutForward', x, rate, 22).mask;
    const s2 = rate / (1 - rate);
    const [gm, gv] = moments(g);
    assert.ok(Math.abs(gm - 1) < z * Math.sqrt(s2 / n), `gaussianDropout rate ${rate}: mask mean ${gm}`);
    assert.ok(Math.abs(gv - s2) < z * s2 * Math.sqrt(2 / n), `gaussianDropout rate ${rate}: mask variance ${gv} vs ${s2}`);
    // AlphaDropout on N(0, 1) inputs: output mean 0 and variance 1 (Klambauer et al. 2017, eq. for a, b).
    // Per-element output variance is O(1) with bounded tails, so 5 sqrt(4/n) bounds both moments generously.
    const [am, av] = moments(runForward(m, 'alphaDropoutForward', x, rate, 23).y);
    assert.ok(Math.abs(am) < z * Math.sqrt(4 / n) && Math.abs(av - 1) < z * Math.sqrt(4 / n), `alphaDropout rate ${rate}: mean ${am} var ${av}`);
  }
  const [nm, nv] = moments(x);
  assert.ok(Math.abs(nm) < z / Math.sqrt(n) && Math.abs(nv - 1) < z * Math.sqrt(2 / n), `normals: mean ${nm} var ${nv}`);
});

function moments(a: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  const mean = s / a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - mean) ** 2;
  return [mean, v / a.length];
}

test('finite differences (f64, mask fixed by the seed) agree with dropoutBackward for all three layers', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const n = 37;
  const rng = new Rng(6);
  const x = Float64Array.from(randomArray(rng, n, -2, 2));
  const w = Float64Array.from(randomArray(rng, n)); // loss L = sum(w * y), so dL/dy = w
  for (const fn of MASK_FORWARDS) {
    const loss = (xs: Float64Array) => {
      const y = new Float64Array(n);
      (ref[fn] as Function)(xs, y, new Float64Array(n), n, 0.4, new RngStream(13));
      return y.reduce((a, v, i) => a + v * w[i], 0);
    };
    const { mask } = runForward(m, fn, Float32Array.from(x), 0.4, 13);
    const pdy = put(m, Float32Array.from(w)), pm = put(m, mask), pdx = put(m, new Float32Array(n));
    bind.dropoutBackward(m, pdy, pm, pdx, n);
    const dx = get(m, pdx, n);
    const h = 1e-6;
    const fd = Float64Array.from(x, (_, i) => {
      const xp = Float64Array.from(x), xm = Float64Array.from(x);
      xp[i] += h;
      xm[i] -= h;
      return (loss(xp) - loss(xm)) / (2 * h);
    });
    assertClose(dx, fd, { rtol: 1e-5, atol: 1e-6, label: `${fn} dx vs finite differences` });
    for (const p of [pdy, pm, pdx]) m.arena.free(p);
  }
});

test('extreme inputs: dropped Inf/NaN give 0, kept large values scale without overflow to NaN', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const x = Float32Array.from({ length: 64 }, (_, i) => [Infinity, -Infinity, NaN, 3e38, -3e38, 1e-45][i % 6]);
    const { y, mask } = runForward(m, 'dropoutForward', x, 0.5, 17);
    for (let i = 0; i < x.length; i++) {
      if (mask[i] === 0) assert.is(y[i], 0, `${build} [${i}] dropped ${x[i]}`);
      else assert.ok(Object.is(y[i], Math.fround(x[i] * 2)), `${build} [${i}] kept ${x[i]} -> ${y[i]}`);
    }
    assert.ok(mask.some((v) => v === 0) && mask.some((v) => v === 2), 'both kept and dropped appear');
    // AlphaDropout replaces dropped values by a constant (Keras's x*0 would turn a dropped Inf into NaN).
    const a = runForward(m, 'alphaDropoutForward', x, 0.5, 17);
    const { a: sa, alphaP, b } = ref.alphaDropoutAffine(0.5);
    for (let i = 0; i < x.length; i++) if (a.mask[i] === 0) assertClose([a.y[i]], [sa * alphaP + b], { label: `${build} alpha dropped` });
  }
});

test('bad arguments are ValidationErrors before wasm is called', async () => {
  const m = await moduleFor('plain');
  const p = m.arena.alloc(64);
  const q = m.arena.alloc(64);
  const state = seededState(m, 1);
  const calls: (() => void)[] = [
    () => bind.dropoutForward(m, p, p, p + 16, 8, 0.5, state), // mask overlaps x and y
    () => bind.dropoutForward(m, p, p, q, 1, 1, state),
    () => bind.dropoutForward(m, p, p, q, 4, 0.99999999, state),
    () => bind.dropoutForward(m, p, p, q, 4, -0.1, state),
    () => bind.dropoutForward(m, p, p, q, 4, NaN, state),
    () => bind.dropoutForward(m, p, p, q, 0, 0.5, state),
    () => bind.dropoutForward(m, p, p, q, m.memory.buffer.byteLength / 4, 0.5, state), // runs past the end of memory
    () => bind.gaussianDropoutForward(m, p + 2, p, q, 4, 0.5, state),
    () => bind.alphaDropoutForward(m, p, p, q, 4, 0.5, 4),
    () => bind.gaussianNoiseForward(m, p, p, 4, -1, state),
    () => bind.dropoutBackward(m, p, p, -64, 4),
    () => bind.gaussianNoiseBackward(m, p, p, 2.5),
  ];
  for (const [i, f] of calls.entries()) assert.throws(f, (e: { name: string }) => e.name === 'ValidationError', `call ${i}`);
  m.arena.free(p);
  m.arena.free(q);
  m.arena.free(state);
});

test.run();
