import type { KernelSpec } from '../registry.js';

export const reduceKernels: KernelSpec[] = [];
