import type { BenchCase } from './index.js';
import type { WasmModule } from '../../bindings/loader.js';
import { ACTIVATION_CODES } from '../../bindings/codes.js';
import { Rng } from '../../src/rng.js';

// Bench cases for the activation kernels, keyed by wasm export name. Elementwise kernels run on
// 2^16 and 2^20 floats (in cache / out of cache); row kernels on a batch of 128 logits rows of 10
// and 1000 classes. code / fn pick the activation (gelu: the costliest transcendental path).
const N = [{ n: 1 << 16 }, { n: 1 << 20 }];
const ROWS = [
  { rows: 128, cols: 10 },
  { rows: 128, cols: 1000 },
];

function filled(m: WasmModule, count: number, seed: number): number {
  const p = m.arena.alloc(4 * count);
  const v = m.arena.f32(p, count);
  const rng = new Rng(seed);
  for (let i = 0; i < count; i++) v[i] = rng.range(-4, 4);
  return p;
}

function elementwise(args: (p: number[], n: number) => number[], name: string, buffers: number): BenchCase {
  return {
    sizes: N,
    setup(m, s) {
      const p = Array.from({ length: buffers }, (_, i) => filled(m, s.n, i + 1));
      const a = args(p, s.n);
      const f = m.exports[name];
      return () => void f(...a);
    },
  };
}

function rowwise(name: string, buffers: number): BenchCase {
  return {
    sizes: ROWS,
    setup(m, s) {
      const p = Array.from({ length: buffers }, (_, i) => filled(m, s.rows * s.cols, i + 1));
      const f = m.exports[name];
      return () => void f(...p, s.rows, s.cols);
    },
  };
}

export const activationCases: Record<string, BenchCase> = {
  activationForward: elementwise(([x, y], n) => [ACTIVATION_CODES.gelu, x, y, n, 0], 'activationForward', 2),
  activationBackward: elementwise(([x, y, dy, dx], n) => [ACTIVATION_CODES.gelu, x, y, dy, dx, n, 0], 'activationBackward', 4),
  softmaxForward: rowwise('softmaxForward', 2),
  softmaxBackward: rowwise('softmaxBackward', 3),
  logSoftmaxForward: rowwise('logSoftmaxForward', 2),
  logSoftmaxBackward: rowwise('logSoftmaxBackward', 3),
  mathMap: elementwise(([x, y], n) => [0, x, y, n], 'mathMap', 2),
};
