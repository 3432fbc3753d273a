import type { BenchCase } from './index.js';

// Bench cases for the optim kernels, keyed by wasm export name.
export const optimCases: Record<string, BenchCase> = {};
