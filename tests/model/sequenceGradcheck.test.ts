// Finite-difference gradient checks of small sequence models (method and tolerance: gradcheckModel.ts):
// token ids -> embedding -> conv1d -> globalMaxPooling1d -> dense (the EDA CNN's shape), masked global
// poolings after embedding({maskZero: true}) with a fully padded row and a row padded in the middle,
// and a float sequence through causal/dilated and strided conv1d with 1-D max and average pooling,
// so every path is checked: the conv's dKernel/dBias/dx (im2col, col2im), the embedding's
// scatter-add, the poolings' routes and the masked kernels. Smooth activations (tanh, elu) keep the
// central differences away from relu's kink; max pooling takes the smaller step (1e-3).
import { test } from 'uvu';
import { ready } from '../../bindings/loader.js';
import { embedding, conv1d, globalMaxPooling1d, globalAveragePooling1d, maxPooling1d, averagePooling1d, flatten, dense, l2 } from '../../src/index.js';
import { check, oneHot } from './gradcheckModel.js';
import { Rng } from '../../src/rng.js';

/** Token ids [B, T] in [1, vocab), with id 0 (padding) where pad(b, t). */
function ids(B: number, T: number, vocab: number, pad: (b: number, t: number) => boolean = () => false): Int32Array {
  const rng = new Rng(11);
  return Int32Array.from({ length: B * T }, (_, i) => (pad(Math.floor(i / T), i % T) ? 0 : 1 + rng.int(vocab - 1)));
}

test('embedding -> conv1d(5, tanh) -> globalMaxPooling1d -> dense(softmax) + cross-entropy', async () => {
  await ready();
  const B = 4, T = 9;
  check(
    [
      embedding({ inputDim: 7, outputDim: 5, inputShape: [T] }),
      conv1d({ filters: 6, kernelSize: 5, activation: 'tanh', biasInitializer: 'randomNormal' }),
      globalMaxPooling1d(),
      dense({ units: 3, activation: 'softmax' }),
    ],
    'categoricalCrossentropy', [T], oneHot(B, 3, 4), [B, 3], 1e-3, ids(B, T, 7),
  );
});

test('embedding(maskZero) -> globalAveragePooling1d / globalMaxPooling1d -> dense, with fully and partly padded rows', async () => {
  await ready();
  const B = 5, T = 7;
  // Row 1 all padding, row 2 padded after 3 steps, row 3 padding in the middle.
  const pad = (b: number, t: number) => b === 1 || (b === 2 && t >= 3) || (b === 3 && t % 2 === 1);
  for (const pool of [globalAveragePooling1d, globalMaxPooling1d]) {
    check(
      [embedding({ inputDim: 6, outputDim: 5, maskZero: true, inputShape: [T] }), pool(), dense({ units: 3, activation: 'tanh' }), dense({ units: 2, activation: 'softmax' })],
      'categoricalCrossentropy', [T], oneHot(B, 2, 6), [B, 2], pool === globalMaxPooling1d ? 1e-3 : 1e-2, ids(B, T, 6, pad),
    );
  }
});

test('conv1d(causal, dilation 2, tanh, L2) -> maxPooling1d -> conv1d(same, stride 2, elu) -> averagePooling1d(same) -> flatten -> dense + MSE', async () => {
  await ready();
  const rng = new Rng(9);
  check(
    [
      conv1d({ filters: 5, kernelSize: 3, dilationRate: 2, padding: 'causal', activation: 'tanh', kernelRegularizer: l2({ l2: 0.01 }), inputShape: [11, 3] }),
      maxPooling1d({ poolSize: 2, strides: 1 }),
      conv1d({ filters: 3, kernelSize: 2, strides: 2, padding: 'same', activation: 'elu' }),
      averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' }),
      flatten(),
      dense({ units: 2 }),
    ],
    'meanSquaredError', [11, 3], Float32Array.from({ length: 3 * 2 }, () => rng.range(-1, 1)), [3, 2], 1e-3,
  );
});

test.run();
