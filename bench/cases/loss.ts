import type { BenchCase } from './index.js';
import { Rng } from '../../src/rng.js';
import { SPARSE_LOSSES, LOSS_KERNELS } from '../../bindings/loss.js';
import { lossReferences as R } from '../../tests/reference/loss.js';

// Bench cases for the loss kernels, keyed by wasm export name: a batch of 128 rows of 10 classes
// (MNIST head) and 1000 classes, inputs in (0, 1) so that the probability losses stay unclipped.
// Peer: the float64 TS reference (tfjs has no fused loss-and-gradient op to compare with).
const SIZES = [
  { rows: 128, cols: 10 },
  { rows: 128, cols: 1000 },
];

function inputs(name: string, rows: number, cols: number) {
  const sparse = (SPARSE_LOSSES as readonly string[]).includes(name);
  const rng = new Rng(7);
  const x = Float32Array.from({ length: rows * cols }, () => rng.range(0.01, 0.99));
  const t = sparse ? Int32Array.from({ length: rows }, () => rng.int(cols)) : Float32Array.from({ length: rows * cols }, () => rng.range(0, 1));
  return { x, t };
}

function lossCase(name: string): BenchCase {
  return {
    sizes: SIZES,
    setup(m, { rows, cols }) {
      const { x, t } = inputs(name, rows, cols);
      const input = m.arena.alloc(4 * x.length);
      m.arena.f32(input, x.length).set(x);
      const target = m.arena.alloc(4 * t.length);
      new (t.constructor as typeof Float32Array)(m.memory.buffer, target, t.length).set(t as Float32Array);
      const grad = m.arena.alloc(4 * x.length);
      const f = m.exports[name];
      return () => void f(input, target, grad, 0, rows, cols, 1 / rows);
    },
    reference({ rows, cols }) {
      const { x, t } = inputs(name, rows, cols);
      const grad = new Float32Array(x.length);
      return () => void R[name](x, t, grad, null, rows, cols, 1 / rows);
    },
  };
}

export const lossCases: Record<string, BenchCase> = Object.fromEntries(LOSS_KERNELS.map((k) => [k, lossCase(k)]));
