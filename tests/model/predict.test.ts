// predict() against a plain-TypeScript forward pass in float64 of the same weights, for every
// activation path of Dense (GEMM-fused relu, in-place sigmoid/tanh, kept-z gelu/silu, softmax),
// flatten on rank-3 input, dense on rank-3 input (applied to the last axis), and batching.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, flatten, dropout, activation, tensor, Rng } from '../../src/index.js';
import { assertClose } from '../helpers.js';

const F: Record<string, (z: number) => number> = {
  linear: (z) => z,
  relu: (z) => Math.max(0, z),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  silu: (z) => z / (1 + Math.exp(-z)),
  elu: (z) => (z > 0 ? z : Math.expm1(z)),
};

/** Dense forward in float64: x [rows, inF], kernel [inF, units]. */
function denseRef(x: ArrayLike<number>, rows: number, inF: number, k: Float32Array, b: Float32Array, units: number, act: string): number[] {
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    const z: number[] = [];
    for (let j = 0; j < units; j++) {
      let s = b[j];
      for (let i = 0; i < inF; i++) s += x[r * inF + i] * k[i * units + j];
      z.push(s);
    }
    if (act === 'softmax') {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, c) => a + c, 0);
      y.push(...e.map((v) => v / sum));
    } else y.push(...z.map(F[act]));
  }
  return y;
}

function randomX(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.range(-1, 1));
}

for (const act of ['linear', 'relu', 'sigmoid', 'tanh', 'silu', 'elu', 'softmax'] as const) {
  test(`predict matches a float64 reference: dense(${act}), 37 samples in batches of 8`, async () => {
    await ready();
    const rng = new Rng(7);
    const model = sequential({ seed: 3, layers: [dense({ units: 13, activation: 'tanh', inputShape: [6] }), dropout({ rate: 0.5 }), dense({ units: 5, activation: act })] });
    const x = randomX(rng, 37 * 6);
    const out = model.predict(tensor(x, [37, 6]), { batchSize: 8 });
    assert.equal(out.shape, [37, 5]);
    const [k1, b1, k2, b2] = model.getWeights();
    const h = denseRef(x, 37, 6, k1, b1, 13, 'tanh');
    const expected = denseRef(h, 37, 13, k2, b2, 5, act);
    assertClose(out.data, expected, { rtol: 1e-5, atol: 2e-6, label: act });
    model.dispose();
  });
}

test('flatten then dense on [n, 3, 4]; dense on the last axis of [n, 3, 4]; activation layer', async () => {
  await ready();
  const rng = new Rng(1);
  const x = randomX(rng, 5 * 12);
  const a = sequential({ seed: 1, layers: [flatten({ inputShape: [3, 4] }), dense({ units: 2 })] });
  const [k, b] = a.getWeights();
  assertClose(a.predict(tensor(x, [5, 3, 4])).data, denseRef(x, 5, 12, k, b, 2, 'linear'), { label: 'flatten' });
  const c = sequential({ seed: 1, layers: [dense({ units: 2, inputShape: [3, 4] }), activation({ activation: 'softmax' })] });
  const out = c.predict(tensor(x, [5, 3, 4]));
  assert.equal(out.shape, [5, 3, 2]);
  const [k2, b2] = c.getWeights();
  assertClose(out.data, denseRef(x, 15, 4, k2, b2, 2, 'softmax'), { label: 'dense on last axis + softmax' });
  a.dispose();
  c.dispose();
});

test.run();
