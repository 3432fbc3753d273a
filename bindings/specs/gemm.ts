import type { KernelSpec } from '../registry.js';

export const gemmKernels: KernelSpec[] = [];
