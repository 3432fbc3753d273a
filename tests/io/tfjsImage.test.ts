// The tfjs LayersModel format for the image layers without convolutions (src/io/tfjs/imageLayers.ts):
// a trained simdnet model with reshape, zero padding, max / average / global pooling and flatten
// loads in tfjs-layers 4.22 (cpu backend) and predicts the same within 1e-5, and a tfjs-layers model
// of those layers loads in simdnet and predicts the same; what tfjs cannot express is refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import {
  sequential, dense, flatten, reshape, zeroPadding2d, maxPooling2d, averagePooling2d, globalAveragePooling2d, globalMaxPooling2d, batchNormalization, adam,
  saveTfjs, loadTfjs, tensor, Rng, SimdnetError,
} from '../../src/index.js';
import { assertClose, randomArray } from '../helpers.js';
import { loadWithTfjs, dirSaver } from './tfjsFiles.js';
import { mnistCnn } from '../../src/cli/recipe.js';

const N = 8;

test('simdnet -> tfjs: reshape, zeroPadding2d, pooling (valid and same), batch norm, global pooling, flatten: predictions within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const rng = new Rng(1);
  const models = [
    [reshape({ targetShape: [7, 6, 2], inputShape: [84] }), zeroPadding2d({ padding: [[1, 0], [0, 2]] }), dense({ units: 4, activation: 'tanh' }), maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      batchNormalization(), averagePooling2d({ poolSize: 2, strides: 1 }), flatten(), dense({ units: 3, activation: 'softmax' })],
    [reshape({ targetShape: [6, -1, 3], inputShape: [90] }), dense({ units: 5, activation: 'relu' }), averagePooling2d(), globalMaxPooling2d(), dense({ units: 3, activation: 'softmax' })],
    [reshape({ targetShape: [5, 6, 3], inputShape: [90] }), dense({ units: 4 }), globalAveragePooling2d(), dense({ units: 3, activation: 'softmax' })],
  ];
  for (const layers of models) {
    const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-img-'));
    const inSize = layers[0].inputShape![0];
    const x = tensor(randomArray(rng, N * inSize), [N, inSize]);
    const y = tensor(Float32Array.from({ length: N * 3 }, (_, i) => (i % 3 === i % 2 ? 1 : 0)), [N, 3]);
    const m = sequential({ seed: 2, layers });
    m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'categoricalCrossentropy' });
    await m.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, seed: 1 }); // moves batch norm's moving statistics too
    await saveTfjs(m, dir);
    const t = await loadWithTfjs(dir);
    assert.equal(t.layers.map((l) => l.getClassName()), m.layers.map((l) => l.className));
    const theirs = t.predict(tf.tensor2d(x.data, [N, inSize])) as tf.Tensor;
    assertClose(m.predict(x).data, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: m.layers.map((l) => l.className).join('-') });
    tf.dispose([theirs, ...t.weights.map((w) => w.read())]);
    m.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});

test('tfjs -> simdnet: a tfjs-layers model of the same layers loads and predicts the same within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-img-'));
  const t = tfl.sequential({
    layers: [
      tfl.layers.zeroPadding2d({ padding: [2, 1], inputShape: [5, 6, 3] }), tfl.layers.dense({ units: 4, activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: [2, 3], strides: 1 }),
      tfl.layers.averagePooling2d({ poolSize: 3, padding: 'same' }), tfl.layers.reshape({ targetShape: [6, 4] }), tfl.layers.flatten(), tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  await t.save(dirSaver(dir));
  const m = await loadTfjs(dir);
  assert.equal(m.layers.map((l) => l.className), ['ZeroPadding2D', 'Dense', 'MaxPooling2D', 'AveragePooling2D', 'Reshape', 'Flatten', 'Dense']);
  const x = randomArray(new Rng(3), N * 90);
  const theirs = t.predict(tf.tensor4d(x, [N, 5, 6, 3])) as tf.Tensor;
  assertClose(m.predict(tensor(x, [N, 5, 6, 3])).data, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'tfjs -> simdnet' });
  const t2 = tfl.sequential({ layers: [tfl.layers.globalAveragePooling2d({ inputShape: [4, 4, 2] }), tfl.layers.dense({ units: 2 })] });
  await t2.save(dirSaver(dir));
  const m2 = await loadTfjs(dir);
  const x2 = randomArray(new Rng(4), N * 32);
  const theirs2 = t2.predict(tf.tensor4d(x2, [N, 4, 4, 2])) as tf.Tensor;
  assertClose(m2.predict(tensor(x2, [N, 4, 4, 2])).data, theirs2.dataSync(), { rtol: 0, atol: 1e-5, label: 'tfjs -> simdnet global pooling' });
  tf.dispose([theirs, theirs2]);
  m.dispose();
  m2.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('saveTfjs refuses keepdims true (tfjs-layers has no keepdims) with ERR_UNSUPPORTED naming the layer', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-img-'));
  const m = sequential({ layers: [globalMaxPooling2d({ keepdims: true, name: 'gmp', inputShape: [3, 3, 2] })] });
  m.build();
  try {
    await saveTfjs(m, dir);
    assert.unreachable('saved');
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_UNSUPPORTED');
    assert.match((e as Error).message, /gmp.*keepdims/);
  }
  m.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('mnist_cnn both ways: trained by simdnet, loaded by tfjs-layers; built by tfjs-layers, loaded by simdnet; predictions within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-cnn-'));
  const rng = new Rng(7);
  const n = 4;
  const x = Float32Array.from({ length: n * 784 }, () => rng.uniform());
  const y = new Float32Array(n * 10).map((_, i) => (i % 10 === Math.floor(i / 10) ? 1 : 0));
  const m = mnistCnn({ seed: 3 });
  m.compile({ optimizer: adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
  await m.fit(tensor(x, [n, 28, 28, 1]), tensor(y, [n, 10]), { epochs: 1, batchSize: n, verbose: 0, seed: 1 });
  await saveTfjs(m, dir);
  const t = await loadWithTfjs(dir);
  assert.equal(t.layers.map((l) => l.getClassName()), ['Conv2D', 'Conv2D', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense', 'Dropout', 'Dense']);
  const theirs = t.predict(tf.tensor4d(x, [n, 28, 28, 1])) as tf.Tensor;
  assertClose(m.predict(tensor(x, [n, 28, 28, 1])).data, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'simdnet mnist_cnn in tfjs' });
  // The other way: tfjs-layers' own mnist_cnn with its own initial weights.
  const t2 = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }), tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }), tfl.layers.dropout({ rate: 0.25 }), tfl.layers.flatten(), tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.5 }), tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  await t2.save(dirSaver(dir));
  const m2 = await loadTfjs(dir);
  const theirs2 = t2.predict(tf.tensor4d(x, [n, 28, 28, 1])) as tf.Tensor;
  assertClose(m2.predict(tensor(x, [n, 28, 28, 1])).data, theirs2.dataSync(), { rtol: 0, atol: 1e-5, label: 'tfjs mnist_cnn in simdnet' });
  tf.dispose([theirs, theirs2]);
  m.dispose();
  m2.dispose();
  await rm(dir, { recursive: true, force: true });
});

test.run();
