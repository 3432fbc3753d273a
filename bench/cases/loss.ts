import type { BenchCase } from './index.js';

// Bench cases for the loss kernels, keyed by wasm export name.
export const lossCases: Record<string, BenchCase> = {};
