// The depthwise convolution kernels (assembly/kernels/depthwise.ts) split across the thread pool.
//   depthwiseConv2dForward, depthwiseConv2dBackwardInput: by samples. Each sample's y (written) or
//     dx (added to) depends on that sample alone, so part p runs the export on samples [b0, b1) with
//     x/y (or dy/dx) shifted to sample b0 and B = b1 - b0: bit-identical to one call.
//   depthwiseConv2dBackwardFilter: by input channels. dw and db are sums over every sample and
//     pixel; cutting the batch would change their summation order, so part p takes the channels
//     [c0, c1) (the export's last two arguments) over the whole batch instead, and every element
//     is summed in the same order as in one call: bit-identical too. Cuts fall on multiples of 4
//     channels where C allows it (SIMD-width blocks; lanes and the scalar tail compute the same f32
//     mul and add, so this is for speed, not for identity).
// Below pool.minWork multiply-adds (B·OH·OW·KH·KW·C·DM, as sgemm's M·N·K threshold) the call stays
// on the calling thread; above it the pool's policy (policy.ts) decides per call from the measured
// time of this shape's calls split and unsplit. Arguments are fixed parameters (no rest arguments):
// a call allocates nothing.
import type { ThreadPool } from './pool.js';
import { KIND_DEPTHWISE } from './policy.js';

type Kernel = (...a: number[]) => number;

/** The depthwise exports split here, in the order their indices are looked up in POOL_EXPORTS. */
export const DEPTHWISE_EXPORTS = ['depthwiseConv2dForward', 'depthwiseConv2dBackwardInput', 'depthwiseConv2dBackwardFilter'] as const;

const work = (B: number, C: number, DM: number, KH: number, KW: number, OH: number, OW: number) => B * OH * OW * KH * KW * C * DM;

/**
 * A by-samples split of depthwiseConv2dForward (inAt 0 = x, outAt 3 = y, B at 4) or
 * depthwiseConv2dBackwardInput (inAt 0 = dy [B,OH,OW,O], outAt 2 = dx [B,H,W,C], B at 3).
 */
function bySamples(pool: ThreadPool, kernel: Kernel, fnIndex: number, forward: boolean): Kernel {
  const bAt = forward ? 4 : 3;
  const arity = bAt + 15;
  const a = new Float64Array(20);
  return function depthwiseBySamples(
    a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number, a8: number, a9: number,
    a10: number, a11: number, a12: number, a13: number, a14: number, a15: number, a16: number, a17: number, a18: number,
  ): number {
    a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3; a[4] = a4; a[5] = a5; a[6] = a6; a[7] = a7; a[8] = a8; a[9] = a9; // prettier-ignore
    a[10] = a10; a[11] = a11; a[12] = a12; a[13] = a13; a[14] = a14; a[15] = a15; a[16] = a16; a[17] = a17; a[18] = a18; // prettier-ignore
    const g = bAt + 1; // H, W, C, DM, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW follow B
    const B = a[bAt], H = a[g], W = a[g + 1], C = a[g + 2], DM = a[g + 3], KH = a[g + 4], KW = a[g + 5], OH = a[g + 12], OW = a[g + 13];
    const parts = Math.min(pool.threads, B);
    if (parts < 2 || work(B, C, DM, KH, KW, OH, OW) < pool.minWork) return kernel(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18);
    const policy = pool.policy;
    if (!policy.begin(KIND_DEPTHWISE + 4 * fnIndex, B, H * W * C, work(B, C, DM, KH, KW, OH, OW))) {
      const r = kernel(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18);
      policy.end();
      return r;
    }
    // Bytes per sample of the buffer read (x or dy) and the one written (y or dx).
    const inStep = 4 * (forward ? H * W * C : OH * OW * C * DM);
    const outStep = 4 * (forward ? OH * OW * C * DM : H * W * C);
    const inAt = 0, outAt = forward ? 3 : 2;
    const f64 = pool.args;
    for (let p = 1; p < parts; p++) {
      const b0 = Math.floor((p * B) / parts), b1 = Math.floor(((p + 1) * B) / parts);
      const o = pool.argsIndex(p);
      for (let i = 0; i < arity; i++) f64[o + i] = a[i];
      f64[o + inAt] = a[inAt] + b0 * inStep;
      f64[o + outAt] = a[outAt] + b0 * outStep;
      f64[o + bAt] = b1 - b0;
    }
    pool.post(parts, fnIndex, arity);
    let r: number;
    try {
      a[bAt] = Math.floor(B / parts);
      r = kernel(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18]);
    } finally {
      pool.join(); // even after a trap here: the workers' parts must end before anyone reads the buffers
    }
    policy.end();
    return r;
  };
}

/** A by-channels split of depthwiseConv2dBackwardFilter (c0, c1 are its arguments 19 and 20). */
function byChannels(pool: ThreadPool, kernel: Kernel, fnIndex: number): Kernel {
  const arity = 21;
  const a = new Float64Array(21);
  return function depthwiseByChannels(
    a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number, a8: number, a9: number, a10: number,
    a11: number, a12: number, a13: number, a14: number, a15: number, a16: number, a17: number, a18: number, a19: number, a20: number,
  ): number {
    const B = a4, C = a7, DM = a8, KH = a9, KW = a10, OH = a17, OW = a18;
    const c0 = a19, c1 = a20;
    const n = c1 - c0;
    // Blocks of 4 channels when there are enough of them, else single channels.
    const unit = n >= 4 * pool.threads ? 4 : 1;
    const blocks = Math.ceil(n / unit);
    const parts = Math.min(pool.threads, blocks);
    if (parts < 2 || work(B, n, DM, KH, KW, OH, OW) < pool.minWork) return kernel(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20);
    const policy = pool.policy;
    if (!policy.begin(KIND_DEPTHWISE + 4 * fnIndex, B, c0 * 65536 + n, work(B, n, DM, KH, KW, OH, OW))) {
      const r = kernel(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20);
      policy.end();
      return r;
    }
    a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3; a[4] = a4; a[5] = a5; a[6] = a6; a[7] = a7; a[8] = a8; a[9] = a9; a[10] = a10; // prettier-ignore
    a[11] = a11; a[12] = a12; a[13] = a13; a[14] = a14; a[15] = a15; a[16] = a16; a[17] = a17; a[18] = a18; // prettier-ignore
    const cut = (p: number) => (p === parts ? c1 : c0 + Math.floor((p * blocks) / parts) * unit);
    const f64 = pool.args;
    for (let p = 1; p < parts; p++) {
      const o = pool.argsIndex(p);
      for (let i = 0; i < 19; i++) f64[o + i] = a[i];
      f64[o + 19] = cut(p);
      f64[o + 20] = cut(p + 1);
    }
    pool.post(parts, fnIndex, arity);
    let r: number;
    try {
      r = kernel(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], c0, cut(1));
    } finally {
      pool.join();
    }
    policy.end();
    return r;
  };
}

/** The split versions of DEPTHWISE_EXPORTS; `index(name)`: the export's index in the pool's list. */
export function parallelDepthwise(pool: ThreadPool, raw: Record<string, Kernel>, index: (name: string) => number): Record<string, Kernel> {
  return {
    depthwiseConv2dForward: bySamples(pool, raw.depthwiseConv2dForward, index('depthwiseConv2dForward'), true),
    depthwiseConv2dBackwardInput: bySamples(pool, raw.depthwiseConv2dBackwardInput, index('depthwiseConv2dBackwardInput'), false),
    depthwiseConv2dBackwardFilter: byChannels(pool, raw.depthwiseConv2dBackwardFilter, index('depthwiseConv2dBackwardFilter')),
  };
}
