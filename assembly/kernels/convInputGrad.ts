// conv2d's input gradient, dx += col2im(dz · kernelᵀ), as one call over the batch: the NT GEMM that
// gives the patch-matrix gradient dCol and the col2im scatter-add of it, a block of rows at a time.
// Each block's dCol (rb rows x K, K = KH*KW*C) is written to col and scattered at once, while it is
// still in cache (a block is at most ~128 KB for the layer's choice of rb: src/layers/conv2d.ts).
// Why one call: conv2d used to make one sgemm call and one col2im call per sample chunk (one sample
// of mnist_cnn conv 2: 576 x 288 x 64, 0.5 ms), so the thread pool split 128 small GEMMs a step,
// each paying a worker's wake-up, and ran col2im on the calling thread only: 2 threads took 0.79 of
// one thread's time there (2026-12-04, AMD EPYC, 2 vCPUs, bench/cnnPhases.bench.ts). Here the pool
// splits by whole samples instead (bindings/threads/convInputGrad.ts: each part its own samples, its
// own col block and packing workspace; no two parts write the same dx pixel).
// Blocks never cross a sample boundary unless they hold whole samples: with rb >= OH*OW a block is
// floor(rb / (OH*OW)) whole samples (small images), otherwise each sample is cut into blocks of rb
// rows from its first row. So the blocks, and every GEMM call, are the same whether the batch is
// processed in one call or cut at multiples of samplesPerBlock samples: a split is bit-identical.
import { sgemmVariant } from './gemm';
import { gemmChoose } from './gemmVariants';
import { col2imRows } from './im2col';

/** Samples per block for rows-per-block rb (1 when a block is part of a sample). */
// @ts-ignore: decorator
@inline function samplesPerBlock(rb: i32, ohw: i32): i32 {
  return rb >= ohw ? rb / ohw : 1;
}

/**
 * dx[B,H,W,C] += col2im(dz[B*OH*OW, F] · w[KH*KW*C, F]ᵀ), rb rows of dCol at a time through col
 * (rb x KH*KW*C floats). variant < 0: the variant this instance selected for one block's GEMM
 * (gemmChoose(0, 1, block rows, K, F)); otherwise that variant for every block. `regions`: how many
 * blocks col holds (the thread pool gives each part its own; one call uses the first).
 */
export function conv2dInputGrad(
  variant: i32, rb: i32, regions: i32, dz: usize, w: usize, F: i32, col: usize, dx: usize,
  B: i32, H: i32, W: i32, C: i32, KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32, OH: i32, OW: i32,
  ws: usize,
): void {
  assert(rb >= 1 && regions >= 1, 'conv2dInputGrad: rb and regions must be >= 1');
  const K = KH * KW * C;
  const ohw = OH * OW;
  const sb = samplesPerBlock(rb, ohw);
  const blockRows = rb >= ohw ? sb * ohw : rb;
  const v = variant < 0 ? gemmChoose(0, 1, blockRows, K, F) : variant;
  for (let b = 0; b < B; b += sb) {
    const r0 = b * ohw;
    const rows = min(sb, B - b) * ohw;
    for (let r = 0; r < rows; r += blockRows) {
      const n = min(blockRows, rows - r);
      sgemmVariant(v, 0, 1, n, K, F, 1, dz + <usize>(r0 + r) * <usize>F * 4, F, w, F, 0, col, K, 0, 0, 0, ws);
      col2imRows(col, dx, r0 + r, n, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
    }
  }
}
