import type { KernelSpec } from '../registry.js';

export const warpKernels: KernelSpec[] = [];
