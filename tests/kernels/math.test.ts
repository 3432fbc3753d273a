// The f32x4 transcendentals of assembly/math.ts, through the mathMap export, on every build: dense
// sweeps against float64 Math with the error bounds stated in math.ts, and the special values.
// Also pins the float64 erf/erfc of tests/reference/activation.ts to values from mpmath (30 digits).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, put, get, assertClose } from '../helpers.js';
import { Rng } from '../../src/rng.js';
import { MATH_FNS, erf, erfc } from '../reference/activation.js';

const builds = await testBuilds();
const [EXP, EXPM1, LOG, LOG1P, SIGMOID, TANH, ERFC] = [0, 1, 2, 3, 4, 5, 6];
const NAMES = ['exp', 'expm1', 'log', 'log1p', 'sigmoid', 'tanh', 'erfc'];

function linspace(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Every f32 bit pattern in [lo, hi] with stride `step` (positive floats: a log-uniform sweep). */
function bitSweep(lo: number, hi: number, count: number): Float32Array {
  const b = new Uint32Array(Float32Array.of(lo, hi).buffer);
  const step = Math.max(1, Math.floor((b[1] - b[0]) / count));
  const out = new Uint32Array(Math.floor((b[1] - b[0]) / step) + 1);
  for (let i = 0; i < out.length; i++) out[i] = b[0] + i * step;
  return new Float32Array(out.buffer);
}

async function apply(build: Parameters<typeof moduleFor>[0], fn: number, x: Float32Array): Promise<Float32Array> {
  const m = await moduleFor(build);
  const px = put(m, x);
  const py = m.arena.alloc(4 * x.length);
  m.exports.mathMap(fn, px, py, x.length);
  const y = get(m, py, x.length);
  m.arena.free(px);
  m.arena.free(py);
  return y;
}

/** Max relative error of f32 results against float64 at the same (f32) inputs. */
function maxRel(fn: number, x: Float32Array, y: Float32Array): { err: number; at: number } {
  let err = 0;
  let at = NaN;
  for (let i = 0; i < x.length; i++) {
    const e = MATH_FNS[fn](x[i]);
    if (e === 0 || !Number.isFinite(e) || Math.abs(e) < 1.2e-38) continue; // denormal results: checked by the specials
    const r = Math.abs(y[i] - e) / Math.abs(e);
    if (!(r <= err)) {
      err = r;
      at = x[i];
    }
  }
  return { err, at };
}

const BOUNDS: [number, Float32Array, number][] = [
  [EXP, linspace(-86.9, 88.7, 400001), 3e-7],
  [EXPM1, linspace(-20, 20, 400001), 3e-7],
  [EXPM1, bitSweep(1e-30, 0.6, 100000), 3e-7],
  [LOG, bitSweep(1e-45, 3.4e38, 400000), 3e-7],
  [LOG1P, linspace(-0.999, 20, 200001), 4e-7],
  [LOG1P, bitSweep(1e-30, 1e30, 200000), 4e-7],
  [SIGMOID, linspace(-20, 20, 400001), 2e-6],
  [TANH, linspace(-20, 20, 400001), 2e-6],
  [TANH, bitSweep(1e-30, 1, 100000), 2e-6],
  [ERFC, linspace(-4, 4, 400001), 2e-6],
];

test('relative error within the bounds stated in assembly/math.ts', async () => {
  const worst: string[] = [];
  for (const build of builds) {
    for (const [fn, x, bound] of BOUNDS) {
      const { err, at } = maxRel(fn, x, await apply(build, fn, x));
      assert.ok(err <= bound, `${build} ${NAMES[fn]}: max relative error ${err.toExponential(2)} at x=${at} > ${bound}`);
      if (build === builds[0]) worst.push(`${NAMES[fn]} ${err.toExponential(1)}`);
    }
  }
  console.log(`  measured max relative errors (${builds[0]}): ${worst.join(', ')}`);
});

test('wide sweeps: sigmoid, tanh, erfc stay within bounds or absolute 1e-12 on ±1e4', async () => {
  const x = linspace(-1e4, 1e4, 200001);
  for (const build of builds) {
    for (const fn of [SIGMOID, TANH, ERFC, EXPM1]) {
      const y = await apply(build, fn, x);
      const want = Float64Array.from(x, (v) => MATH_FNS[fn](v));
      assertClose(y, Float64Array.from(want, (v) => Math.fround(v)), { rtol: 2e-6, atol: 1e-12, label: `${build} ${NAMES[fn]} on ±1e4` });
    }
  }
});

test('special values: ±Inf, NaN, 0, overflow and underflow', async () => {
  const x = Float32Array.from([Infinity, -Infinity, NaN, 0, -0, 89, -89, 1e4, -1e4, 88.7, -103, -104.5, 1e-45, -1e-45, -1, -2]);
  for (const build of builds) {
    for (let fn = 0; fn < MATH_FNS.length; fn++) {
      const y = await apply(build, fn, x);
      const want = Float64Array.from(x, (v) => Math.fround(MATH_FNS[fn](v)));
      // exp flushes results under 2^-125 to zero (assembly/math.ts), and so everything built on it.
      assertClose(y, want, { rtol: 3e-6, atol: 2 ** -125, label: `${build} ${NAMES[fn]} specials` });
    }
  }
});

test('float64 reference erf/erfc agree with mpmath', () => {
  const table: [number, number, number][] = [
    [0.1, 0.1124629160182848984, 0.8875370839817151016],
    [0.5, 0.52049987781304653768, 0.47950012218695346232],
    [1, 0.84270079294971486934, 0.15729920705028513066],
    [2, 0.99532226501895273416, 0.0046777349810472658379],
    [2.4999, 0.99959283009966654862, 0.00040716990033345138112],
    [2.5, 0.99959304798255504106, 0.00040695201744495893956],
    [3, 0.99997790950300141456, 0.000022090496998585441373],
    [4, 0.99999998458274209972, 1.5417257900280018852e-8],
    [6, 0.99999999999999997848, 2.1519736712498913117e-17],
    [10, 1.0, 2.088487583762544757e-45],
    [-1, -0.84270079294971486934, 1.8427007929497148693],
    [-3, -0.99997790950300141456, 1.9999779095030014146],
  ];
  for (const [x, ef, ec] of table) {
    assert.ok(Math.abs(erf(x) - ef) <= 1e-15, `erf(${x}) = ${erf(x)}, mpmath ${ef}`);
    assert.ok(Math.abs(erfc(x) - ec) <= 1e-14 * ec, `erfc(${x}) = ${erfc(x)}, mpmath ${ec}`);
  }
});

test('random inputs over the whole f32 range never give NaN from a non-NaN input in the domain', async () => {
  const rng = new Rng(2);
  const bits = Uint32Array.from({ length: 100000 }, () => rng.nextU32());
  const x = new Float32Array(bits.buffer).filter((v) => !Number.isNaN(v));
  for (const build of builds) {
    for (const fn of [EXP, EXPM1, SIGMOID, TANH, ERFC]) {
      const y = await apply(build, fn, x);
      const bad = y.findIndex((v) => Number.isNaN(v));
      assert.is(bad, -1, `${build} ${NAMES[fn]}(${x[bad]}) is NaN`);
    }
  }
});

test.run();
