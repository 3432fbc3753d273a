// Orthogonal initializer (Keras 3 `Orthogonal(gain=1.0, seed=None)`, Saxe et al. 2014, "Exact
// solutions to the nonlinear dynamics of learning in deep linear neural networks"): the shape is
// flattened to [rows = prod(shape[:-1]), cols = shape[-1]]; a normal matrix of shape
// [max, min] is factored Q·R, Q's columns are taken with the signs that make diag(R) positive
// (Keras multiplies by sign(diag(R)): the unique QR with a positive diagonal, which modified
// Gram-Schmidt computes directly), transposed when rows < cols, and scaled by gain. The default of
// the recurrent kernels of LSTM and GRU.
import type { Initializer } from './initializer.js';
import { Rng } from '../rng.js';
import { checkInt, checkKeys, checkNumber } from '../validate.js';

/** Options of `orthogonal` (Keras 3 names and defaults). */
export interface OrthogonalOptions {
  /** Default 1. */
  gain?: number;
  /** Own seed (the same values on every call); default: the model's seeded stream. */
  seed?: number | null;
}

/**
 * Keras's Orthogonal initializer (Saxe et al. 2014): a random orthogonal matrix scaled by `gain`, the
 * default for the recurrent kernels of LSTM and GRU.
 */
export function orthogonal(options: OrthogonalOptions = {}): Initializer {
  const fn = 'orthogonal';
  checkKeys(fn, options, ['gain', 'seed']);
  const gain = checkNumber(fn, 'gain', options.gain ?? 1);
  const seed = options.seed === undefined || options.seed === null ? null : checkInt(fn, 'seed', options.seed, 0, 0xffffffff);
  return Object.freeze({
    className: 'Orthogonal',
    config: Object.freeze({ gain, seed }),
    fill(out: Float32Array, shape: readonly number[], rng: Rng): void {
      const r = seed === null ? rng : new Rng(seed);
      const cols = shape.length ? shape[shape.length - 1] : 1;
      const rows = out.length / cols;
      const n = Math.max(rows, cols);
      const k = Math.min(rows, cols);
      // q: k columns of length n, column-major; a normal draw, then modified Gram-Schmidt.
      const q = new Float64Array(n * k);
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) q[j * n + i] = r.normal();
      for (let j = 0; j < k; j++) {
        for (let p = 0; p < j; p++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += q[p * n + i] * q[j * n + i];
          for (let i = 0; i < n; i++) q[j * n + i] -= dot * q[p * n + i];
        }
        let norm = 0;
        for (let i = 0; i < n; i++) norm += q[j * n + i] ** 2;
        norm = Math.sqrt(norm);
        for (let i = 0; i < n; i++) q[j * n + i] /= norm;
      }
      // out[i][j] = gain * (rows >= cols ? Q[i][j] : Q[j][i]).
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = gain * (rows >= cols ? q[j * n + i] : q[i * n + j]);
    },
  });
}
