import type { KernelSpec } from '../registry.js';

export const probeKernels: KernelSpec[] = [
  {
    name: 'peakProbe',
    family: 'probe',
    args: ['iters', 'w', 'x'],
    doc: 'register-only loop of 12 independent f32x4 multiply-adds per iteration (the GEMM ceiling)',
    flops: (s) => 96 * s.iters,
  },
];
