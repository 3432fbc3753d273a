import type { KernelSpec } from '../registry.js';

export const activationKernels: KernelSpec[] = [];
