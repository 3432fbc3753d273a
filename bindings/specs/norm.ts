// Registry rows for the normalization kernels (assembly/kernels/norm.ts). x, y, dy, dx are (B, C).
import type { KernelSpec } from '../registry.js';

const f = 'norm' as const;
const bc = (k: number) => (s: Record<string, number>) => k * s.B * s.C;

export const normKernels: KernelSpec[] = [
  {
    name: 'batchNormForwardTrain', family: f,
    args: ['x:(B,C)', 'y:(B,C)', 'gamma:(C)|0', 'beta:(C)|0', 'mean:(C)', 'invStd:(C)', 'runMean:(C)', 'runVar:(C)', 'B', 'C', 'momentum', 'eps'],
    doc: 'batch statistics per channel, normalize, save mean/invStd, update running stats (Keras)',
    flops: bc(7), bytes: bc(16), // x read 3 times, y written
  },
  {
    name: 'batchNormForwardInfer', family: f,
    args: ['x:(B,C)', 'y:(B,C)', 'gamma:(C)|0', 'beta:(C)|0', 'runMean:(C)', 'runVar:(C)', 'B', 'C', 'eps'],
    doc: 'normalize with the running statistics', flops: bc(3), bytes: bc(8),
  },
  {
    name: 'batchNormBackward', family: f,
    args: ['x:(B,C)', 'dy:(B,C)', 'dx:(B,C)', 'gamma:(C)|0', 'mean:(C)', 'invStd:(C)', 'dGamma:(C)|0', 'dBeta:(C)|0', 'B', 'C'],
    doc: 'dx, dGamma, dBeta += (accumulate)', flops: bc(12), bytes: bc(24), // x, dy read twice; dx read and written
  },
  {
    name: 'layerNormForward', family: f,
    args: ['x:(B,C)', 'y:(B,C)', 'gamma:(C)|0', 'beta:(C)|0', 'mean:(B)', 'invStd:(B)', 'B', 'C', 'eps'],
    doc: 'per-row statistics over the last axis, normalize, save mean/invStd', flops: bc(7), bytes: bc(16),
  },
  {
    name: 'layerNormBackward', family: f,
    args: ['x:(B,C)', 'dy:(B,C)', 'dx:(B,C)', 'gamma:(C)|0', 'mean:(B)', 'invStd:(B)', 'dGamma:(C)|0', 'dBeta:(C)|0', 'B', 'C'],
    doc: 'dx, dGamma, dBeta += (accumulate)', flops: bc(17), bytes: bc(24),
  },
];
