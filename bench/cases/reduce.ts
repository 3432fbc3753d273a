import type { BenchCase } from './index.js';

// Bench cases for the reduce kernels, keyed by wasm export name.
export const reduceCases: Record<string, BenchCase> = {};
