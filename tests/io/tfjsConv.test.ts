// The tfjs LayersModel format for DepthwiseConv2D and SeparableConv2D (src/io/tfjs/convLayers.ts):
// a trained simdnet model loads in tfjs-layers 4.22 (cpu backend) with tfjs's weight names
// (depthwise_kernel, pointwise_kernel, bias) and predicts the same within 1e-5; a tfjs-layers model of
// those layers, with its own initial weights, loads in simdnet and predicts the same (its
// DepthwiseConv2D with depthMultiplier 2; its SeparableConv2D with 1, see below); a dilated
// DepthwiseConv2D, which tfjs-layers would run without dilation, is refused on save.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, depthwiseConv2d, separableConv2d, conv2d, maxPooling2d, flatten, dense, adam, saveTfjs, loadTfjs, tensor, Rng, SimdnetError } from '../../src/index.js';
import { assertClose, randomArray } from '../helpers.js';
import { loadWithTfjs, dirSaver } from './tfjsFiles.js';

const N = 6;
const IN = [11, 10, 3];
const inSize = IN[0] * IN[1] * IN[2];

test('simdnet -> tfjs: depthwiseConv2d and separableConv2d, trained, predict the same in tfjs-layers within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-dw-'));
  const rng = new Rng(5);
  const x = randomArray(rng, N * inSize);
  const y = Float32Array.from({ length: N * 4 }, (_, i) => (i % 4 === Math.floor(i / 4) % 4 ? 1 : 0));
  const m = sequential({
    seed: 4,
    layers: [
      depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu', inputShape: IN, name: 'dw' }),
      separableConv2d({ filters: 8, kernelSize: [3, 2], strides: 2, activation: 'relu', name: 'sep' }),
      separableConv2d({ filters: 5, kernelSize: 2, dilationRate: 2, useBias: false, depthMultiplier: 3 }),
      depthwiseConv2d({ kernelSize: [1, 2], useBias: false }),
      flatten(),
      dense({ units: 4, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'categoricalCrossentropy' });
  await m.fit(tensor(x, [N, ...IN]), tensor(y, [N, 4]), { epochs: 2, batchSize: 3, verbose: 0, seed: 1 });
  await saveTfjs(m, dir);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const names = json.weightsManifest[0].weights.map((w: { name: string }) => w.name);
  assert.equal(names.slice(0, 5), ['dw/depthwise_kernel', 'dw/bias', 'sep/depthwise_kernel', 'sep/pointwise_kernel', 'sep/bias']);
  const t = await loadWithTfjs(dir);
  assert.equal(t.layers.map((l) => l.getClassName()), ['DepthwiseConv2D', 'SeparableConv2D', 'SeparableConv2D', 'DepthwiseConv2D', 'Flatten', 'Dense']);
  const theirs = t.predict(tf.tensor4d(x, [N, ...IN] as [number, number, number, number])) as tf.Tensor;
  const mine = m.predict(tensor(x, [N, ...IN])).data;
  assertClose(mine, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'simdnet depthwise/separable in tfjs' });
  // And back: the file loads in simdnet bit-identically.
  const back = await loadTfjs(dir);
  assert.equal(Array.from(back.predict(tensor(x, [N, ...IN])).data), Array.from(mine));
  tf.dispose([theirs, ...t.weights.map((w) => w.read())]);
  m.dispose();
  back.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('tfjs -> simdnet: a tfjs-layers depthwise/separable model loads and predicts the same within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-dw-'));
  const t = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: IN }),
      tfl.layers.depthwiseConv2d({ kernelSize: [2, 3], depthMultiplier: 2, strides: 2, padding: 'same', activation: 'tanh', biasInitializer: 'randomNormal' }),
      // depthMultiplier 1: tfjs-layers 4.22's SeparableConv2D.getConfig omits depth_multiplier, so a
      // file it writes with another multiplier does not load back in tfjs-layers itself either.
      tfl.layers.separableConv2d({ filters: 6, kernelSize: 2, activation: 'relu', biasInitializer: 'randomNormal' }),
      tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  await t.save(dirSaver(dir));
  const m = await loadTfjs(dir);
  assert.equal(m.layers.map((l) => l.className), ['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
  const x = randomArray(new Rng(6), N * inSize);
  const theirs = t.predict(tf.tensor4d(x, [N, ...IN] as [number, number, number, number])) as tf.Tensor;
  assertClose(m.predict(tensor(x, [N, ...IN])).data, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'tfjs depthwise/separable in simdnet' });
  tf.dispose([theirs]);
  m.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('saveTfjs refuses a dilated depthwiseConv2d (tfjs-layers ignores its dilation) with ERR_UNSUPPORTED naming the layer', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-dw-'));
  const m = sequential({ layers: [conv2d({ filters: 2, kernelSize: 1, inputShape: [7, 7, 1] }), depthwiseConv2d({ kernelSize: 3, dilationRate: 2, name: 'dilated' })] });
  m.build();
  try {
    await saveTfjs(m, dir);
    assert.unreachable('saved');
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_UNSUPPORTED');
    assert.match((e as Error).message, /dilated.*dilation/);
  }
  m.dispose();
  await rm(dir, { recursive: true, force: true });
});

test.run();
