import type { KernelSpec } from '../registry.js';

// Convolution kernels (assembly/kernels/im2col.ts, convGemm.ts, convInputGrad.ts, depthwise.ts). The GEMM a conv2d runs
// between an explicit im2col and col2im is sgemm's row; conv2dGemm is the implicit-im2col GEMM.
// Sizes: B, H, W, C input; KH, KW kernel; OH, OW output; DM depth multiplier.
const GEOMETRY = ['B', 'H', 'W', 'C', 'KH', 'KW', 'SH', 'SW', 'DH', 'DW', 'PT', 'PL', 'OH', 'OW'];
const DW_GEOMETRY = ['B', 'H', 'W', 'C', 'DM', 'KH', 'KW', 'SH', 'SW', 'DH', 'DW', 'PT', 'PL', 'OH', 'OW'];
const patches = (s: Record<string, number>) => s.B * s.OH * s.OW * s.KH * s.KW * s.C;
const depthwiseFlops = (s: Record<string, number>) => 2 * s.B * s.OH * s.OW * s.KH * s.KW * s.C * s.DM;

export const convKernels: KernelSpec[] = [
  {
    name: 'im2col',
    family: 'conv',
    args: ['x:(B,H,W,C)', 'col:(B*OH*OW,KH*KW*C)', ...GEOMETRY],
    doc: 'col = the KH x KW patches of NHWC x (zeros outside the image), one row per output pixel',
    bytes: (s) => 4 * (s.B * s.H * s.W * s.C + patches(s)),
  },
  {
    name: 'col2im',
    family: 'conv',
    args: ['col:(B*OH*OW,KH*KW*C)', 'dx:(B,H,W,C)', ...GEOMETRY],
    doc: 'dx += col2im(col): each patch element added back to its input pixel (adjoint of im2col)',
    bytes: (s) => 4 * (2 * s.B * s.H * s.W * s.C + patches(s)),
  },
  {
    name: 'conv2dGemm',
    family: 'conv',
    args: [
      'variant', 'transA', 'M', 'N', 'K', 'x:(B,H,W,C)', 'r0', 'k0', 'H', 'W', 'C', 'KW', 'SH', 'SW', 'DH', 'DW', 'PT', 'PL', 'OH', 'OW',
      'b:(K,ldb)', 'ldb', 'beta', 'c:(M,ldc)', 'ldc', 'bias:(N)|0', 'act', 'actParam', 'ws:(gemmWorkspaceBytes)',
    ],
    doc: 'sgemm with A = op(P), P = im2col(x) packed straight from x (implicit im2col): forward (transA 0) or dKernel (transA 1)',
    flops: (s) => 2 * s.M * s.N * s.K,
  },
  {
    name: 'conv2dInputGrad',
    family: 'conv',
    args: [
      'variant', 'rb', 'regions', 'dz:(B*OH*OW,F)', 'w:(KH*KW*C,F)', 'F', 'col:(regions*rb,KH*KW*C)', 'dx:(B,H,W,C)',
      ...GEOMETRY, 'ws:(gemmWorkspaceBytes)',
    ],
    doc: 'dx += col2im(dz · wᵀ), rb rows of dCol at a time through col (blocks within a sample, or whole samples); the thread pool splits by samples',
    flops: (s) => 2 * s.B * s.OH * s.OW * s.KH * s.KW * s.C * s.F,
  },
  {
    name: 'depthwiseConv2dForward',
    family: 'conv',
    args: ['x:(B,H,W,C)', 'w:(KH,KW,C,DM)', 'bias:(C*DM)|0', 'y:(B,OH,OW,C*DM)', ...DW_GEOMETRY],
    doc: 'y = depthwise conv of x with w (output channel c*DM+m reads channel c) + bias',
    flops: depthwiseFlops,
  },
  {
    name: 'depthwiseConv2dBackwardInput',
    family: 'conv',
    args: ['dy:(B,OH,OW,C*DM)', 'w:(KH,KW,C,DM)', 'dx:(B,H,W,C)', ...DW_GEOMETRY],
    doc: 'dx += input gradient of the depthwise conv',
    flops: depthwiseFlops,
  },
  {
    name: 'depthwiseConv2dBackwardFilter',
    family: 'conv',
    args: ['x:(B,H,W,C)', 'dy:(B,OH,OW,C*DM)', 'dw:(KH,KW,C,DM)', 'db:(C*DM)|0', ...DW_GEOMETRY, 'c0', 'c1'],
    doc: 'dw += Σ x ⊗ dy over pixels and samples, db += Σ dy, for input channels [c0, c1) (the thread pool splits by channels)',
    flops: depthwiseFlops,
  },
];
