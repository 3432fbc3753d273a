// A small CNN trained on the default module with 1, 2 and 4 threads: the same seeds give bit-identical
// losses and weights. conv2d's only split work is sgemm (im2col, col2im and the depthwise kernels run
// on the calling thread), and its im2col chunks do not depend on the thread count, so the split
// GEMMs (bit-identical by construction, tests/threads/gemm.test.ts) keep the whole step identical.
// The shapes are chosen so that the conv GEMMs are above the split threshold.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { setThreads } from '../../bindings/threads/config.js';
import { MIN_WORK } from '../../bindings/threads/gemm.js';
import { sequential, conv2d, flatten, dense, adam, tensor } from '../../src/index.js';

async function train(threads: number): Promise<{ loss: number[]; weights: Float32Array[]; effective: number }> {
  const effective = await setThreads(threads);
  const n = 64;
  const x = new Float32Array(n * 12 * 12 * 3).map((_, i) => Math.sin(i * 0.37));
  const labels = new Float32Array(n).map((_, i) => (i * 7) % 5);
  const m = sequential({
    seed: 3,
    layers: [
      conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [12, 12, 3] }),
      conv2d({ filters: 16, kernelSize: 3, strides: 2, activation: 'tanh' }),
      flatten(),
      dense({ units: 5, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
  const h = await m.fit(tensor(x, [n, 12, 12, 3]), tensor(labels, [n]), { epochs: 3, batchSize: 32, verbose: 0, seed: 4 });
  const weights = m.getWeights();
  m.dispose();
  return { loss: h.history.loss, weights, effective };
}

test('a CNN trains to bit-identical weights on 1, 2 and 4 threads', async () => {
  const m = await ready();
  // First conv: M = 32*144 rows, N = 8, K = 27 (forward); dCol: M = 4608, N = 27, K = 8.
  assert.ok(32 * 144 * 8 * 27 >= MIN_WORK && 32 * 144 * 27 * 8 >= MIN_WORK, 'the conv GEMMs are split');
  const before = m.pool?.threads ?? 1;
  try {
    const one = await train(1);
    for (const t of [2, 4]) {
      const r = await train(t);
      if (m.pool) assert.is(r.effective, t);
      assert.equal(r.loss, one.loss, `${t} threads: losses`);
      r.weights.forEach((w, i) => assert.ok(w.every((v, j) => Object.is(v, one.weights[i][j])), `${t} threads: weight tensor ${i} differs from 1 thread`));
    }
    assert.ok(one.loss[2] < one.loss[0], `it trains: ${one.loss}`);
  } finally {
    await setThreads(before);
  }
});

test.run();
