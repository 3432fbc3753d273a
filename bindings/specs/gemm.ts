import type { KernelSpec } from '../registry.js';

export const gemmKernels: KernelSpec[] = [
  {
    name: 'sgemm',
    family: 'gemm',
    args: [
      'transA', 'transB', 'M', 'N', 'K', 'alpha', 'a:(M,lda)|(K,lda)', 'lda', 'b:(K,ldb)|(N,ldb)', 'ldb',
      'beta', 'c:(M,ldc)', 'ldc', 'bias:(N)|0', 'act', 'actParam', 'ws:(gemmWorkspaceBytes)',
    ],
    doc: 'C = alpha·op(A)·op(B) + beta·C, + bias[N] per column, then activation act, in place (row-major)',
    flops: (s) => 2 * s.M * s.N * s.K,
  },
  {
    name: 'sgemmVariant',
    family: 'gemm',
    args: [
      'variant', 'transA', 'transB', 'M', 'N', 'K', 'alpha', 'a:(M,lda)|(K,lda)', 'lda', 'b:(K,ldb)|(N,ldb)', 'ldb',
      'beta', 'c:(M,ldc)', 'ldc', 'bias:(N)|0', 'act', 'actParam', 'ws:(gemmWorkspaceBytes)',
    ],
    doc: 'sgemm with an explicit variant (tile | blocking << 4, bindings/gemmVariants.ts) instead of the selected one',
    flops: (s) => 2 * s.M * s.N * s.K,
  },
];
