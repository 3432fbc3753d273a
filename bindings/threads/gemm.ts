// sgemm split across the thread pool. The calling instance chooses the variant for the full shape
// (gemmChoose: its selection, bindings/gemmSelect.ts); every thread then runs that variant
// (sgemmVariant: worker instances have their own globals and no selection) on a block of whole
// register tiles of C: columns [j0, j1) (split N, j0 a multiple of the tile's NR) or rows [i0, i1)
// (split M, i0 a multiple of MR), on shifted pointers with its own packing workspace. The larger of
// M and N is split, so the operand every thread packs again in full is the smaller one.
// Bitwise identical to one thread with the same selection: every C element sees the same K slices
// (they depend on K and the variant), the same micro-kernel and the same epilogue (a tile is an edge
// tile in both or in neither, since the cuts fall on tile boundaries and NC blocks hold whole
// panels), and activations are elementwise. Tests check it.
// Below MIN_WORK multiply-adds (M·N·K) the call stays on the calling thread. A handoff to a polling
// worker costs under 1 µs, to a sleeping one 35-60 µs (pool.ts); bench/threads.bench.ts measured a
// forced split on polling workers at 1.6x for 48³, 1.8x for 64³ and 1.3x for 32³ (2026-11-27, 2 vCPU
// EPYC). 64³ keeps the caller's own part above ~5 µs, so a cold worker costs little more than it.
// Above MIN_WORK the pool's policy (policy.ts) decides per call, from the measured time of this shape's
// calls split and unsplit; the selection of the variant is the same either way.
import type { ThreadPool } from './pool.js';
import { KIND_GEMM } from './policy.js';

type Sgemm = (...a: number[]) => number;
type Exports = Record<string, Sgemm>;

/** Default work (M·N·K) below which sgemm runs on one thread (pool.minWork). Measured: bench/threads.bench.ts. */
export const MIN_WORK = 1 << 18;

/** The sgemm export wrapped to split across `pool` (same signature as the export); fnIndex: sgemmVariant's pool index. */
export function parallelSgemm(pool: ThreadPool, raw: Exports, fnIndex: number): Sgemm {
  const { sgemm, sgemmVariant, gemmChoose, gemmTile } = raw;
  return function sgemmThreaded(
    transA: number, transB: number, M: number, N: number, K: number, alpha: number, a: number, lda: number, b: number, ldb: number,
    beta: number, c: number, ldc: number, bias: number, act: number, actParam: number, ws: number,
  ): number {
    const threads = pool.threads;
    if (threads < 2 || M * N * K < pool.minWork) return sgemm(transA, transB, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc, bias, act, actParam, ws);
    const variant = gemmChoose(transA, transB, M, N, K);
    const mrnr = gemmTile(variant);
    const splitN = N >= M;
    const tile = splitN ? mrnr >> 8 : mrnr & 255;
    const tiles = Math.ceil((splitN ? N : M) / tile);
    const parts = Math.min(threads, tiles);
    if (parts < 2) return sgemm(transA, transB, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc, bias, act, actParam, ws);
    const policy = pool.policy;
    if (!policy.begin(KIND_GEMM + 4 * (2 * transA + transB), M, N, K)) {
      const r = sgemm(transA, transB, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc, bias, act, actParam, ws);
      policy.end();
      return r;
    }
    const dim = splitN ? N : M;
    // Byte steps of one row/column of the split dimension in A or B, C and bias.
    const stepAB = splitN ? (transB ? ldb : 1) * 4 : (transA ? 1 : lda) * 4;
    const stepC = splitN ? 4 : ldc * 4;
    const f64 = pool.args;
    const ws0 = ws;
    let first = 0;
    for (let p = 1; p <= parts; p++) {
      const end = p === parts ? dim : Math.floor((p * tiles) / parts) * tile;
      if (p === 1) {
        first = end;
        continue;
      }
      const start = Math.floor(((p - 1) * tiles) / parts) * tile;
      const o = pool.argsIndex(p - 1) + 1;
      f64[o - 1] = variant;
      f64[o] = transA;
      f64[o + 1] = transB;
      f64[o + 2] = splitN ? M : end - start;
      f64[o + 3] = splitN ? end - start : N;
      f64[o + 4] = K;
      f64[o + 5] = alpha;
      f64[o + 6] = splitN ? a : a + start * stepAB;
      f64[o + 7] = lda;
      f64[o + 8] = splitN ? b + start * stepAB : b;
      f64[o + 9] = ldb;
      f64[o + 10] = beta;
      f64[o + 11] = c + start * stepC;
      f64[o + 12] = ldc;
      f64[o + 13] = bias && splitN ? bias + start * 4 : bias;
      f64[o + 14] = act;
      f64[o + 15] = actParam;
      f64[o + 16] = pool.workspaces[p - 2];
    }
    pool.post(parts, fnIndex, 18);
    // Part 0 on this thread, with the caller's workspace.
    try {
      if (splitN) sgemmVariant(variant, transA, transB, M, first, K, alpha, a, lda, b, ldb, beta, c, ldc, bias, act, actParam, ws0);
      else sgemmVariant(variant, transA, transB, first, N, K, alpha, a, lda, b, ldb, beta, c, ldc, bias, act, actParam, ws0);
    } finally {
      pool.join(); // even after a trap here: the workers' parts must end before anyone reuses C
    }
    policy.end();
    return 0;
  };
}
