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
  {
    name: 'gatherRows',
    family: 'memory',
    args: ['src:(n,rowWords)', 'dst:(rows,rowWords)', 'idx:(rows)', 'rows', 'rowWords'],
    doc: 'dst[r] = src[idx[r]] row by row (32-bit words: f32 or i32): batches gathered from a dataset kept in wasm memory (src/model/resident.ts)',
    bytes: (s) => 8 * s.rows * s.rowWords + 4 * s.rows,
  },
];
