import type { BenchCase } from './index.js';

// Bench cases for the warp kernels, keyed by wasm export name.
export const warpCases: Record<string, BenchCase> = {};
