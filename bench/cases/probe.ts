import type { BenchCase } from './index.js';

// Bench cases for the probe kernels, keyed by wasm export name. 2^20 iterations = 100 MFLOP, a few ms.
export const probeCases: Record<string, BenchCase> = {
  peakProbe: {
    sizes: [{ iters: 1 << 20 }],
    setup(m, { iters }) {
      return () => m.exports.peakProbe(iters, 0.999, 0.001);
    },
  },
};
