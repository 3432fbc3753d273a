// simdnet's own format (model.save/loadModel) keeps Conv2D, DepthwiseConv2D and SeparableConv2D with
// every option and weight: the loaded model predicts bit-identically and has the same config.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../../bindings/loader.js';
import { sequential, conv2d, depthwiseConv2d, separableConv2d, flatten, dense, tensor, Rng, loadModel } from '../../src/index.js';

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

test.run();
