// Reductions (assembly/kernels/reduce.ts) against the float64 references of tests/reference/reduce.ts
// on every size in SIZES plus a large n, every build, and extremes (NaN/Inf detection, norms of huge
// and tiny values, ties and NaN in argmax, non-0/1 binary targets).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, SIZES, randomArray, assertClose, put, get } from '../helpers.js';
import { reduceReferences as R } from '../reference/reduce.js';
import { Rng } from '../../src/rng.js';
import type { WasmModule } from '../../bindings/loader.js';

const U = 2 ** -24; // f32 unit roundoff
const LARGE = [4099, 100_003, 1 << 20];

/** The documented bound of the blocked sums: 20 roundings per term of the f32 block part, plus the
 *  final rounding of the result to f32. It does not grow with n (a plain f32 loop's would: n * U). */
function sumBound(absSum: number, result: number): number {
  return 20 * U * absSum + U * Math.abs(result);
}

function withBuffer<T>(m: WasmModule, x: Float32Array, fn: (p: number) => T): T {
  const p = put(m, x);
  try {
    return fn(p);
  } finally {
    m.arena.free(p);
  }
}

test('sum, sumSquares, sumAbs, regularizerPenalty: within the stated n-independent bound of float64', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const n of [...SIZES, ...LARGE]) {
      const rng = new Rng(n);
      // Mixed signs (cancellation) and all-positive data with a large offset (the worst case for a
      // naive f32 running sum, which would drift by ~n * U relative).
      for (const x of [randomArray(rng, n, -1, 1), randomArray(rng, n, 100, 101)]) {
        withBuffer(m, x, (p) => {
          const abs = R.sumAbs(x, n);
          const sq = R.sumSquares(x, n);
          const checks: [string, number, number, number][] = [
            ['sum', m.exports.sum(p, n), R.sum(x, n), abs],
            ['sumSquares', m.exports.sumSquares(p, n), sq, sq],
            ['sumAbs', m.exports.sumAbs(p, n), abs, abs],
            ['regularizerPenalty', m.exports.regularizerPenalty(p, n, 0.01, 0.002), R.regularizerPenalty(x, n, 0.01, 0.002), 0.01 * abs + 0.002 * sq],
          ];
          for (const [name, got, want, scale] of checks) {
            const err = Math.abs(got - want);
            assert.ok(err <= sumBound(scale, want), `${build} ${name} n=${n}: got ${got}, want ${want}, |err| ${err} > ${sumBound(scale, want)}`);
          }
        });
      }
    }
  }
});

test('sums: empty input is 0, Inf and NaN propagate, sumSquares overflows only when the f32 result does', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    assert.is(m.exports.sum(m.arena.base, 0), 0);
    for (const n of [1, 5, 17, 4099]) {
      const x = new Float32Array(n).fill(0.5);
      x[n - 1] = Infinity;
      withBuffer(m, x, (p) => assert.is(m.exports.sum(p, n), Infinity, `${build} n=${n}`));
      x[n >> 1] = NaN;
      withBuffer(m, x, (p) => assert.ok(Number.isNaN(m.exports.sumAbs(p, n)), `${build} NaN n=${n}`));
    }
    // 1e19^2 * 3 = 3e38 < f32 max 3.4e38: finite; 2e19^2 = 4e38: Inf, as the exact value is.
    withBuffer(m, new Float32Array([1e19, 1e19, 1e19]), (p) => assertClose([m.exports.sumSquares(p, 3)], [3e38], { rtol: 1e-6, label: build }));
    withBuffer(m, new Float32Array([2e19, 0, 0]), (p) => assert.is(m.exports.sumSquares(p, 3), Infinity));
  }
});

test('l2Norm: float64-accurate on SIZES and large n; no overflow or underflow for huge or tiny values', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const n of [...SIZES, ...LARGE]) {
      const x = randomArray(new Rng(n + 1), n, -3, 3);
      // Squares and sums in f64 (relative error ~1e-16 * n), one f32 rounding of the result: 2 * U.
      withBuffer(m, x, (p) => assertClose([m.exports.l2Norm(p, n)], [R.l2Norm(x, n)], { rtol: 2 * U, atol: 0, label: `${build} n=${n}` }));
    }
    for (const n of [1, 7, 64, 129]) {
      for (const v of [1e30, -2e37, 1e-30, 1e-44]) {
        const x = new Float32Array(n).fill(v);
        const want = Math.abs(Math.fround(v)) * Math.sqrt(n); // a naive f32 sum of squares gives Inf or 0 here
        // atol: a subnormal result (1e-44 * sqrt(n)) is rounded to a multiple of 2^-149 ≈ 1.4e-45.
        withBuffer(m, x, (p) => assertClose([m.exports.l2Norm(p, n)], [want], { rtol: 4 * U, atol: 2 ** -149, label: `${build} ${v} n=${n}` }));
      }
      // True norm above f32 max: Inf is the correctly rounded answer.
      withBuffer(m, new Float32Array(n + 1).fill(3e38), (p) => assert.is(m.exports.l2Norm(p, n + 1), Infinity));
      const y = new Float32Array(n).fill(1);
      y[n - 1] = -Infinity;
      withBuffer(m, y, (p) => assert.is(m.exports.l2Norm(p, n), Infinity));
      y[0] = NaN;
      withBuffer(m, y, (p) => assert.ok(Number.isNaN(m.exports.l2Norm(p, n))));
    }
    assert.is(m.exports.l2Norm(m.arena.base, 0), 0);
  }
});

test('hasNonFinite: 0 for finite data (incl. f32 max and subnormals), 1 for NaN/+Inf/-Inf at any position', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const n of [...SIZES, 5000]) {
      const x = randomArray(new Rng(n), n, -1e38, 1e38);
      x[0] = 3.4028234663852886e38;
      if (n > 1) x[n - 1] = 1e-45;
      const p = put(m, x);
      const view = () => m.arena.f32(p, n);
      assert.is(m.exports.hasNonFinite(p, n), 0, `${build} finite n=${n}`);
      const positions = new Set([0, n - 1, n >> 1, n - 2, n - 3, 1023, 1024, 4095, 4096].filter((i) => i >= 0 && i < n));
      for (const i of positions) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const keep = view()[i];
          view()[i] = bad;
          assert.is(m.exports.hasNonFinite(p, n), 1, `${build} ${bad} at ${i} of ${n}`);
          view()[i] = keep;
        }
      }
      m.arena.free(p);
    }
  }
});

function rowsCase(m: WasmModule, rows: number, cols: number, x: Float32Array, label: string): void {
  const p = put(m, x);
  const out = m.arena.alloc(4 * rows);
  const want = new Float64Array(rows);
  R.rowMax(x, rows, cols, want);
  m.exports.rowMax(p, rows, cols, out);
  assertClose(get(m, out, rows), want, { rtol: 0, atol: 0, label: `${label} rowMax` });
  const wantIdx = new Int32Array(rows);
  R.rowArgmax(x, rows, cols, wantIdx);
  m.exports.rowArgmax(p, rows, cols, out);
  assert.equal(Array.from(new Int32Array(m.memory.buffer, out, rows)), Array.from(wantIdx), `${label} rowArgmax`);
  m.arena.free(p);
  m.arena.free(out);
}

test('rowMax and rowArgmax: random rows of every width in SIZES, ties (first index), NaN and -Inf rows', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const cols of SIZES) {
      const rows = cols > 1000 ? 3 : 9;
      const rng = new Rng(cols);
      const x = randomArray(rng, rows * cols);
      // Row 1: ties, with the maximum repeated at a late and an early column.
      for (let j = 0; j < cols; j++) x[cols + j] = j % 3 === 2 ? 5 : 1;
      // Row 2: all -Inf. Row 3: a NaN late in the row. Row 4: all equal. Row 5: max in the last column.
      x.fill(-Infinity, 2 * cols, 3 * cols);
      x[3 * cols + cols - 1] = NaN;
      x.fill(0.25, 4 * cols, 5 * cols);
      x[5 * cols + cols - 1] = 2;
      // Row 6: NaN in the middle (vector loop for wide rows). Row 7: NaN first. Row 8: zeros of both
      // signs and -Inf (the max is a zero; argmax the first zero).
      if (rows > 6) {
        x[6 * cols + (cols >> 1)] = NaN;
        x[7 * cols] = NaN;
        for (let j = 0; j < cols; j++) x[8 * cols + j] = j % 3 === 0 ? -Infinity : j % 3 === 1 ? -0 : 0;
      }
      rowsCase(m, rows, cols, x, `${build} cols=${cols}`);
    }
    rowsCase(m, 0, 10, new Float32Array(0), `${build} no rows`);
  }
});

test('accuracy counts: categorical, sparse and binary match the Keras definitions', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const cols of [1, 2, 3, 5, 10, 17, 129]) {
      const rows = 301;
      const rng = new Rng(cols + 99);
      const pred = randomArray(rng, rows * cols);
      const labels = new Int32Array(rows);
      const target = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) {
        // About half the labels agree with the prediction's argmax, so counts are neither 0 nor rows.
        const am = new Int32Array(1);
        R.rowArgmax(pred.subarray(r * cols, (r + 1) * cols), 1, cols, am);
        labels[r] = rng.uniform() < 0.5 ? am[0] : Math.floor(rng.uniform() * cols);
        target[r * cols + labels[r]] = 1;
      }
      const pp = put(m, pred);
      const tp = put(m, target);
      const lp = m.arena.alloc(4 * rows);
      new Int32Array(m.memory.buffer, lp, rows).set(labels);
      const want = R.sparseAccuracyCount(pred, labels, rows, cols);
      assert.is(m.exports.sparseAccuracyCount(pp, lp, rows, cols), want, `${build} sparse cols=${cols}`);
      assert.is(m.exports.categoricalAccuracyCount(pp, tp, rows, cols), R.categoricalAccuracyCount(pred, target, rows, cols), `${build} categorical cols=${cols}`);
      assert.is(R.categoricalAccuracyCount(pred, target, rows, cols), want); // one-hot targets: both agree
      if (cols > 2) assert.ok(want > 0 && want < rows, `informative count ${want}`);
      [pp, tp, lp].forEach((q) => m.arena.free(q));
    }
    for (const n of [...SIZES, 100_003]) {
      const rng = new Rng(n + 5);
      const pred = randomArray(rng, n, 0, 1);
      const target = Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
      if (n > 3) {
        pred[0] = 0.5; // not > 0.5: predicts 0
        target[1] = 0.7; // Keras compares equal(y_true, y_pred): a soft target never matches
        pred[2] = NaN; // NaN > t is false: predicts 0
      }
      const pp = put(m, pred);
      const tp = put(m, target);
      for (const th of [0.5, 0.25, 0]) {
        assert.is(m.exports.binaryAccuracyCount(pp, tp, n, th), R.binaryAccuracyCount(pred, target, n, th), `${build} binary n=${n} th=${th}`);
      }
      m.arena.free(pp);
      m.arena.free(tp);
    }
  }
});

test.run();
