// Registry rows for the masked global 1-D pooling kernels (assembly/kernels/maskedPool.ts): x (N,T,C),
// mask (N,T) f32 (0 = padding), y (N,C). Cost: one compare (max) or add (average) per real step and feature.
import type { KernelSpec } from '../registry.js';

const cells = (s: Record<string, number>) => s.N * s.T * s.C;

export const maskedPoolKernels: KernelSpec[] = [
  {
    name: 'maskedMaxPool1dForward',
    family: 'pool',
    args: ['x:(N,T,C)', 'mask:(N,T)', 'y:(N,C)', 'argmax:(N,C) i32', 'N', 'T', 'C'],
    doc: 'max over the steps with mask != 0 (first max on ties, first NaN wins); no real step: y 0, argmax -1',
    flops: cells,
    bytes: (s) => 4 * (cells(s) + s.N * s.T + 2 * s.N * s.C),
  },
  {
    name: 'maskedMaxPool1dBackward',
    family: 'pool',
    args: ['dy:(n)', 'argmax:(n) i32', 'dx:(N,T,C)', 'n'],
    doc: 'dx[argmax[i]] += dy[i] where argmax[i] >= 0',
    flops: (s) => s.n,
    bytes: (s) => 16 * s.n,
  },
  {
    name: 'maskedAvgPool1dForward',
    family: 'pool',
    args: ['x:(N,T,C)', 'mask:(N,T)', 'y:(N,C)', 'N', 'T', 'C'],
    doc: 'mean over the steps with mask != 0 (Keras 3 GlobalAveragePooling1D); no real step: 0 (Keras: NaN)',
    flops: cells,
    bytes: (s) => 4 * (cells(s) + s.N * s.T + s.N * s.C),
  },
  {
    name: 'maskedAvgPool1dBackward',
    family: 'pool',
    args: ['dy:(N,C)', 'mask:(N,T)', 'dx:(N,T,C)', 'N', 'T', 'C'],
    doc: 'dx += dy / count at each real step (accumulates; nothing for a sequence with no real step)',
    flops: cells,
    bytes: (s) => 4 * (2 * cells(s) + s.N * s.T + s.N * s.C),
  },
];
