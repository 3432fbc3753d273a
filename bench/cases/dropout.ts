import type { BenchCase } from './index.js';

// Bench cases for the dropout kernels, keyed by wasm export name.
export const dropoutCases: Record<string, BenchCase> = {};
