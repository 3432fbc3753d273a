// saveTfjs: a trained simdnet model written in the TensorFlow.js LayersModel format loads in
// tfjs-layers 4.22 (cpu backend) with the same predictions; unsupported layers raise a typed error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, batchNormalization, adam, saveTfjs, tensor, SimdnetError } from '../../src/index.js';
import { blobs } from '../model/synthetic.js';

// A tfjs IOHandler reading what saveTfjs wrote (tfjs-node's file:// handler is not installed).
async function loadWithTfjs(dir: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const bin = await readFile(join(dir, json.weightsManifest[0].paths[0]));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tfl.loadLayersModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData, format: json.format }) });
}

test('simdnet -> tfjs: Dense(relu) + Dropout + Dense(softmax) predictions agree within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-'));
  const { x, labels } = blobs(64, 3, 4, 2);
  const m = sequential({ seed: 5, layers: [dense({ units: 10, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.3 }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy' });
  await m.fit(x, tensor(labels, [64]), { epochs: 2, batchSize: 16, verbose: 0, seed: 1 });
  await saveTfjs(m, dir);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  assert.is(json.format, 'layers-model');
  assert.equal(json.weightsManifest[0].weights.map((w: { name: string }) => w.name), m.layers.flatMap((l) => (l.className === 'Dense' ? [`${l.name}/kernel`, `${l.name}/bias`] : [])));
  const t = await loadWithTfjs(dir);
  const ours = m.predict(x).data;
  const theirs = (t.predict(tf.tensor2d(Array.from(x.data), [64, 4])) as tf.Tensor).dataSync();
  assert.is(theirs.length, ours.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
  assert.ok(worst <= 1e-5, `max |diff| ${worst}`);
  await rm(dir, { recursive: true, force: true });
});

test('saveTfjs: a layer without a tfjs mapping here raises ERR_UNSUPPORTED naming it', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-'));
  const m = sequential({ seed: 1, layers: [dense({ units: 4, inputShape: [3] }), batchNormalization({ name: 'bn1' })] });
  m.build([3]);
  try {
    await saveTfjs(m, dir);
    assert.unreachable('saved');
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_UNSUPPORTED');
    assert.match((e as Error).message, /bn1.*BatchNormalization/);
  }
  await rm(dir, { recursive: true, force: true });
});

test.run();
