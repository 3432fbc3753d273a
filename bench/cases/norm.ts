// Bench cases for the normalization kernels on MLP activation shapes (B rows of C features).
import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';

const sizes = [{ B: 128, C: 512 }, { B: 128, C: 100 }, { B: 1024, C: 64 }];

function buffers(m: WasmModule, lengths: number[]): number[] {
  const rng = new Rng(2);
  return lengths.map((n) => {
    const p = m.arena.alloc(n * 4);
    const v = m.arena.f32(p, n);
    for (let i = 0; i < n; i++) v[i] = rng.range(0.5, 1.5);
    return p;
  });
}

export const normCases: Record<string, BenchCase> = {
  batchNormForwardTrain: {
    sizes,
    setup(m, { B, C }) {
      const [x, y, gamma, beta, mean, invStd, rm, rv] = buffers(m, [B * C, B * C, C, C, C, C, C, C]);
      return () => m.exports.batchNormForwardTrain(x, y, gamma, beta, mean, invStd, rm, rv, B, C, 0.99, 1e-3);
    },
  },
  batchNormForwardInfer: {
    sizes,
    setup(m, { B, C }) {
      const [x, y, gamma, beta, rm, rv] = buffers(m, [B * C, B * C, C, C, C, C]);
      return () => m.exports.batchNormForwardInfer(x, y, gamma, beta, rm, rv, B, C, 1e-3);
    },
  },
  batchNormBackward: {
    sizes,
    setup(m, { B, C }) {
      const [x, dy, dx, gamma, mean, invStd, dg, db] = buffers(m, [B * C, B * C, B * C, C, C, C, C, C]);
      return () => m.exports.batchNormBackward(x, dy, dx, gamma, mean, invStd, dg, db, B, C);
    },
  },
  layerNormForward: {
    sizes,
    setup(m, { B, C }) {
      const [x, y, gamma, beta, mean, invStd] = buffers(m, [B * C, B * C, C, C, B, B]);
      return () => m.exports.layerNormForward(x, y, gamma, beta, mean, invStd, B, C, 1e-3);
    },
  },
  layerNormBackward: {
    sizes,
    setup(m, { B, C }) {
      const [x, dy, dx, gamma, mean, invStd, dg, db] = buffers(m, [B * C, B * C, B * C, C, B, B, C, C]);
      return () => m.exports.layerNormBackward(x, dy, dx, gamma, mean, invStd, dg, db, B, C);
    },
  },
};
