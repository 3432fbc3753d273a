// conv2dGemm (implicit im2col, assembly/kernels/convGemm.ts) against the explicit path it replaces:
// im2col into a stored patch matrix P, then sgemmVariant with the same variant. The packer is the only
// difference and it copies the same floats, so every variant of every build must give the same bits,
// forward (transA 0, relu and bias fused) and dKernel (transA 1, beta 1), also on a thread's part of
// the rows (r0) or of the kernel rows (k0). Geometries are the awkward ones of conv.test.ts plus shapes
// that cross the packer's fast paths: panels straddling an output row or a sample (OW not a multiple
// of MR), K slices that cut a kernel row (K > KC), more rows than MC, partial panels. Then the float64
// reference (tests/reference/conv.ts) within the float32 bound of the sums.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../src/rng.js';
import { conv2dGemmRef, im2colRef } from '../reference/conv.js';
import { moduleFor, testBuilds, randomArray, put, get } from '../helpers.js';
import { assertBound, abs } from '../layers/convHarness.js';
import { gemmVariants } from '../../bindings/gemmVariants.js';
import { gemmWorkspace } from '../../bindings/gemm.js';
import type { WasmModule } from '../../bindings/loader.js';

// [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, F] (bottom/right padding PT + 1 / PL + 1, as conv.test.ts).
const GEOMS: number[][] = [
  [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 3],
  [2, 5, 7, 1, 3, 3, 1, 1, 1, 1, 0, 0, 9],
  [1, 6, 6, 3, 2, 3, 1, 1, 1, 1, 0, 1, 17],
  [2, 9, 8, 5, 5, 5, 2, 2, 1, 1, 2, 2, 8],
  [1, 7, 6, 3, 3, 3, 1, 1, 2, 2, 1, 2, 5],
  [2, 8, 7, 8, 1, 1, 2, 2, 1, 1, 0, 0, 16],
  [1, 4, 5, 2, 3, 3, 1, 1, 3, 3, 4, 4, 4], // dilated taps entirely in the padding
  [3, 11, 10, 4, 4, 2, 3, 2, 1, 1, 1, 0, 12],
  [2, 13, 13, 40, 3, 3, 1, 1, 1, 1, 0, 0, 24], // K = 360 > KC: a K slice cuts a kernel row; 242 rows > MC
  [1, 12, 9, 7, 3, 3, 1, 1, 1, 1, 0, 0, 33], // OW = 7: panels straddle output rows; C = 7 not a multiple of 4
  [2, 9, 9, 6, 3, 3, 1, 1, 1, 1, 1, 1, 10], // 'same'-like borders in every row
];

/** conv2dGemm's geometry arguments after r0, k0. */
type Patch = [number, number, number, number, number, number, number, number, number, number, number, number];

function geometry(a: number[]) {
  const [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, F] = a;
  const OH = Math.max(1, Math.floor((H + 2 * PT + 1 - ((KH - 1) * DH + 1)) / SH) + 1);
  const OW = Math.max(1, Math.floor((W + 2 * PL + 1 - ((KW - 1) * DW + 1)) / SW) + 1);
  const im2col = [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW];
  const patch: Patch = [H, W, C, KW, SH, SW, DH, DW, PT, PL, OH, OW];
  return { B, H, W, C, F, R: B * OH * OW, K: KH * KW * C, im2col, patch };
}

interface Case { x: Float32Array; w: Float32Array; bias: Float32Array; dz: Float32Array; dw0: Float32Array; col: Float32Array }

function makeCase(g: ReturnType<typeof geometry>, seed: number): Case {
  const rng = new Rng(seed);
  const x = randomArray(rng, g.B * g.H * g.W * g.C);
  const col = new Float32Array(g.R * g.K);
  im2colRef(x, col, ...g.im2col);
  return { x, col, w: randomArray(rng, g.K * g.F), bias: randomArray(rng, g.F), dz: randomArray(rng, g.R * g.F), dw0: randomArray(rng, g.K * g.F) };
}

/** Runs f with the case's buffers in m's arena; frees them after. */
function withBuffers<T>(m: WasmModule, c: Case, f: (p: Record<keyof Case, number>) => T): T {
  const p = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, put(m, v)])) as Record<keyof Case, number>;
  try {
    return f(p);
  } finally {
    for (const v of Object.values(p)) m.arena.free(v);
  }
}

test('conv2dGemm equals im2col + sgemmVariant bit for bit: every variant, build and geometry, forward and dKernel', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const ws = gemmWorkspace(m);
    const e = m.exports;
    for (const [gi, a] of GEOMS.entries()) {
      const g = geometry(a);
      const c = makeCase(g, 11 + gi);
      withBuffers(m, c, (p) => {
        const out = m.arena.alloc(4 * Math.max(g.R, g.K) * g.F);
        const want = m.arena.alloc(4 * Math.max(g.R, g.K) * g.F);
        for (const v of gemmVariants(build)) {
          const label = `${build} ${v.key} [${a}]`;
          // Forward with bias and relu; rows from r0 (a thread's part), r0 = 0 and a later tile boundary.
          for (const r0 of [0, v.tile.mr * Math.floor(g.R / (2 * v.tile.mr))]) {
            const M = g.R - r0;
            e.sgemmVariant(v.code, 0, 0, M, g.F, g.K, 1, p.col + 4 * r0 * g.K, g.K, p.w, g.F, 0, want, g.F, p.bias, 1, 0, ws);
            e.conv2dGemm(v.code, 0, M, g.F, g.K, p.x, r0, 0, ...g.patch, p.w, g.F, 0, out, g.F, p.bias, 1, 0, ws);
            assert.equal(Array.from(get(m, out, M * g.F)), Array.from(get(m, want, M * g.F)), `${label} forward r0 ${r0}`);
          }
          // dKernel += Pᵀ·dz for kernel rows from k0.
          for (const k0 of [0, v.tile.mr * Math.floor(g.K / (2 * v.tile.mr))]) {
            const M = g.K - k0;
            m.arena.f32(want, M * g.F).set(c.dw0.subarray(0, M * g.F));
            m.arena.f32(out, M * g.F).set(c.dw0.subarray(0, M * g.F));
            e.sgemmVariant(v.code, 1, 0, M, g.F, g.R, 1, p.col + 4 * k0, g.K, p.dz, g.F, 1, want, g.F, 0, 0, 0, ws);
            e.conv2dGemm(v.code, 1, M, g.F, g.R, p.x, 0, k0, ...g.patch, p.dz, g.F, 1, out, g.F, 0, 0, 0, ws);
            assert.equal(Array.from(get(m, out, M * g.F)), Array.from(get(m, want, M * g.F)), `${label} dKernel k0 ${k0}`);
          }
        }
        // variant -1: the instance's selection, as sgemm chooses for the stored P.
        e.sgemm(0, 0, g.R, g.F, g.K, 1, p.col, g.K, p.w, g.F, 0, want, g.F, 0, 0, 0, ws);
        e.conv2dGemm(-1, 0, g.R, g.F, g.K, p.x, 0, 0, ...g.patch, p.w, g.F, 0, out, g.F, 0, 0, 0, ws);
        assert.equal(Array.from(get(m, out, g.R * g.F)), Array.from(get(m, want, g.R * g.F)), `${build} selected variant [${a}]`);
        m.arena.free(out);
        m.arena.free(want);
      });
    }
  }
});

test('conv2dGemm matches the float64 reference within the float32 bound of its sums', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const ws = gemmWorkspace(m);
    for (const [gi, a] of GEOMS.slice(0, 8).entries()) {
      const g = geometry(a);
      const c = makeCase(g, 31 + gi);
      withBuffers(m, c, (p) => {
        const y = m.arena.alloc(4 * g.R * g.F);
        m.exports.conv2dGemm(-1, 0, g.R, g.F, g.K, p.x, 0, 0, ...g.patch, p.w, g.F, 0, y, g.F, p.bias, 0, 0, ws);
        const want = new Float64Array(g.R * g.F);
        const mag = new Float64Array(g.R * g.F);
        conv2dGemmRef(-1, 0, g.R, g.F, g.K, c.x, 0, 0, ...g.patch, c.w, g.F, 0, want, g.F, c.bias, 0);
        conv2dGemmRef(-1, 0, g.R, g.F, g.K, abs(c.x), 0, 0, ...g.patch, abs(c.w), g.F, 0, mag, g.F, abs(c.bias), 0);
        assertBound(get(m, y, g.R * g.F), want, mag, g.K + 1, `${build} forward [${a}]`);
        m.exports.conv2dGemm(-1, 1, g.K, g.F, g.R, p.x, 0, 0, ...g.patch, p.dz, g.F, 1, p.dw0, g.F, 0, 0, 0, ws);
        const dw = Float64Array.from(c.dw0);
        const dwMag = abs(c.dw0);
        conv2dGemmRef(-1, 1, g.K, g.F, g.R, c.x, 0, 0, ...g.patch, c.dz, g.F, 1, dw, g.F, null, 0);
        conv2dGemmRef(-1, 1, g.K, g.F, g.R, abs(c.x), 0, 0, ...g.patch, abs(c.dz), g.F, 1, dwMag, g.F, null, 0);
        assertBound(get(m, p.dw0, g.K * g.F), dw, dwMag, g.R + 1, `${build} dKernel [${a}]`);
        m.arena.free(y);
      });
    }
  }
});

test.run();
