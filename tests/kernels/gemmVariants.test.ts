// Every GEMM variant of every build (bindings/gemmVariants.ts: register tile x cache blocking) against
// the float64 reference with the rigorous bound of gemm.test.ts, on shapes that hit each tile's
// edges: sizes 1, 3, 4k+1, 13, 17 (MR = 2..6, NR = 8, 12, 16 never divide them all), cache-block
// edges (M > MC, N > NC, K > KC), every transpose mode, alpha/beta, bias, relu, padded strides.
// Then: the dispatch (selection per shape class, unknown variants fall back to 4x8), and determinism
// per variant (the same call twice gives the same bits).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gemmVariants, GEMM_TILES, GEMM_CLASSES } from '../../bindings/gemmVariants.js';
import { gemmWorkspace } from '../../bindings/gemm.js';
import { Rng } from '../../src/rng.js';
import { check, MODES, ALPHA_BETA, PADS, type Case } from './gemmHelpers.js';
import { moduleFor, testBuilds, randomArray, put, get } from '../helpers.js';

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 5, 7], [13, 17, 9], [17, 13, 33], [6, 24, 4], [25, 49, 65], [7, 3, 129],
  [130, 37, 11], // M > MC? no: 130 > 120 = MC of b0, one edge block of 10 rows
  [250, 20, 200], // M > 240 = MC of b1, one K slice
  [31, 19, 600], // K > 2 x KC = 256: three slices
  [9, 530, 270], // N > NC of both blockings, K > KC = 256 of b0
];

function cases(): Case[] {
  const out: Case[] = [];
  let i = 0;
  for (const [M, N, K] of SHAPES) {
    for (const [tA, tB] of MODES) {
      const [alpha, beta] = ALPHA_BETA[i % ALPHA_BETA.length];
      out.push({ tA, tB, M, N, K, alpha, beta, pad: PADS[i % PADS.length], bias: i % 2 === 0, relu: (i >> 1) % 2 === 0 });
      i++;
    }
  }
  return out;
}

test('every variant of every build matches the float64 reference on awkward shapes', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const variants = gemmVariants(build);
    const count = m.exports.gemmVariantCount();
    assert.is(count & 255, GEMM_TILES.filter((t) => build === 'relaxed' || !t.relaxedOnly).length, `${build}: tiles in the wasm build`);
    for (const v of variants) {
      const tile = m.exports.gemmTile(v.code);
      assert.equal([tile & 255, tile >> 8], [v.tile.mr, v.tile.nr], `${build} ${v.key}: tile`);
      const rng = new Rng(11 + v.code);
      for (const c of cases()) check(m, c, rng, v.code);
    }
  }
});

test('the selection picks the variant per shape class; a variant the build lacks runs as 4x8', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const x = m.exports;
    const shapes: Record<string, [number, number, number, number, number]> = {
      NN: [0, 0, 128, 512, 784], NT: [0, 1, 128, 784, 512], TN: [1, 0, 512, 512, 512], TT: [1, 1, 300, 300, 300],
      narrowN: [0, 0, 128, 10, 512], smallK: [1, 0, 784, 512, 128],
    };
    GEMM_CLASSES.forEach((name, cls) => assert.is(x.gemmClass(...shapes[name]), cls, `${name} class`));
    const variants = gemmVariants(build);
    try {
      GEMM_CLASSES.forEach((_, cls) => x.gemmSetSelection(cls, variants[(cls + 1) % variants.length].code));
      GEMM_CLASSES.forEach((name, cls) => assert.is(x.gemmChoose(...shapes[name]), variants[(cls + 1) % variants.length].code, `${build} ${name}`));
      x.gemmSetSelection(0, 15 | (9 << 4)); // no such tile or blocking
      assert.is(x.gemmChoose(...shapes.NN), 0, 'unknown variant -> 4x8.b0');
      if (build !== 'relaxed') {
        x.gemmSetSelection(0, 4); // 6x8: relaxed builds only
        assert.is(x.gemmChoose(...shapes.NN), 0, '6x8 in a plain build -> 4x8');
      }
    } finally {
      GEMM_CLASSES.forEach((_, cls) => x.gemmSetSelection(cls, 0));
    }
  }
});

test('each variant is deterministic, and sgemm runs exactly the selected one (same bits)', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(12);
    const [M, N, K] = [67, 75, 300];
    const pa = put(m, randomArray(rng, M * K)), pb = put(m, randomArray(rng, K * N));
    const pc = m.arena.alloc(M * N * 4);
    const ws = gemmWorkspace(m);
    const run = (v: number | null) => {
      if (v === null) m.exports.sgemm(0, 0, M, N, K, 1, pa, K, pb, N, 0, pc, N, 0, 0, 0, ws);
      else m.exports.sgemmVariant(v, 0, 0, M, N, K, 1, pa, K, pb, N, 0, pc, N, 0, 0, 0, ws);
      return new Uint32Array(get(m, pc, M * N).buffer);
    };
    try {
      for (const v of gemmVariants(build)) {
        const first = run(v.code);
        assert.equal(run(v.code), first, `${build} ${v.key}: twice the same bits`);
        m.exports.gemmSetSelection(0, v.code);
        assert.equal(run(null), first, `${build} ${v.key}: sgemm with it selected`);
      }
    } finally {
      m.exports.gemmSetSelection(0, 0);
      for (const p of [pa, pb, pc]) m.arena.free(p);
    }
  }
});

test('every variant gives the same bits as 4x8.b0: one KC, so one summation order (a seeded search repeats whichever variant the probe picks)', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(13);
    const ws = gemmWorkspace(m);
    for (const [M, N, K] of [[250, 20, 600], [9, 530, 270], [130, 37, 513]] as [number, number, number][]) {
      for (const [tA, tB] of MODES) {
        const pa = put(m, randomArray(rng, M * K)), pb = put(m, randomArray(rng, K * N));
        const pc = m.arena.alloc(M * N * 4);
        const lda = tA ? M : K, ldb = tB ? K : N;
        const run = (v: number) => {
          m.exports.sgemmVariant(v, tA, tB, M, N, K, 1, pa, lda, pb, ldb, 0, pc, N, 0, 0, 0, ws);
          return Array.from(new Uint32Array(get(m, pc, M * N).buffer));
        };
        try {
          const base = run(0);
          for (const v of gemmVariants(build)) assert.equal(run(v.code), base, `${build} ${v.key} ${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} ${M}x${N}x${K}`);
        } finally {
          for (const p of [pa, pb, pc]) m.arena.free(p);
        }
      }
    }
  }
});

test.run();
