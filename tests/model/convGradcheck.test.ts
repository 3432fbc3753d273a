// Finite-difference gradient checks of whole small CNNs (method and tolerance: gradcheckModel.ts).
// Smooth activations (tanh, elu, sigmoid, gelu) keep the central differences away from relu's kink.
// The first conv's weights are reached only through the second conv's input gradient (col2im), so
// every conv backward path is checked: dKernel (TN), dBias (ones GEMM), dx (NT + col2im), pointwise.
import { test } from 'uvu';
import { ready } from '../../bindings/loader.js';
import { conv2d, depthwiseConv2d, separableConv2d, dense, flatten, l2, Rng } from '../../src/index.js';
import { check, oneHot } from './gradcheckModel.js';

test('conv2d(same, tanh) -> conv2d(2x3, stride 2, elu) -> flatten -> dense(softmax) + cross-entropy', async () => {
  await ready();
  check(
    [
      conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh', inputShape: [5, 6, 2] }),
      conv2d({ filters: 3, kernelSize: [2, 3], strides: 2, activation: 'elu' }),
      flatten(),
      dense({ units: 3, activation: 'softmax' }),
    ],
    'categoricalCrossentropy', [5, 6, 2], oneHot(4, 3, 7), [4, 3],
  );
});

test('conv2d(dilation 2, gelu, L2) -> conv2d(1x1, sigmoid) -> conv2d(even kernel, same, no bias) -> flatten -> dense + MSE', async () => {
  await ready();
  const rng = new Rng(9);
  check(
    [
      conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, activation: 'gelu', kernelRegularizer: l2({ l2: 0.01 }), inputShape: [7, 6, 3] }),
      conv2d({ filters: 5, kernelSize: 1, activation: 'sigmoid' }),
      conv2d({ filters: 2, kernelSize: 2, padding: 'same', useBias: false }),
      flatten(),
      dense({ units: 2 }),
    ],
    'meanSquaredError', [7, 6, 3], Float32Array.from({ length: 3 * 2 }, () => rng.range(-1, 1)), [3, 2],
  );
});

test('depthwiseConv2d(DM 2, same, tanh) -> separableConv2d(DM 3, stride 2, elu, L2) -> flatten -> dense(softmax)', async () => {
  await ready();
  check(
    [
      depthwiseConv2d({ kernelSize: [2, 3], depthMultiplier: 2, padding: 'same', activation: 'tanh', inputShape: [6, 5, 3] }),
      separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 3, strides: 2, activation: 'elu', pointwiseRegularizer: l2({ l2: 0.01 }) }),
      flatten(),
      dense({ units: 3, activation: 'softmax' }),
    ],
    'categoricalCrossentropy', [6, 5, 3], oneHot(4, 3, 8), [4, 3],
  );
});

test.run();
