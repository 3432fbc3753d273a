// Registry rows for the embedding gather and scatter-add (assembly/kernels/embedding.ts).
// Sizes: n tokens (batch x timesteps), D embedding width (outputDim), V vocabulary (inputDim).
import type { KernelSpec } from '../registry.js';

const f = 'embedding' as const;

export const embeddingKernels: KernelSpec[] = [
  { name: 'embeddingForward', family: f, args: ['ids:(n) i32', 'table:(V,D)', 'y:(n,D)', 'mask:(n)', 'n', 'D'], doc: 'y row i = table row ids[i]; mask = ids != 0 when mask is not 0', bytes: (s) => 4 * s.n * (2 * s.D + 2) },
  { name: 'embeddingBackward', family: f, args: ['ids:(n) i32', 'dy:(n,D)', 'dtable:(V,D)', 'n', 'D'], doc: 'dtable row ids[i] += dy row i (scatter-add into the rows used)', flops: (s) => s.n * s.D, bytes: (s) => 4 * s.n * (3 * s.D + 1) },
];
