import type { KernelSpec } from '../registry.js';

export const optimKernels: KernelSpec[] = [];
