// The convolution kernels against their references (tests/reference/conv.ts), every build, awkward
// geometries: odd/even sizes, C = 1, 3, 5, 8, 1x1 to 5x5 and 2x3 kernels, strides, dilations,
// asymmetric padding, padding larger than a kernel row reaches (whole patch rows outside the image).
// im2col/col2im only copy and add, in the same order as the reference: they must match bit for bit
// (col2im adds into float32 dx, the reference too); col is filled with NaN first, so an unwritten
// element shows. Depthwise sums are compared with the float32 bound γ_n·Σ|terms| (convHarness.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/rng.js';
import { im2colRef, col2imRef, depthwiseConv2dForwardRef, depthwiseConv2dBackwardInputRef, depthwiseConv2dBackwardFilterRef } from '../reference/conv.js';
import { moduleFor, testBuilds, randomArray, put, get } from '../helpers.js';
import { assertBound, abs } from '../layers/convHarness.js';

// [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL] (OH, OW follow with bottom/right padding PT + 1 / PL).
const GEOMS: number[][] = [
  [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0],
  [2, 5, 7, 1, 3, 3, 1, 1, 1, 1, 0, 0],
  [1, 6, 6, 3, 2, 3, 1, 1, 1, 1, 0, 1],
  [2, 9, 8, 5, 5, 5, 2, 2, 1, 1, 2, 2],
  [1, 7, 6, 3, 3, 3, 1, 1, 2, 2, 1, 2],
  [2, 8, 7, 8, 1, 1, 2, 2, 1, 1, 0, 0],
  [1, 4, 5, 2, 3, 3, 1, 1, 3, 3, 4, 4], // dilated taps entirely in the padding
  [3, 11, 10, 4, 4, 2, 3, 2, 1, 1, 1, 0],
];

function withOutput(a: number[]): number[] {
  const [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL] = a;
  const OH = Math.floor((H + 2 * PT + 1 - ((KH - 1) * DH + 1)) / SH) + 1;
  const OW = Math.floor((W + 2 * PL + 1 - ((KW - 1) * DW + 1)) / SW) + 1;
  return [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, Math.max(OH, 1), Math.max(OW, 1)];
}

test('im2col and col2im match the reference bit for bit', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const g0 of GEOMS) {
      const s = withOutput(g0);
      const [B, H, W, C, KH, KW, , , , , , , OH, OW] = s;
      const rng = new Rng(H * 7 + C);
      const n = B * H * W * C;
      const colN = B * OH * OW * KH * KW * C;
      const x = randomArray(rng, n);
      const want = new Float32Array(colN);
      im2colRef(x, want, ...s);
      const px = put(m, x);
      const pc = put(m, new Float32Array(colN).fill(NaN));
      m.exports.im2col(px, pc, ...s);
      assert.equal(Array.from(get(m, pc, colN)), Array.from(want), `${build} im2col ${s}`);
      const col = randomArray(rng, colN);
      const dx = randomArray(rng, n);
      const dxWant = Float32Array.from(dx);
      col2imRef(col, dxWant, ...s);
      m.arena.f32(pc, colN).set(col);
      m.arena.f32(px, n).set(dx);
      m.exports.col2im(pc, px, ...s);
      assert.equal(Array.from(get(m, px, n)), Array.from(dxWant), `${build} col2im ${s}`);
      m.arena.free(px);
      m.arena.free(pc);
    }
  }
});

test('depthwise forward, input and filter gradients match the reference (DM = 1, 2, 3, 5)', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [gi, g0] of GEOMS.entries()) {
      const DM = [1, 2, 1, 3, 1, 5, 2, 1][gi];
      const s = withOutput(g0);
      const [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW] = s;
      const args = [B, H, W, C, DM, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW];
      const O = C * DM;
      const rng = new Rng(H * 5 + DM);
      const x = randomArray(rng, B * H * W * C);
      const w = randomArray(rng, KH * KW * O);
      const bias = randomArray(rng, O);
      const dy = randomArray(rng, B * OH * OW * O);
      const label = `${build} ${args}`;
      const taps = KH * KW;
      const px = put(m, x), pw = put(m, w), pb = put(m, bias), pdy = put(m, dy);
      // Forward: y written in full (NaN garbage before), bias and no-bias.
      const py = put(m, new Float32Array(B * OH * OW * O).fill(NaN));
      const want = new Float64Array(B * OH * OW * O);
      const mag = new Float64Array(want.length);
      depthwiseConv2dForwardRef(x, w, bias, want, ...args);
      depthwiseConv2dForwardRef(abs(x), abs(w), abs(bias), mag, ...args);
      m.exports.depthwiseConv2dForward(px, pw, pb, py, ...args);
      assertBound(get(m, py, want.length), want, mag, 2 * taps + 4, `${label} forward`);
      depthwiseConv2dForwardRef(x, w, null, want, ...args);
      depthwiseConv2dForwardRef(abs(x), abs(w), null, mag, ...args);
      m.exports.depthwiseConv2dForward(px, pw, 0, py, ...args);
      assertBound(get(m, py, want.length), want, mag, 2 * taps + 4, `${label} forward, no bias`);
      // Input gradient, added to a random dx.
      const dx0 = randomArray(rng, x.length);
      const pdx = put(m, dx0);
      const dxWant = Float64Array.from(dx0);
      const dxMag = abs(dx0);
      depthwiseConv2dBackwardInputRef(dy, w, dxWant, ...args);
      depthwiseConv2dBackwardInputRef(abs(dy), abs(w), dxMag, ...args);
      m.exports.depthwiseConv2dBackwardInput(pdy, pw, pdx, ...args);
      assertBound(get(m, pdx, x.length), dxWant, dxMag, 2 * taps * DM + 4, `${label} dx`);
      // Filter and bias gradients, added to random ones.
      const dw0 = randomArray(rng, w.length), db0 = randomArray(rng, O);
      const pdw = put(m, dw0), pdb = put(m, db0);
      const dwWant = Float64Array.from(dw0), dbWant = Float64Array.from(db0);
      const dwMag = abs(dw0), dbMag = abs(db0);
      depthwiseConv2dBackwardFilterRef(x, dy, dwWant, dbWant, ...args);
      depthwiseConv2dBackwardFilterRef(abs(x), abs(dy), dwMag, dbMag, ...args);
      m.exports.depthwiseConv2dBackwardFilter(px, pdy, pdw, pdb, ...args, 0, C);
      const pixels = B * OH * OW;
      assertBound(get(m, pdw, w.length), dwWant, dwMag, 2 * pixels + 4, `${label} dw`);
      assertBound(get(m, pdb, O), dbWant, dbMag, 2 * pixels + 4, `${label} db`);
      // db = 0 skips the bias gradient.
      const dbBefore = Array.from(get(m, pdb, O));
      m.exports.depthwiseConv2dBackwardFilter(px, pdy, pdw, 0, ...args, 0, C);
      assert.equal(Array.from(get(m, pdb, O)), dbBefore, `${label} db untouched`);
      // A channel range [c0, c1) (the thread pool's split): only those channels change, and the two
      // halves of a split give bit for bit the whole call's result.
      if (C > 1) {
        const c0 = Math.floor(C / 2);
        const pw1 = put(m, dw0), pb1 = put(m, db0), pw2 = put(m, dw0), pb2 = put(m, db0);
        m.exports.depthwiseConv2dBackwardFilter(px, pdy, pw1, pb1, ...args, 0, C);
        m.exports.depthwiseConv2dBackwardFilter(px, pdy, pw2, pb2, ...args, c0, C);
        const half = get(m, pw2, w.length);
        for (let i = 0; i < w.length; i++) {
          if (i % O < c0 * DM) assert.ok(Object.is(half[i], dw0[i]), `${label} dw[${i}] outside [${c0}, ${C}) untouched`);
        }
        m.exports.depthwiseConv2dBackwardFilter(px, pdy, pw2, pb2, ...args, 0, c0);
        assert.equal(Array.from(get(m, pw2, w.length)), Array.from(get(m, pw1, w.length)), `${label} dw split at channel ${c0} is bit-identical`);
        assert.equal(Array.from(get(m, pb2, O)), Array.from(get(m, pb1, O)), `${label} db split at channel ${c0} is bit-identical`);
        for (const p of [pw1, pb1, pw2, pb2]) m.arena.free(p);
      }
      for (const p of [px, pw, pb, pdy, py, pdx, pdw, pdb]) m.arena.free(p);
    }
  }
});

test('extreme values: im2col copies NaN/Inf/denormals untouched; padding stays exact zero', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const s = withOutput([1, 3, 3, 2, 3, 3, 1, 1, 1, 1, 1, 1]);
  const x = Float32Array.from([NaN, Infinity, -Infinity, 1e-45, -0, 3e38, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const want = new Float32Array(9 * 9 * 2);
  im2colRef(x, want, ...s);
  const px = put(m, x), pc = put(m, new Float32Array(want.length).fill(NaN));
  m.exports.im2col(px, pc, ...s);
  const got = get(m, pc, want.length);
  assert.ok(got.every((v, i) => Object.is(v, want[i])), 'bit-identical, NaN included');
  m.arena.free(px);
  m.arena.free(pc);
});

test.run();
