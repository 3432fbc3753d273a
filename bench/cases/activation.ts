import type { BenchCase } from './index.js';

// Bench cases for the activation kernels, keyed by wasm export name.
export const activationCases: Record<string, BenchCase> = {};
