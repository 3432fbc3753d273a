import type { KernelSpec } from '../registry.js';

export const normKernels: KernelSpec[] = [];
