// Peak probe: how many f32x4 multiply-adds per second this CPU's wasm engine retires when nothing
// but registers is involved. The GEMM bench reports GEMM GFLOP/s as a fraction of it.
// The loop runs ACC independent chains acc_i = acc_i * w + x with `madd` (assembly/simd.ts): mul+add
// in the plain build, relaxed_madd in the relaxed build, the same instruction the GEMM micro-kernel
// uses. Twelve chains hide the latency (4-6 cycles at 2 issues per cycle) and, with w and x, fill
// 14 of the 16 xmm registers V8 allocates on x64, as the GEMM tile does. w and x come from the
// caller so nothing can be folded; the lanes' sum is returned so nothing can be discarded.
// Each chain is a multiply on the accumulator (not acc += a*b with invariant a, b, which an
// optimiser may hoist); the throughput is the same.
import { madd, hsum } from '../simd';

/** Runs `iters` iterations of 12 f32x4 multiply-adds (96 flops each); returns a sum of the results. */
export function peakProbe(iters: i32, w: f32, x: f32): f32 {
  const wv = f32x4.splat(w);
  const xv = f32x4.splat(x);
  let a0 = xv, a1 = xv, a2 = xv, a3 = xv, a4 = xv, a5 = xv, a6 = xv, a7 = xv, a8 = xv, a9 = xv, a10 = xv, a11 = xv;
  for (let i = 0; i < iters; i++) {
    a0 = madd(a0, wv, xv);
    a1 = madd(a1, wv, xv);
    a2 = madd(a2, wv, xv);
    a3 = madd(a3, wv, xv);
    a4 = madd(a4, wv, xv);
    a5 = madd(a5, wv, xv);
    a6 = madd(a6, wv, xv);
    a7 = madd(a7, wv, xv);
    a8 = madd(a8, wv, xv);
    a9 = madd(a9, wv, xv);
    a10 = madd(a10, wv, xv);
    a11 = madd(a11, wv, xv);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return hsum(f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))));
}
