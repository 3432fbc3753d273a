import type { KernelSpec } from '../registry.js';

export const probeKernels: KernelSpec[] = [];
