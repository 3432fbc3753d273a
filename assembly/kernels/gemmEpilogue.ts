// The epilogue of a GEMM register tile: how the accumulated products of one KC slice meet C.
// Shared by every micro-kernel (gen/gemmTiles.ts) and the driver (gemm.ts).
import { madd, atLeast } from '../simd';

// Epilogue flags for one KC slice.
export const FIRST: i32 = 1; // first K slice: C = alpha*acc (+ beta*C); later slices: C += alpha*acc
export const LAST: i32 = 2; // last K slice: add bias, apply the activation
export const BETA: i32 = 4; // beta != 0 (beta = 0 must not read C: it may hold NaN)
export const BIAS: i32 = 8;
export const RELU: i32 = 16;

/** Epilogue of 4 columns: the SIMD twin of storeEdge's inner loop. */
// @ts-ignore: decorator
@inline export function storeQuad(acc: v128, c: usize, av: v128, bv: v128, flags: i32, bias: usize): void {
  let v = f32x4.mul(acc, av);
  if (flags & FIRST) {
    if (flags & BETA) v = madd(bv, v128.load(c), v);
  } else v = f32x4.add(v, v128.load(c));
  if (flags & LAST) {
    if (flags & BIAS) v = f32x4.add(v, v128.load(bias));
    if (flags & RELU) v = atLeast(v, f32x4.splat(0));
  }
  v128.store(c, v);
}

/** Epilogue of a partial tile: tile[mr, NR] (raw accumulators, row stride NR) -> the valid mr x nr part of C. */
export function storeEdge(tile: usize, NR: i32, mr: i32, nr: i32, c: usize, ldc: usize, alpha: f32, beta: f32, flags: i32, bias: usize): void {
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const p = c + (<usize>i * ldc + <usize>j) * 4;
      let v = alpha * load<f32>(tile + <usize>(i * NR + j) * 4);
      if (flags & FIRST) {
        if (flags & BETA) v += beta * load<f32>(p);
      } else v += load<f32>(p);
      if (flags & LAST) {
        if (flags & BIAS) v += load<f32>(bias + <usize>j * 4);
        if (flags & RELU) v = max<f32>(v, 0);
      }
      store<f32>(p, v);
    }
  }
}
