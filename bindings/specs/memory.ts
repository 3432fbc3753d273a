// Registry rows for the bulk buffer writes (assembly/kernels/memory.ts).
import type { KernelSpec } from '../registry.js';

export const memoryKernels: KernelSpec[] = [
  {
    name: 'fillF32',
    family: 'memory',
    args: ['x:(n)', 'n', 'value'],
    doc: 'x = value (zeroing gradient arenas each step; fast on shared memory, unlike TypedArray.fill)',
    bytes: (s) => 4 * s.n,
  },
  {
    name: 'copyF32',
    family: 'memory',
    args: ['x:(n)', 'y:(n)', 'n'],
    doc: 'y = x (a memmove: overlap allowed; identity layers and pass-through noise layers)',
    bytes: (s) => 8 * s.n,
  },
];
