import type { BenchCase } from './index.js';

// Bench cases for the norm kernels, keyed by wasm export name.
export const normCases: Record<string, BenchCase> = {};
