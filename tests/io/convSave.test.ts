// simdnet's own format (model.save/loadModel) keeps Conv2D, DepthwiseConv2D, SeparableConv2D and the
// sequence layers (Conv1D with causal padding, 1-D poolings, masked global poolings) with every option
// and weight: the loaded model predicts bit-identically and has the same config.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../../bindings/loader.js';
import { sequential, conv2d, depthwiseConv2d, separableConv2d, flatten, dense, tensor, Rng, loadModel, embedding, conv1d, maxPooling1d, averagePooling1d, globalMaxPooling1d, globalAveragePooling1d } from '../../src/index.js';

test('model.save/loadModel round-trips conv, depthwise and separable layers exactly', async () => {
  await ready();
  const m = sequential({
    seed: 2,
    layers: [
      conv2d({ filters: 3, kernelSize: [2, 3], padding: 'same', activation: 'relu', biasInitializer: 'randomNormal', inputShape: [7, 6, 2] }),
      depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, dilationRate: 2, activation: 'tanh', biasInitializer: 'randomNormal' }),
      separableConv2d({ filters: 4, kernelSize: 2, strides: 2, useBias: false }),
      flatten(),
      dense({ units: 2 }),
    ],
  });
  const rng = new Rng(1);
  const x = tensor(Float32Array.from({ length: 3 * 7 * 6 * 2 }, () => rng.range(-1, 1)), [3, 7, 6, 2]);
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-conv-'));
  try {
    await m.save(dir);
    const back = await loadModel(dir);
    assert.equal(back.layers.map((l) => l.getConfig()), m.layers.map((l) => l.getConfig()));
    assert.equal(Array.from(back.predict(x).data), Array.from(m.predict(x).data));
    back.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
    m.dispose();
  }
});

test('model.save/loadModel round-trips conv1d (causal, dilated), 1-D poolings and masked global poolings exactly', async () => {
  await ready();
  const rng = new Rng(3);
  const ids = tensor(Int32Array.from({ length: 4 * 9 }, (_, i) => (i % 9 > 5 + (i % 2) ? 0 : 1 + rng.int(7))), [4, 9]);
  const models = [
    sequential({
      seed: 4,
      layers: [
        embedding({ inputDim: 8, outputDim: 5, inputShape: [9] }),
        conv1d({ filters: 4, kernelSize: 3, padding: 'causal', dilationRate: 2, activation: 'tanh', biasInitializer: 'randomNormal' }),
        maxPooling1d({ poolSize: 3, strides: 2, padding: 'same' }),
        conv1d({ filters: 3, kernelSize: [2], strides: [2], useBias: false }),
        averagePooling1d({ poolSize: 1 }),
        globalAveragePooling1d({ keepdims: true }),
        flatten(),
        dense({ units: 2 }),
      ],
    }),
    sequential({ seed: 5, layers: [embedding({ inputDim: 8, outputDim: 5, maskZero: true, inputShape: [9] }), globalMaxPooling1d(), dense({ units: 2 })] }),
  ];
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-seq-'));
  try {
    for (const m of models) {
      await m.save(dir);
      const back = await loadModel(dir);
      assert.equal(back.layers.map((l) => l.getConfig()), m.layers.map((l) => l.getConfig()));
      assert.equal(Array.from(back.predict(ids).data), Array.from(m.predict(ids).data));
      back.dispose();
      m.dispose();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
