import type { BenchCase } from './index.js';

// Bench cases for the probe kernels, keyed by wasm export name.
export const probeCases: Record<string, BenchCase> = {};
