// The orthogonal initializer (src/initializers/orthogonal.ts; Keras 3 Orthogonal): rows (or columns,
// whichever are fewer) orthonormal, times gain; the same values for the same seed; a recurrent
// kernel [U, 4U] gets orthonormal rows, as Keras (which transposes the [4U, U] Q when rows < cols).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initializers, Rng, ValidationError } from '../../src/index.js';

/** max |A·Aᵀ - gain²·I| over the k shorter vectors of out [rows, cols]. */
function offOrtho(out: Float32Array, rows: number, cols: number, gain: number): number {
  const byRows = rows <= cols;
  const [k, n] = byRows ? [rows, cols] : [cols, rows];
  const at = (v: number, i: number) => (byRows ? out[v * cols + i] : out[i * cols + v]);
  let worst = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let dot = 0;
    for (let i = 0; i < n; i++) dot += at(a, i) * at(b, i);
    worst = Math.max(worst, Math.abs(dot - (a === b ? gain * gain : 0)));
  }
  return worst;
}

test('orthonormal rows or columns, times gain, for square, wide ([U, 4U]) and tall shapes, 1 x 1 and 3-D', () => {
  for (const [shape, gain] of [[[5, 5], 1], [[3, 12], 1], [[12, 3], 2], [[1, 1], 1], [[1, 4], 0.5], [[2, 3, 4], 1], [[17, 17], 1.3]] as [number[], number][]) {
    const cols = shape[shape.length - 1];
    const rows = shape.reduce((a, b) => a * b, 1) / cols;
    const out = new Float32Array(rows * cols);
    initializers.orthogonal({ gain }).fill(out, shape, new Rng(3));
    assert.ok(offOrtho(out, rows, cols, gain) < 1e-5, `[${shape}] gain ${gain}: ${offOrtho(out, rows, cols, gain)}`);
    assert.ok(out.some((v) => v !== 0) && !out.every((v) => Math.abs(v) === Math.abs(out[0])) || rows * cols === 1, `[${shape}] not trivial`);
  }
});

test('seeded: the same values for the same seed whatever the stream, different for another seed; typed errors', () => {
  const a = new Float32Array(12), b = new Float32Array(12), c = new Float32Array(12);
  initializers.orthogonal({ seed: 7 }).fill(a, [3, 4], new Rng(1));
  initializers.orthogonal({ seed: 7 }).fill(b, [3, 4], new Rng(2));
  initializers.orthogonal({ seed: 8 }).fill(c, [3, 4], new Rng(1));
  assert.equal(Array.from(a), Array.from(b));
  assert.not.equal(Array.from(a), Array.from(c));
  assert.is(initializers.getInitializer('t', 'x', 'orthogonal').className, 'Orthogonal');
  assert.throws(() => initializers.orthogonal({ gain: 'big' as never }), (e: ValidationError) => e instanceof ValidationError && e.arg === 'gain');
  assert.throws(() => initializers.orthogonal({ scale: 1 } as never), (e: ValidationError) => e instanceof ValidationError && e.arg === 'scale');
});

test.run();
