import type { KernelSpec } from '../registry.js';

export const dropoutKernels: KernelSpec[] = [];
