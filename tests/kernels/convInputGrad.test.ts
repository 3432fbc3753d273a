// conv2dInputGrad (assembly/kernels/convInputGrad.ts), every build: dx += col2im(dz · wᵀ) against the
// direct sum over taps (tests/reference/conv.ts) within the float32 bound γ_n·Σ|terms|, on awkward
// geometries (odd/even sizes, C = 1, 3, 5, 1x1 to 5x5 and 2x3 kernels, stride 2, dilation 2, padding
// on one side) and row blocks that cut samples (rb = 1, 7, OH*OW - 1), cover one exactly, or hold
// whole samples (rb > OH*OW: 1, 2, 3 samples a block). And the property the thread pool's by-samples
// split rests on (bindings/threads/convInputGrad.ts): calls on consecutive runs of whole blocks of
// samples, with dz and dx shifted, give bit for bit the one call's dx.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/rng.js';
import { conv2dInputGradRef } from '../reference/conv.js';
import { gemmWorkspace } from '../../bindings/gemm.js';
import { moduleFor, testBuilds, randomArray, put, get } from '../helpers.js';
import { assertBound, abs } from '../layers/convHarness.js';

// [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, F]; OH, OW follow with bottom/right padding PT + 1 / PL.
const GEOMS: number[][] = [
  [3, 5, 7, 1, 3, 3, 1, 1, 1, 1, 0, 0, 5],
  [4, 6, 6, 3, 2, 3, 1, 1, 1, 1, 0, 1, 8],
  [5, 9, 8, 5, 5, 5, 2, 2, 1, 1, 2, 2, 3],
  [3, 7, 6, 3, 3, 3, 1, 1, 2, 2, 1, 2, 17],
  [7, 4, 5, 2, 1, 1, 2, 2, 1, 1, 0, 0, 1],
];

function geometry(a: number[]): { s: number[]; F: number } {
  const [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, F] = a;
  const OH = Math.max(1, Math.floor((H + 2 * PT + 1 - ((KH - 1) * DH + 1)) / SH) + 1);
  const OW = Math.max(1, Math.floor((W + 2 * PL + 1 - ((KW - 1) * DW + 1)) / SW) + 1);
  return { s: [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW], F };
}

test('conv2dInputGrad matches the reference within the float32 bound, for blocks inside, at and across samples', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const ws = gemmWorkspace(m);
    for (const g0 of GEOMS) {
      const { s, F } = geometry(g0);
      const [B, H, W, C, KH, KW, , , , , , , OH, OW] = s;
      const ohw = OH * OW, K = KH * KW * C;
      const rng = new Rng(H * 11 + C + F);
      const dz = randomArray(rng, B * ohw * F), w = randomArray(rng, K * F);
      const dx0 = randomArray(rng, B * H * W * C);
      const want = Float64Array.from(dx0), mag = abs(dx0);
      conv2dInputGradRef(-1, 1, 1, dz, w, F, null, want, ...s);
      conv2dInputGradRef(-1, 1, 1, abs(dz), abs(w), F, null, mag, ...s);
      const pdz = put(m, dz), pw = put(m, w);
      for (const rb of new Set([1, 7, Math.max(1, ohw - 1), ohw, ohw + 1, 2 * ohw, 3 * ohw + 2])) {
        const blockRows = rb >= ohw ? Math.floor(rb / ohw) * ohw : rb;
        const pcol = put(m, new Float32Array(blockRows * K).fill(NaN)); // the kernel writes a block before reading it
        const pdx = put(m, dx0);
        m.exports.conv2dInputGrad(-1, rb, 1, pdz, pw, F, pcol, pdx, ...s, ws);
        // Each dx element: up to KH*KW taps, each an F-term dot product, added to dx one tap at a time.
        assertBound(get(m, pdx, dx0.length), want, mag, F + KH * KW + 2, `${build} ${g0} rb ${rb}`);
        m.arena.free(pcol);
        m.arena.free(pdx);
      }
      m.arena.free(pdz);
      m.arena.free(pw);
    }
  }
});

test('conv2dInputGrad over runs of whole blocks of samples gives the one call bit for bit (the by-samples split)', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const ws = gemmWorkspace(m);
    for (const g0 of GEOMS) {
      const { s, F } = geometry(g0);
      const [B, H, W, C, KH, KW, , , , , , , OH, OW] = s;
      const ohw = OH * OW, K = KH * KW * C, pixels = H * W * C;
      const rng = new Rng(H * 13 + F);
      const dz = randomArray(rng, B * ohw * F), w = randomArray(rng, K * F), dx0 = randomArray(rng, B * pixels);
      const pdz = put(m, dz), pw = put(m, w);
      for (const rb of [5, ohw + 1, 2 * ohw]) {
        const sb = rb >= ohw ? Math.floor(rb / ohw) : 1;
        const blockRows = rb >= ohw ? sb * ohw : rb;
        const pcol = put(m, new Float32Array(blockRows * K));
        const whole = put(m, dx0), parts = put(m, dx0);
        m.exports.conv2dInputGrad(-1, rb, 1, pdz, pw, F, pcol, whole, ...s, ws);
        const variant = m.exports.gemmChoose(0, 1, blockRows, K, F); // what the pool passes every part
        // Cuts after 1 block and after all but the last: three parts (two when B / sb < 3).
        const cuts = [...new Set([0, sb, Math.max(sb, (Math.ceil(B / sb) - 1) * sb), B].map((b) => Math.min(b, B)))].sort((a, b) => a - b);
        for (let i = 0; i + 1 < cuts.length; i++) {
          const [b0, b1] = [cuts[i], cuts[i + 1]];
          m.exports.conv2dInputGrad(variant, rb, 1, pdz + 4 * b0 * ohw * F, pw, F, pcol, parts + 4 * b0 * pixels, b1 - b0, ...s.slice(1), ws);
        }
        const a = get(m, whole, dx0.length), b = get(m, parts, dx0.length);
        assert.ok(cuts.length > 2, `${g0} rb ${rb}: the batch was cut`);
        assert.ok(a.every((v, i) => Object.is(v, b[i])), `${build} ${g0} rb ${rb}: cut at samples ${cuts} differs from one call`);
        for (const p of [pcol, whole, parts]) m.arena.free(p);
      }
      m.arena.free(pdz);
      m.arena.free(pw);
    }
  }
});

test.run();
