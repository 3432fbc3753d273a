import type { KernelSpec } from '../registry.js';

export const lossKernels: KernelSpec[] = [];
