// GEMM variants and their selection. A variant is a register tile (gen/gemmTiles.ts) and a cache
// blocking, encoded as one i32: tile | blocking << 4. Which one runs depends on the CPU (PLATFORM.md:
// 4x8 mul+add ran 31 GFLOP/s, 6x8 relaxed_madd 43-47 on one Zen3; the best tile differs between
// engines and CPUs), so the host measures them (bindings/gemmSelect.ts, at ready()) and stores one
// variant per shape class in this instance's selection. Globals are per instance: a threads build's
// workers never read it; the split passes the variant explicitly (sgemmVariant).
// Dispatch rule: class = narrowN (N <= 16) | smallK (K <= 192) | NN | NT | TN | TT, tested in that
// order; variant = selection[class]; a variant this build lacks (6x8 in plain) runs as 4x8.
import { tile4x8, tile4x8s, tile3x12, tile2x16, tile6x8, tile6x8s, tile5x8 } from './gen/gemmTiles';
import { tile4x8p, tile4x8sp, tile3x12p, tile2x16p, tile6x8p, tile6x8sp, tile5x8p } from './gen/gemmTiles';
import { tile4x8t, tile4x8st, tile3x12t, tile2x16t } from './gen/gemmTiles';

// Tiles, in the order of gen/gemmTiles.ts and bindings/gemmVariants.ts. 6x8 and 5x8 hold 12 / 10
// accumulators plus their operands: they fit V8's x64 registers only with a fused madd (no temporary
// per product; with mul+add they spilled and ran 2x slower), so only the relaxed builds contain them.
export const T4X8: i32 = 0;
const T4X8S: i32 = 1;
const T3X12: i32 = 2;
const T2X16: i32 = 3;
const T6X8: i32 = 4;
const T6X8S: i32 = 5;
const T5X8: i32 = 6;
const TILES: i32 = ASC_FEATURE_RELAXED_SIMD ? 7 : 4;
/** Largest MR x NR over the tiles (the edge tile's scratch). */
export const TILE_FLOATS: i32 = 48;

// Cache blockings MC x KC x NC. MC is a multiple of every MR (2..6), KC of 4 (the packer's
// transpose width); NC is rounded down to a multiple of NR per call. B0: a KC x NR panel of B (8 KB)
// stays in L1 while MC/MR panels of A (120 KB) stream from L2 and the KC x NC block of B (512 KB) is
// reused for every MC block of rows (PLATFORM.md: within +-5% over nearby sizes). B1, for small K
// (dW = Xᵀ·dY with K = batch): one K slice anyway, so the A block (MC*K floats) is small; a taller MC
// packs B fewer times per A block and a narrower NC keeps C's row segments fewer per pass.
// Both share KC = 256: KC alone decides where a reduction is cut into slices, so with one KC every
// variant sums each C element in the same order and gives the same bits (tiles and MC/NC only change
// which elements are computed together), and the probe's timing-based choice cannot change results
// between processes (issue 18 item 8: a seeded search repeats bit for bit). B1's K is <= 192 anyway.
const BLOCKINGS: i32 = 2;
// @ts-ignore: decorator
@inline function blockMC(b: i32): i32 { return b == 1 ? 240 : 120; }
// @ts-ignore: decorator
@inline function blockKC(b: i32): i32 { return 256; }
// @ts-ignore: decorator
@inline function blockNC(b: i32): i32 { return b == 1 ? 256 : 512; }
/** Largest MC*KC + KC*NC over the blockings, in floats. */
export const PACK_FLOATS: i32 = 120 * 256 + 256 * 512;

export const CLASS_NARROW_N: i32 = 4;
export const CLASS_SMALL_K: i32 = 5;
const CLASSES: i32 = 6;
const SMALL_K: i32 = 192;
const NARROW_N: i32 = 16;

// One byte per class; 0 = 4x8 with B0, the safe default.
let selection: i64 = 0;

/** Selects `variant` for shape class `cls` in this instance (bindings/gemmSelect.ts). */
export function gemmSetSelection(cls: i32, variant: i32): void {
  if (cls < 0 || cls >= CLASSES) return;
  const shift = <i64>(cls * 8);
  selection = (selection & ~(<i64>0xff << shift)) | (<i64>(variant & 0xff) << shift);
}

/** Shape class of a call (the dispatch rule above). */
export function gemmClass(transA: i32, transB: i32, M: i32, N: i32, K: i32): i32 {
  if (N <= NARROW_N) return CLASS_NARROW_N;
  if (K <= SMALL_K) return CLASS_SMALL_K;
  return (transA ? 2 : 0) | (transB ? 1 : 0);
}

/** The variant this instance runs for a call of that shape (normalised: see gemmVariant). */
export function gemmChoose(transA: i32, transB: i32, M: i32, N: i32, K: i32): i32 {
  return normalise(<i32>((selection >> <i64>(gemmClass(transA, transB, M, N, K) * 8)) & 0xff));
}

/** A variant this build has: unknown tiles become 4x8, unknown blockings B0. */
export function normalise(variant: i32): i32 {
  const t = variant & 15;
  const b = (variant >> 4) & 15;
  return (t < TILES ? t : T4X8) | ((b < BLOCKINGS ? b : 0) << 4);
}

/** Tiles and blockings in this build: tiles | blockings << 8. */
export function gemmVariantCount(): i32 {
  return TILES | (BLOCKINGS << 8);
}

/** MR | NR << 8 of a variant's tile (threads split on tile boundaries). */
export function gemmTile(variant: i32): i32 {
  return tileMR(normalise(variant) & 15) | (tileNR(normalise(variant) & 15) << 8);
}

// @ts-ignore: decorator
@inline export function tileMR(t: i32): i32 {
  return t == T3X12 ? 3 : t == T2X16 ? 2 : t == T6X8 || t == T6X8S ? 6 : t == T5X8 ? 5 : 4;
}

// @ts-ignore: decorator
@inline export function tileNR(t: i32): i32 {
  return t == T3X12 ? 12 : t == T2X16 ? 16 : 8;
}

// @ts-ignore: decorator
@inline export function variantMC(v: i32): i32 { return blockMC(v >> 4); }
// @ts-ignore: decorator
@inline export function variantKC(v: i32): i32 { return blockKC(v >> 4); }
// @ts-ignore: decorator
@inline export function variantNC(v: i32): i32 { return blockNC(v >> 4); }

/** Runs tile t's micro-kernel (arguments as in gen/gemmTiles.ts). */
// @ts-ignore: decorator
@inline export function runTile(t: i32, kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize, alpha: f32, beta: f32, flags: i32, bias: usize): void {
  if (t == T4X8S) tile4x8s(kc, pa, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (t == T3X12) tile3x12(kc, pa, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (t == T2X16) tile2x16(kc, pa, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (ASC_FEATURE_RELAXED_SIMD && t == T6X8) tile6x8(kc, pa, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (ASC_FEATURE_RELAXED_SIMD && t == T6X8S) tile6x8s(kc, pa, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (ASC_FEATURE_RELAXED_SIMD && t == T5X8) tile5x8(kc, pa, pb, c, ldcBytes, alpha, beta, flags, bias);
  else tile4x8(kc, pa, pb, c, ldcBytes, alpha, beta, flags, bias);
}

/** Runs tile t's packing micro-kernel (gen/gemmTiles.ts `...p`): B from src (row stride srcStrideBytes), packed into pb. */
// @ts-ignore: decorator
@inline export function runTilePacking(t: i32, kc: i32, pa: usize, src: usize, srcStrideBytes: usize, pb: usize, c: usize, ldcBytes: usize, alpha: f32, beta: f32, flags: i32, bias: usize): void {
  if (t == T4X8S) tile4x8sp(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (t == T3X12) tile3x12p(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (t == T2X16) tile2x16p(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (ASC_FEATURE_RELAXED_SIMD && t == T6X8) tile6x8p(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (ASC_FEATURE_RELAXED_SIMD && t == T6X8S) tile6x8sp(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (ASC_FEATURE_RELAXED_SIMD && t == T5X8) tile5x8p(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
  else tile4x8p(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
}

/** Whether tile t has a transposing packing micro-kernel (runTileTransposing): the tiles of at most 9 accumulators. */
// @ts-ignore: decorator
@inline export function hasTransposingTile(t: i32): bool {
  return t <= T2X16;
}

/** Runs tile t's transposing packing micro-kernel (gen/gemmTiles.ts `...t`; hasTransposingTile(t)): B(k, j) at src + j*srcStrideBytes + 4k, kc % 4 == 0. */
// @ts-ignore: decorator
@inline export function runTileTransposing(t: i32, kc: i32, pa: usize, src: usize, srcStrideBytes: usize, pb: usize, c: usize, ldcBytes: usize, alpha: f32, beta: f32, flags: i32, bias: usize): void {
  if (t == T4X8S) tile4x8st(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (t == T3X12) tile3x12t(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
  else if (t == T2X16) tile2x16t(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
  else tile4x8t(kc, pa, src, srcStrideBytes, pb, c, ldcBytes, alpha, beta, flags, bias);
}
