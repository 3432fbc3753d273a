// The split sgemm of a threaded module (bindings/threads/gemm.ts) against the single-thread module of
// the same build, bit for bit: with 1, 2 and 4 threads (4 is more workers than this machine's cores,
// which shakes out races), every transpose mode, alpha/beta/bias/activation epilogues, both split
// directions (N >= M splits columns, M > N rows), sizes that are not multiples of the register tile,
// strided (padded) operands, shapes below the split threshold, and every GEMM variant selected. The
// cuts fall on tile boundaries, so no element's arithmetic changes: the comparison is exact.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantiate, type WasmModule } from '../../bindings/loader.js';
import { instantiateThreaded } from '../../bindings/threads/instantiate.js';
import { MIN_WORK } from '../../bindings/threads/gemm.js';
import { ACTIVATION_CODES } from '../../bindings/codes.js';
import { gemmVariants, GEMM_CLASSES } from '../../bindings/gemmVariants.js';
import { Rng } from '../../src/rng.js';
import { randomArray, testBuilds } from '../helpers.js';

interface Case {
  tA: number; tB: number; M: number; N: number; K: number; alpha: number; beta: number;
  bias: boolean; act: keyof typeof ACTIVATION_CODES; pad: number;
}

const CASES: Case[] = [];
const SHAPES: [number, number, number][] = [
  [128, 512, 784], // MLP forward: split N
  [784, 512, 128], // dW = Xᵀ·dY: split M
  [128, 784, 512], // dX = dY·Wᵀ: split N
  [203, 131, 97], // M > N, neither a tile multiple
  [61, 509, 130], // N > M, N % 8 = 5
  [300, 9, 1000], // N < one tile per thread: split M
  [5, 3000, 200], // M = 5 (< 2 tiles of rows), split N
  [40, 40, 40], // below the threshold: stays on the caller
];
SHAPES.forEach(([M, N, K], i) => {
  const [tA, tB] = [[0, 0], [1, 0], [0, 1], [1, 1]][i % 4];
  const acts = ['linear', 'relu', 'tanh', 'gelu'] as const;
  CASES.push({ tA, tB, M, N, K, alpha: 1, beta: 0, bias: i % 2 === 0, act: acts[i % 4], pad: 0 });
  CASES.push({ tA: 1 - tA, tB: 1 - tB, M, N, K, alpha: -0.5, beta: 1.5, bias: i % 2 === 1, act: acts[(i + 1) % 4], pad: 3 });
});

/** C (with its ldc padding) after one sgemm call on module m; inputs from a seeded generator. */
function run(m: WasmModule, c: Case): Uint32Array {
  const { tA, tB, M, N, K, pad } = c;
  const [aRows, aCols] = tA ? [K, M] : [M, K];
  const [bRows, bCols] = tB ? [N, K] : [K, N];
  const [lda, ldb, ldc] = [aCols + pad, bCols + pad, N + pad];
  const rng = new Rng(M * 7 + N * 13 + K);
  const mark = m.arena.bytesReserved;
  const a = m.arena.alloc(aRows * lda * 4);
  const b = m.arena.alloc(bRows * ldb * 4);
  const cp = m.arena.alloc(M * ldc * 4);
  const bias = m.arena.alloc(N * 4);
  const ws = m.arena.alloc(m.exports.gemmWorkspaceBytes());
  m.arena.f32(a, aRows * lda).set(randomArray(rng, aRows * lda));
  m.arena.f32(b, bRows * ldb).set(randomArray(rng, bRows * ldb));
  m.arena.f32(cp, M * ldc).set(randomArray(rng, M * ldc));
  m.arena.f32(bias, N).set(randomArray(rng, N));
  m.exports.sgemm(tA, tB, M, N, K, c.alpha, a, lda, b, ldb, c.beta, cp, ldc, c.bias ? bias : 0, ACTIVATION_CODES[c.act], 0.01, ws);
  const out = new Uint32Array(m.memory.buffer, cp, M * ldc).slice();
  for (const p of [a, b, cp, bias, ws]) m.arena.free(p);
  assert.is(m.arena.bytesReserved, mark, 'the test returns its blocks');
  return out;
}

function firstDiff(x: Uint32Array, y: Uint32Array): string {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return `first difference at [${i}]: bits ${x[i].toString(16)} vs ${y[i].toString(16)}`;
  return 'equal';
}

const builds = (await testBuilds()).filter((b): b is 'relaxed' | 'plain' => b !== 'debug');

for (const build of builds) {
  for (const threads of [1, 2, 4]) {
    test(`${build} with ${threads} thread(s): sgemm is bit-identical to the single-thread module`, async () => {
      const single = await instantiate(build);
      const m = await instantiateThreaded(build, threads);
      // Every call above the floor splits: the adaptive policy (policy.ts) may back off on a busy machine.
      m.pool!.policy.adaptive = false;
      try {
        assert.is(m.pool!.threads, threads);
        for (const c of CASES) {
          const want = run(single, c);
          const got = run(m, c);
          const label = `${c.tA ? 'T' : 'N'}${c.tB ? 'T' : 'N'} ${c.M}x${c.N}x${c.K} alpha ${c.alpha} beta ${c.beta} bias ${c.bias} ${c.act}`;
          assert.ok(want.every((v, i) => v === got[i]), `${label}: ${firstDiff(want, got)}`);
        }
      } finally {
        m.pool!.dispose();
      }
    });
  }
}

// Selection: every class set to one variant in both modules. The split cuts on that variant's tile
// (MR 2..6, NR 8..16) and every part runs it (sgemmVariant), so the bits must still match one thread.
for (const build of builds) {
  test(`${build} with 2 threads: every variant selected gives the single-thread bits`, async () => {
    const single = await instantiate(build);
    const m = await instantiateThreaded(build, 2);
    try {
      for (const v of gemmVariants(build).filter((v) => v.code !== 0)) {
        GEMM_CLASSES.forEach((_, cls) => {
          single.exports.gemmSetSelection(cls, v.code);
          m.exports.gemmSetSelection(cls, v.code);
        });
        for (const c of CASES.filter((_, i) => i % 3 === 0)) {
          const want = run(single, c);
          const got = run(m, c);
          assert.ok(want.every((x, i) => x === got[i]), `${v.key} ${c.tA ? 'T' : 'N'}${c.tB ? 'T' : 'N'} ${c.M}x${c.N}x${c.K}: ${firstDiff(want, got)}`);
        }
      }
    } finally {
      m.pool!.dispose();
    }
  });
}

test('the split threshold: the shapes above are on both sides of it', () => {
  const work = SHAPES.map(([M, N, K]) => M * N * K);
  assert.ok(work.some((w) => w < MIN_WORK) && work.some((w) => w >= MIN_WORK), `work ${work} against MIN_WORK ${MIN_WORK}`);
});

test.run();
