// Finite-difference checks of whole models' gradients. The analytic gradient is what trainBatch
// leaves in the gradient arena (SGD with learning rate 0 leaves the weights unchanged); the numeric
// one is the central difference (L(w + h) - L(w - h)) / 2h of the loss trainBatch reports, with
// every random layer re-seeded before each evaluation so that its mask/noise is fixed. Losses are
// float32 sums over the batch (about 1e-7 relative rounding), so with h = 1e-2 the quotient carries
// about 1e-5 of rounding noise plus O(h^2) truncation: we require |fd - g| <= 2e-4 + 1e-2 |g|.
import { test } from 'uvu';
import { ready } from '../../bindings/loader.js';
import {
  dense, dropout, spatialDropout1D, spatialDropout2D, batchNormalization, layerNormalization, activation, flatten, gaussianNoise, gaussianDropout, alphaDropout,
  l2, l1l2, Rng,
} from '../../src/index.js';
import { check, oneHot } from './gradcheckModel.js';

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
