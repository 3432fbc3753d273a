import type { BenchCase } from './index.js';

// Bench cases for the gemm kernels, keyed by wasm export name.
export const gemmCases: Record<string, BenchCase> = {};
