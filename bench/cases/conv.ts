import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';
import { gemmWorkspace } from '../../bindings/gemm.js';

// Bench cases for the convolution kernels, keyed by wasm export name. im2col/col2im on the two conv
// layers of Keras's mnist_cnn (28x28x1 -> 3x3 -> 26x26x32 -> 3x3 -> 24x24x64) at batch 16; the
// depthwise kernels on a MobileNet-like 3x3 'same' layer. Whole conv layers (GEMMs included) are timed
// by bench/conv.bench.ts.
const g = (B: number, H: number, W: number, C: number, K: number, pad: number) => ({ B, H, W, C, KH: K, KW: K, SH: 1, SW: 1, DH: 1, DW: 1, PT: pad, PL: pad, OH: H - K + 1 + 2 * pad, OW: W - K + 1 + 2 * pad });
const IM2COL_SIZES = [g(16, 28, 28, 1, 3, 0), g(16, 26, 26, 32, 3, 0)];
// conv2dGemm: mnist_cnn conv 2's forward (transA 0: M = B*OH*OW, K = KH*KW*C) and dKernel (transA 1:
// M = KH*KW*C, K = B*OH*OW), F = 64; GFLOP/s comparable with sgemm on the stored patch matrix.
const conv2 = g(16, 26, 26, 32, 3, 0);
const R2 = conv2.B * conv2.OH * conv2.OW, K2 = conv2.KH * conv2.KW * conv2.C;
const CONV_GEMM_SIZES = [{ ...conv2, transA: 0, M: R2, N: 64, K: K2 }, { ...conv2, transA: 1, M: K2, N: 64, K: R2 }];
const DEPTHWISE_SIZES = [{ ...g(8, 28, 28, 32, 3, 1), DM: 1 }, { ...g(8, 14, 14, 16, 3, 1), DM: 4 }];

function randomBlock(m: WasmModule, n: number, rng: Rng): number {
  const p = m.arena.alloc(Math.max(n, 1) * 4);
  const v = m.arena.f32(p, n);
  for (let i = 0; i < n; i++) v[i] = rng.range(-1, 1);
  return p;
}

const geometry = (s: Record<string, number>) => [s.H, s.W, s.C, s.KH, s.KW, s.SH, s.SW, s.DH, s.DW, s.PT, s.PL, s.OH, s.OW];
const dwGeometry = (s: Record<string, number>) => [s.H, s.W, s.C, s.DM, s.KH, s.KW, s.SH, s.SW, s.DH, s.DW, s.PT, s.PL, s.OH, s.OW];

function buffers(m: WasmModule, s: Record<string, number>) {
  const rng = new Rng(1);
  const O = s.C * (s.DM ?? 1);
  return {
    x: randomBlock(m, s.B * s.H * s.W * s.C, rng),
    col: randomBlock(m, s.B * s.OH * s.OW * s.KH * s.KW * s.C, rng),
    w: randomBlock(m, s.KH * s.KW * O, rng),
    bias: randomBlock(m, O, rng),
    y: randomBlock(m, s.B * s.OH * s.OW * O, rng),
  };
}

export const convCases: Record<string, BenchCase> = {
  im2col: {
    sizes: IM2COL_SIZES,
    setup(m, s) {
      const b = buffers(m, s);
      return () => m.exports.im2col(b.x, b.col, s.B, ...geometry(s));
    },
  },
  col2im: {
    sizes: IM2COL_SIZES,
    setup(m, s) {
      const b = buffers(m, s);
      return () => m.exports.col2im(b.col, b.x, s.B, ...geometry(s));
    },
  },
  conv2dGemm: {
    sizes: CONV_GEMM_SIZES,
    setup(m, s) {
      const rng = new Rng(1);
      const x = randomBlock(m, s.B * s.H * s.W * s.C, rng);
      const b = randomBlock(m, s.K * s.N, rng);
      const c = randomBlock(m, s.M * s.N, rng);
      const ws = gemmWorkspace(m);
      const geo = [s.H, s.W, s.C, s.KW, s.SH, s.SW, s.DH, s.DW, s.PT, s.PL, s.OH, s.OW];
      return () => m.exports.conv2dGemm(-1, s.transA, s.M, s.N, s.K, x, 0, 0, ...geo, b, s.N, s.transA, c, s.N, 0, 0, 0, ws);
    },
  },
  conv2dInputGrad: {
    // mnist_cnn conv 2's input gradient at batch 16 (F = 64), in blocks of 113 rows (the layer's choice).
    sizes: [{ ...conv2, F: 64 }],
    setup(m, s) {
      const rng = new Rng(1);
      const K = s.KH * s.KW * s.C;
      const rb = Math.floor(32768 / K);
      const dz = randomBlock(m, s.B * s.OH * s.OW * s.F, rng);
      const w = randomBlock(m, K * s.F, rng);
      const col = randomBlock(m, rb * K, rng);
      const dx = randomBlock(m, s.B * s.H * s.W * s.C, rng);
      const ws = gemmWorkspace(m);
      return () => m.exports.conv2dInputGrad(-1, rb, 1, dz, w, s.F, col, dx, s.B, ...geometry(s), ws);
    },
  },
  depthwiseConv2dForward: {
    sizes: DEPTHWISE_SIZES,
    setup(m, s) {
      const b = buffers(m, s);
      return () => m.exports.depthwiseConv2dForward(b.x, b.w, b.bias, b.y, s.B, ...dwGeometry(s));
    },
  },
  depthwiseConv2dBackwardInput: {
    sizes: DEPTHWISE_SIZES,
    setup(m, s) {
      const b = buffers(m, s);
      return () => m.exports.depthwiseConv2dBackwardInput(b.y, b.w, b.x, s.B, ...dwGeometry(s));
    },
  },
  depthwiseConv2dBackwardFilter: {
    sizes: DEPTHWISE_SIZES,
    setup(m, s) {
      const b = buffers(m, s);
      return () => m.exports.depthwiseConv2dBackwardFilter(b.x, b.y, b.w, b.bias, s.B, ...dwGeometry(s), 0, s.C);
    },
  },
};
