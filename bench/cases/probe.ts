import type { BenchCase } from './index.js';
import { peakProbeRef } from '../../tests/reference/probe.js';

// Bench cases for the probe kernels, keyed by wasm export name. 2^18 iterations = 25 MFLOP, ~0.5 ms.
export const probeCases: Record<string, BenchCase> = {
  peakProbe: {
    sizes: [{ iters: 1 << 18 }],
    setup(m, { iters }) {
      return () => m.exports.peakProbe(iters, 0.999, 0.001);
    },
    reference({ iters }) {
      return () => peakProbeRef(iters, 0.999, 0.001);
    },
  },
};
