// Issue 14's composition items through the public entry: image augmentation layers in front of a
// conv stack (conv2d, batch norm over the channel axis, pooling, dropout on 4-D activations,
// depthwise/separable convs) in ONE sequential model: it trains, the augmentation is active in fit
// (the weights differ from the same model and seeds without it) and the identity in predict (the
// predictions equal, bit for bit, those of the stack without the augmentation layers and the same
// weights). Batch norm after a conv has Keras's defaults (momentum 0.99, epsilon 1e-3) and one
// statistic per channel. A CNN whose activations cannot fit in wasm memory is refused with
// ERR_OUT_OF_MEMORY before memory grows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import {
  sequential, conv2d, globalAveragePooling2d, depthwiseConv2d, separableConv2d, batchNormalization, maxPooling2d, dropout, flatten, dense, adam, tensor,
  randomRotation, randomTranslation, randomZoom, randomContrast, SimdnetError, Rng, type Layer,
} from '../../src/index.js';

const N = 24;
const IN = [12, 12, 1];

const convStack = (): Layer[] => [
  conv2d({ filters: 6, kernelSize: 3, activation: 'relu' }),
  batchNormalization(),
  depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu' }),
  maxPooling2d(),
  dropout({ rate: 0.25 }),
  separableConv2d({ filters: 8, kernelSize: 2, activation: 'relu' }),
  flatten(),
  dense({ units: 3, activation: 'softmax' }),
];
const augmentation = (): Layer[] => [
  randomRotation({ factor: 0.05, inputShape: IN }),
  randomTranslation({ heightFactor: 0.1, widthFactor: 0.1 }),
  randomZoom({ heightFactor: 0.1 }),
  randomContrast({ factor: 0.2 }),
];

function data(): { x: Float32Array; y: Float32Array } {
  // Three classes of blobs: a bright square at one of three places, plus noise.
  const rng = new Rng(11);
  const x = new Float32Array(N * 144);
  const y = new Float32Array(N * 3);
  for (let n = 0; n < N; n++) {
    const c = n % 3;
    y[n * 3 + c] = 1;
    for (let i = 0; i < 144; i++) {
      const r = Math.floor(i / 12), col = i % 12;
      x[n * 144 + i] = 0.1 * rng.uniform() + (r >= 2 + 3 * c && r < 5 + 3 * c && col >= 3 && col < 9 ? 0.9 : 0);
    }
  }
  return { x, y };
}

test('augmentation layers compose in front of a conv stack in one sequential model: active in fit, identity in predict', async () => {
  await ready();
  const { x, y } = data();
  const xs = tensor(x, [N, ...IN]);
  const ys = tensor(y, [N, 3]);
  const withAug = sequential({ seed: 5, layers: [...augmentation(), ...convStack()] });
  const plain = sequential({ seed: 5, layers: [conv2d({ filters: 6, kernelSize: 3, activation: 'relu', inputShape: IN }), ...convStack().slice(1)] });
  for (const m of [withAug, plain]) m.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  assert.equal(withAug.outputShape, [3]);
  const text = withAug.summary({ print: false });
  for (const name of ['RandomRotation', 'RandomContrast', 'Conv2D', 'BatchNormalization', 'DepthwiseConv2D', 'SeparableConv2D']) assert.ok(text.includes(name), `${name} in the summary`);
  // Same initial weights in both (the augmentation layers have none).
  plain.setWeights(withAug.getWeights());
  const h = await withAug.fit(xs, ys, { epochs: 6, batchSize: 8, verbose: 0, seed: 3 });
  await plain.fit(xs, ys, { epochs: 6, batchSize: 8, verbose: 0, seed: 3 });
  assert.ok(h.history.loss[5] < h.history.loss[0], `it trains: ${h.history.loss}`);
  const wa = withAug.getWeights(), wp = plain.getWeights();
  assert.ok(wa.some((w, i) => w.some((v, j) => v !== wp[i][j])), 'augmentation changed what fit saw');
  // Inference: the augmentation layers are the identity.
  plain.setWeights(wa);
  assert.equal(Array.from(withAug.predict(xs).data), Array.from(plain.predict(xs).data));
  withAug.dispose();
  plain.dispose();
});

test('batchNormalization after a conv: Keras defaults (momentum 0.99, epsilon 1e-3), one statistic per channel', async () => {
  await ready();
  const m = sequential({ layers: [conv2d({ filters: 5, kernelSize: 3, inputShape: [7, 6, 2] }), batchNormalization()] });
  m.build();
  const bn = m.layers[1].getConfig();
  assert.is(bn.momentum, 0.99);
  assert.is(bn.epsilon, 1e-3);
  assert.equal(m.getWeights().slice(2).map((w) => w.length), [5, 5, 5, 5]);
  assert.equal(m.outputShape, [5, 4, 5]);
  m.dispose();
});

test('a CNN too large for wasm memory: ERR_OUT_OF_MEMORY before memory grows, and the module stays usable', async () => {
  const mod = await ready();
  const before = mod.memory.buffer.byteLength;
  // 2048x2048x3 -> 1024 filters: 4.3e9 output floats per sample (17 GB) from 29k weights (global
  // pooling keeps the dense small), so it is the activations, not the weights, that cannot fit.
  const big = sequential({ layers: [conv2d({ filters: 1024, kernelSize: 3, padding: 'same', inputShape: [2048, 2048, 3] }), globalAveragePooling2d(), dense({ units: 2 })] });
  let error: unknown = null;
  try {
    big.build();
    big.predict(tensor(new Float32Array(2048 * 2048 * 3), [1, 2048, 2048, 3]));
  } catch (e) {
    error = e;
  }
  assert.instance(error, SimdnetError);
  assert.is((error as SimdnetError).code, 'ERR_OUT_OF_MEMORY');
  assert.is(mod.memory.buffer.byteLength, before, 'memory did not grow');
  const small = sequential({ layers: [conv2d({ filters: 2, kernelSize: 3, inputShape: [5, 5, 1] }), flatten(), dense({ units: 2 })] });
  assert.equal(small.predict(tensor(new Float32Array(25), [1, 5, 5, 1])).shape, [1, 2]);
  small.dispose();
});

test.run();
