// Finite-difference checks of whole models' gradients. The analytic gradient is what trainBatch
// leaves in the gradient arena (SGD with learning rate 0 leaves the weights unchanged); the numeric
// one is the central difference (L(w + h) - L(w - h)) / 2h of the loss trainBatch reports, with
// every random layer re-seeded before each evaluation so that its mask/noise is fixed. Losses are
// float32 sums over the batch (about 1e-7 relative rounding), so with h = 1e-2 the quotient carries
// about 1e-5 of rounding noise plus O(h^2) truncation: we require |fd - g| <= 2e-4 + 1e-2 |g|.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import {
  sequential, dense, dropout, spatialDropout1D, spatialDropout2D, batchNormalization, layerNormalization, activation, flatten, gaussianNoise, gaussianDropout, alphaDropout,
  sgd, l2, l1l2, tensor, Rng, type Layer,
} from '../../src/index.js';
import { prepare, loadBatch } from '../../src/model/data.js';
import { iota } from '../../src/model/evaluate.js';

function check(layers: Layer[], lossName: string, inShape: number[], y: Float32Array, yShape: number[]) {
  const B = yShape[0];
  const rng = new Rng(5);
  const x = Float32Array.from({ length: B * inShape.reduce((a, b) => a * b, 1) }, () => rng.range(-1, 1));
  const m = sequential({ seed: 3, layers });
  m.compile({ optimizer: sgd({ learningRate: 0 }), loss: lossName });
  const engine = m.engineFor('test');
  engine.ensurePlan(B);
  loadBatch(engine, prepare('test', engine, tensor(x, [B, ...inShape]), tensor(y, yShape), null), iota(B), 0, B);
  const loss = () => {
    layers.forEach((l, i) => l.stochastic && l.seed(77 + i));
    return engine.trainBatch(B);
  };
  loss();
  const heap = engine.heap();
  const g = heap.slice(engine.grads >>> 2, (engine.grads >>> 2) + engine.layout.trainableSize);
  const h = 1e-2;
  let checked = 0;
  for (const e of engine.layout.entries.filter((e) => e.trainable)) {
    for (let i = 0; i < e.size; i += Math.max(1, Math.floor(e.size / 7))) {
      const at = (engine.weights >>> 2) + e.offset + i;
      const w0 = heap[at];
      heap[at] = w0 + h;
      const up = loss();
      heap[at] = w0 - h;
      const down = loss();
      heap[at] = w0;
      const fd = (up - down) / (2 * h);
      const an = g[e.offset + i];
      assert.ok(Math.abs(fd - an) <= 2e-4 + 1e-2 * Math.abs(an), `${e.name}[${i}]: numeric ${fd}, analytic ${an}`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `checked ${checked}`);
  // Not vacuous: the gradients are far from zero.
  assert.ok(g.reduce((a, v) => Math.max(a, Math.abs(v)), 0) > 1e-2);
  m.dispose();
}

function oneHot(rows: number, cols: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const y = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) y[r * cols + rng.int(cols)] = 1;
  return y;
}

test('dense(tanh, L2) -> batch norm -> dropout -> dense(sigmoid, activity L1L2) -> dense(softmax) + fused cross-entropy', async () => {
  await ready();
  check(
    [
      dense({ units: 6, activation: 'tanh', inputShape: [5], kernelRegularizer: l2({ l2: 0.01 }) }),
      batchNormalization(),
      dropout({ rate: 0.3 }),
      dense({ units: 7, activation: 'sigmoid', activityRegularizer: l1l2({ l1: 0.001, l2: 0.002 }) }),
      dense({ units: 4, activation: 'softmax' }),
    ],
    'categoricalCrossentropy', [5], oneHot(12, 4, 1), [12, 4],
  );
});

test('rank-3 input: dense(gelu) on the last axis -> layer norm -> gaussian noise/dropout -> flatten -> dense(elu) -> alpha dropout -> softmax layer + MSE (unfused)', async () => {
  await ready();
  check(
    [
      dense({ units: 6, activation: 'gelu', inputShape: [3, 5] }),
      layerNormalization(),
      gaussianNoise({ stddev: 0.2 }),
      gaussianDropout({ rate: 0.2 }),
      flatten(),
      dense({ units: 8, activation: 'elu' }),
      alphaDropout({ rate: 0.2 }),
      dense({ units: 3 }),
      activation({ activation: 'softmax' }),
    ],
    'meanSquaredError', [3, 5], oneHot(10, 3, 2), [10, 3],
  );
});

test('noise shapes: dense on [4, 6] -> spatialDropout1D -> dropout([1, null, 1]) -> flatten -> dense(softmax)', async () => {
  await ready();
  check(
    [
      dense({ units: 5, activation: 'tanh', inputShape: [4, 6] }),
      spatialDropout1D({ rate: 0.3 }),
      dropout({ rate: 0.3, noiseShape: [1, null, 1] }),
      flatten(),
      dense({ units: 3, activation: 'softmax' }),
    ],
    'categoricalCrossentropy', [4, 6], oneHot(9, 3, 4), [9, 3],
  );
});

test('noise shapes: dense on [2, 3, 5] -> spatialDropout2D channels_last and channels_first -> flatten -> dense(softmax)', async () => {
  await ready();
  check(
    [
      dense({ units: 4, activation: 'tanh', inputShape: [2, 3, 5] }),
      spatialDropout2D({ rate: 0.3 }),
      spatialDropout2D({ rate: 0.3, dataFormat: 'channels_first' }),
      flatten(),
      dense({ units: 3, activation: 'softmax' }),
    ],
    'categoricalCrossentropy', [2, 3, 5], oneHot(7, 3, 5), [7, 3],
  );
});

test('sparse labels per position: dense(silu) on [n, 4, 5] -> dense(softmax) with sparse cross-entropy', async () => {
  await ready();
  const rng = new Rng(3);
  const labels = Float32Array.from({ length: 8 * 4 }, () => rng.int(3));
  check([dense({ units: 6, activation: 'silu', inputShape: [4, 5] }), dense({ units: 3, activation: 'softmax' })], 'sparseCategoricalCrossentropy', [4, 5], labels, [8, 4]);
});

test.run();
