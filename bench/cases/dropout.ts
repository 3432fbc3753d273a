// Bench cases for the PRNG, dropout and noise kernels: n = one MLP activation batch (128 x 512) and a
// larger one; all memory-bound, reported in GB/s by the registry's byte counts.
import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';

const sizes = [{ n: 128 * 512 }, { n: 1 << 20 }];

function buffers(m: WasmModule, n: number, count: number): number[] {
  const rng = new Rng(1);
  return Array.from({ length: count }, () => {
    const p = m.arena.alloc(n * 4);
    const v = m.arena.f32(p, n);
    for (let i = 0; i < n; i++) v[i] = rng.range(-1, 1);
    return p;
  });
}

function seeded(m: WasmModule): number {
  const state = m.arena.alloc(64);
  m.exports.rngSeed(state, 42);
  return state;
}

const rateForward = (name: string): BenchCase => ({
  sizes,
  setup(m, { n }) {
    const [x, y, mask] = buffers(m, n, 3);
    const state = seeded(m);
    const f = m.exports[name];
    return () => f(x, y, mask, n, 0.5, state);
  },
});

export const dropoutCases: Record<string, BenchCase> = {
  rngSeed: {
    sizes: [{ n: 1 }],
    setup(m) {
      const state = m.arena.alloc(64);
      return () => m.exports.rngSeed(state, 7);
    },
  },
  rngFillU32: {
    sizes,
    setup(m, { n }) {
      const [out] = buffers(m, n, 1);
      const state = seeded(m);
      return () => m.exports.rngFillU32(state, out, n);
    },
  },
  dropoutForward: rateForward('dropoutForward'),
  gaussianDropoutForward: rateForward('gaussianDropoutForward'),
  alphaDropoutForward: rateForward('alphaDropoutForward'),
  dropoutBackward: {
    sizes,
    setup(m, { n }) {
      const [dy, mask, dx] = buffers(m, n, 3);
      return () => m.exports.dropoutBackward(dy, mask, dx, n);
    },
  },
  gaussianNoiseForward: {
    sizes,
    setup(m, { n }) {
      const [x, y] = buffers(m, n, 2);
      const state = seeded(m);
      return () => m.exports.gaussianNoiseForward(x, y, n, 0.1, state);
    },
  },
  gaussianNoiseBackward: {
    sizes,
    setup(m, { n }) {
      const [dy, dx] = buffers(m, n, 2);
      return () => m.exports.gaussianNoiseBackward(dy, dx, n);
    },
  },
};
