// conv2dGemm (implicit im2col, assembly/kernels/convGemm.ts) split across the thread pool, the way
// sgemm is split (gemm.ts: the same rule, the same reasons it is bit-identical to one thread): the
// caller chooses the variant for the full shape, every thread runs it on a block of whole register
// tiles of C, the larger of M and N is split. Splitting M shifts op(P): forward rows by r0 (transA 0),
// dKernel's kernel rows by k0 (transA 1), and C by those rows; splitting N shifts B's columns, C's
// and the bias. MIN_WORK and the policy are sgemm's (a conv GEMM is a GEMM to the pool).
import type { ThreadPool } from './pool.js';
import { KIND_GEMM } from './policy.js';

type Kernel = (...a: number[]) => number;

// Argument positions in conv2dGemm's signature (bindings/specs/conv.ts).
const TRANS_A = 1, M_ = 2, N_ = 3, R0 = 6, K0 = 7, B_ = 20, C_ = 23, LDC = 24, BIAS = 25, WS = 28;
const ARITY = 29;

/** The conv2dGemm export wrapped to split across `pool` (same signature); fnIndex: its pool index. */
export function parallelConvGemm(pool: ThreadPool, raw: Record<string, Kernel>, fnIndex: number): Kernel {
  const { conv2dGemm, gemmChoose, gemmTile } = raw;
  // Preallocated: the call's arguments and one part's (no allocation per call: a step makes several).
  const a = new Array<number>(ARITY).fill(0);
  const part = new Array<number>(ARITY).fill(0);
  return function conv2dGemmThreaded(
    variant: number, transA: number, M: number, N: number, K: number, x: number, r0: number, k0: number,
    H: number, W: number, C: number, KW: number, SH: number, SW: number, DH: number, DW: number, PT: number, PL: number, OH: number, OW: number,
    b: number, ldb: number, beta: number, c: number, ldc: number, bias: number, act: number, actParam: number, ws: number,
  ): number {
    if (pool.threads < 2 || M * N * K < pool.minWork) return conv2dGemm(variant, transA, M, N, K, x, r0, k0, H, W, C, KW, SH, SW, DH, DW, PT, PL, OH, OW, b, ldb, beta, c, ldc, bias, act, actParam, ws);
    const v = variant < 0 ? gemmChoose(transA, 0, M, N, K) : variant;
    const mrnr = gemmTile(v);
    const splitN = N >= M;
    const tile = splitN ? mrnr >> 8 : mrnr & 255;
    const dim = splitN ? N : M;
    const tiles = Math.ceil(dim / tile);
    const n = Math.min(pool.threads, tiles);
    const policy = pool.policy;
    if (n < 2 || !policy.begin(KIND_GEMM + 4 * (8 + transA), M, N, K)) {
      conv2dGemm(variant, transA, M, N, K, x, r0, k0, H, W, C, KW, SH, SW, DH, DW, PT, PL, OH, OW, b, ldb, beta, c, ldc, bias, act, actParam, ws);
      if (n >= 2) policy.end();
      return 0;
    }
    a[0] = v; a[1] = transA; a[2] = M; a[3] = N; a[4] = K; a[5] = x; a[6] = r0; a[7] = k0;
    a[8] = H; a[9] = W; a[10] = C; a[11] = KW; a[12] = SH; a[13] = SW; a[14] = DH; a[15] = DW; a[16] = PT; a[17] = PL; a[18] = OH; a[19] = OW;
    a[20] = b; a[21] = ldb; a[22] = beta; a[23] = c; a[24] = ldc; a[25] = bias; a[26] = act; a[27] = actParam; a[28] = ws;
    const f64 = pool.args;
    let first = 0;
    for (let p = 1; p <= n; p++) {
      const end = p === n ? dim : Math.floor((p * tiles) / n) * tile;
      if (p === 1) {
        first = end;
        continue;
      }
      narrow(a, part, splitN, Math.floor(((p - 1) * tiles) / n) * tile, end);
      part[WS] = pool.workspaces[p - 2];
      f64.set(part, pool.argsIndex(p - 1));
    }
    pool.post(n, fnIndex, ARITY);
    try {
      narrow(a, part, splitN, 0, first);
      conv2dGemm.apply(null, part);
    } finally {
      pool.join(); // even after a trap here: the workers' parts must end before anyone reuses C
    }
    policy.end();
    return 0;
  };
}

/** part = the call's arguments a narrowed to rows or columns [start, end) of C. */
function narrow(a: number[], part: number[], splitN: boolean, start: number, end: number): void {
  for (let i = 0; i < ARITY; i++) part[i] = a[i];
  if (splitN) {
    part[N_] = end - start;
    part[B_] += 4 * start; // B is [K, ldb], not transposed: one column is one float
    part[C_] += 4 * start;
    if (part[BIAS]) part[BIAS] += 4 * start;
  } else {
    part[M_] = end - start;
    if (part[TRANS_A]) part[K0] += start;
    else part[R0] += start;
    part[C_] += 4 * start * part[LDC];
  }
}
