// conv2d's input gradient (conv2dInputGrad: assembly/kernels/convInputGrad.ts, dx += col2im(dz·wᵀ) a
// block of rows at a time) split across the thread pool by whole samples: part p takes samples
// [b0, b1), with dz and dx shifted to sample b0, col block p of the layer's col scratch (it holds
// `regions` blocks) and its own packing workspace. A sample's dx pixels are written only by its
// own part, so parts never race. Cuts fall on multiples of the kernel's samples per block, so every
// part makes exactly the GEMM and col2im calls that one call over the batch makes for its samples,
// with the variant the calling instance chose for one block: bit-identical to one thread.
// Why not split the per-block GEMMs instead: a block is ~113 rows (128 KB of dCol), a few tens of µs
// of work, and col2im would stay on one thread (bench/cnnPhases.bench.ts measured the old per-sample
// GEMM split at 0.79 of one thread; mnist_cnn conv 2).
// Below pool.minWork multiply-adds (B·OH·OW·K·F) the call stays on the calling thread; above it the
// pool's policy (policy.ts) decides per call. Fixed parameters, preallocated argument arrays: a call
// allocates nothing.
import type { ThreadPool } from './pool.js';
import { KIND_CONV } from './policy.js';

type Kernel = (...a: number[]) => number;

// Argument positions in conv2dInputGrad's signature (bindings/specs/conv.ts).
const VARIANT = 0, DZ = 3, COL = 6, DX = 7, B_ = 8, WS = 22;
const ARITY = 23;

/** The conv2dInputGrad export wrapped to split across `pool` (same signature); fnIndex: its pool index. */
export function parallelConvInputGrad(pool: ThreadPool, raw: Record<string, Kernel>, fnIndex: number): Kernel {
  const kernel = raw.conv2dInputGrad;
  const gemmChoose = raw.gemmChoose;
  const a = new Array<number>(ARITY).fill(0);
  return function conv2dInputGradThreaded(
    variant: number, rb: number, regions: number, dz: number, w: number, F: number, col: number, dx: number,
    B: number, H: number, W: number, C: number, KH: number, KW: number, SH: number, SW: number, DH: number, DW: number, PT: number, PL: number, OH: number, OW: number,
    ws: number,
  ): number {
    const ohw = OH * OW, K = KH * KW * C;
    const sb = rb >= ohw ? Math.floor(rb / ohw) : 1; // the kernel's samples per block
    const units = Math.ceil(B / sb);
    const parts = Math.min(pool.threads, regions, units);
    if (parts < 2 || B * ohw * K * F < pool.minWork) return kernel(variant, rb, regions, dz, w, F, col, dx, B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW, ws);
    const policy = pool.policy;
    if (!policy.begin(KIND_CONV + 4 * fnIndex, B, ohw * K, F * rb)) {
      kernel(variant, rb, regions, dz, w, F, col, dx, B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW, ws);
      policy.end();
      return 0;
    }
    a[0] = variant < 0 ? gemmChoose(0, 1, rb >= ohw ? sb * ohw : rb, K, F) : variant; // as the kernel chooses it
    a[1] = rb; a[2] = regions; a[3] = dz; a[4] = w; a[5] = F; a[6] = col; a[7] = dx; a[8] = B; a[9] = H; a[10] = W; a[11] = C; // prettier-ignore
    a[12] = KH; a[13] = KW; a[14] = SH; a[15] = SW; a[16] = DH; a[17] = DW; a[18] = PT; a[19] = PL; a[20] = OH; a[21] = OW; a[22] = ws; // prettier-ignore
    const colStep = 4 * (rb >= ohw ? sb * ohw : rb) * K; // bytes of one col block
    const f64 = pool.args;
    for (let p = 1; p < parts; p++) {
      const b0 = Math.floor((p * units) / parts) * sb;
      const b1 = Math.min(B, Math.floor(((p + 1) * units) / parts) * sb);
      const o = pool.argsIndex(p);
      for (let i = 0; i < ARITY; i++) f64[o + i] = a[i];
      f64[o + DZ] = dz + 4 * b0 * ohw * F;
      f64[o + COL] = col + p * colStep;
      f64[o + DX] = dx + 4 * b0 * H * W * C;
      f64[o + B_] = b1 - b0;
      f64[o + WS] = pool.workspaces[p - 1];
    }
    pool.post(parts, fnIndex, ARITY);
    try {
      kernel(a[VARIANT], rb, regions, dz, w, F, col, dx, Math.min(B, Math.floor(units / parts) * sb), H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW, ws);
    } finally {
      pool.join(); // even after a trap here: the workers' parts must end before anyone reads dx
    }
    policy.end();
    return 0;
  };
}
