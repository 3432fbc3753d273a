import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';
import { rotationMatrix } from '../../src/augment/image/matrices.js';

// Bench cases for the image kernels, keyed by wasm export name: an MNIST batch and an ImageNet-sized one.
const SIZES = [
  { N: 128, H: 28, W: 28, C: 1 },
  { N: 8, H: 224, W: 224, C: 3 },
];

function images(m: WasmModule, s: Record<string, number>): { x: number; out: number; len: number } {
  const len = s.N * s.H * s.W * s.C;
  const x = m.arena.alloc(len * 4);
  const rng = new Rng(1);
  const v = m.arena.f32(x, len);
  for (let i = 0; i < len; i++) v[i] = rng.uniform();
  return { x, out: m.arena.alloc(len * 4), len };
}

function perImage(m: WasmModule, n: number, value: (i: number) => number): number {
  const p = m.arena.alloc(n * 4);
  const v = m.arena.f32(p, n);
  for (let i = 0; i < n; i++) v[i] = value(i);
  return p;
}

export const warpCases: Record<string, BenchCase> = {
  warpAffine: {
    sizes: SIZES,
    setup(m, s) {
      const { x, out } = images(m, s);
      const mat = m.arena.alloc(s.N * 24);
      const rng = new Rng(2);
      for (let i = 0; i < s.N; i++) m.arena.f32(mat + i * 24, 6).set(rotationMatrix(rng.range(-0.5, 0.5), s.H, s.W));
      return () => m.exports.warpAffine(x, out, mat, s.N, s.H, s.W, s.C, 1, 2, 0);
    },
  },
  adjustBrightness: {
    sizes: SIZES.map((s) => ({ N: s.N, S: s.H * s.W * s.C })),
    setup(m, s) {
      const { x, out } = images(m, { N: s.N, H: 1, W: s.S, C: 1 });
      const scale = perImage(m, s.N, () => 1);
      const delta = perImage(m, s.N, (i) => 0.01 * i);
      return () => m.exports.adjustBrightness(x, out, scale, delta, s.N, s.S, 0, 1);
    },
  },
  adjustContrast: {
    sizes: SIZES.map((s) => ({ N: s.N, P: s.H * s.W, C: s.C })),
    setup(m, s) {
      const { x, out } = images(m, { N: s.N, H: s.P, W: 1, C: s.C });
      const factor = perImage(m, s.N, (i) => 0.8 + 0.01 * i);
      return () => m.exports.adjustContrast(x, out, factor, s.N, s.P, s.C, 0, 1);
    },
  },
};
