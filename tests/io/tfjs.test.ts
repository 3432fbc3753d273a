// saveTfjs / loadTfjs: a trained simdnet model written in the TensorFlow.js LayersModel format loads in
// tfjs-layers 4.22 (cpu backend) with the same predictions; unsupported layers raise a typed error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, spatialDropout1D, spatialDropout2D, batchNormalization, adam, layerNormalization, gaussianNoise, saveTfjs, loadTfjs, tensor, SimdnetError } from '../../src/index.js';
import { blobs } from '../model/synthetic.js';
import { loadWithTfjs, dirSaver } from './tfjsFiles.js';

test('simdnet -> tfjs: Dense(relu) + Dropout + BatchNormalization + LayerNormalization + Dense(softmax) predictions agree within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-'));
  const { x, labels } = blobs(64, 3, 4, 2);
  const m = sequential({ seed: 5, layers: [dense({ units: 10, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.3 }), batchNormalization(), layerNormalization(), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy' });
  await m.fit(x, tensor(labels, [64]), { epochs: 2, batchSize: 16, verbose: 0, seed: 1 });
  await saveTfjs(m, dir);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  assert.is(json.format, 'layers-model');
  assert.equal(json.weightsManifest[0].weights.map((w: { name: string }) => w.name), m.layers.flatMap((l) => (l.className === 'Dense' ? [`${l.name}/kernel`, `${l.name}/bias`] : l.className === 'BatchNormalization' ? ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w) => `${l.name}/${w}`) : l.className === 'LayerNormalization' ? [`${l.name}/gamma`, `${l.name}/beta`] : [])));
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
  const m = sequential({ seed: 1, layers: [dense({ units: 4, inputShape: [3] }), gaussianNoise({ stddev: 0.1, name: 'noise1' })] });
  m.build([3]);
  try {
    await saveTfjs(m, dir);
    assert.unreachable('saved');
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_UNSUPPORTED');
    assert.match((e as Error).message, /noise1.*GaussianNoise/);
  }
  await rm(dir, { recursive: true, force: true });
});

// An IOHandler writing what tfjs-layers' model.save produces, in the file:// layout.
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, SimdnetError);
    return `${(e as SimdnetError).code}: ${(e as Error).message}`;
  }
  return 'no error';
}

test('saveTfjs: a failed save leaves the previous files intact and loadable, with no temp file left', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-'));
  const { x, labels } = blobs(32, 3, 4, 6);
  const m = sequential({ seed: 2, layers: [dense({ units: 6, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy' });
  await saveTfjs(m, dir);
  const files = async () => (await readdir(dir)).sort();
  const [shard] = (await files()).filter((f) => f !== 'model.json');
  assert.match(shard, /^group1-shard1of1-[0-9a-z-]+\.bin$/);
  assert.equal(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')).weightsManifest[0].paths, [shard]);
  const before = [await readFile(join(dir, 'model.json')), await readFile(join(dir, shard))];
  await m.fit(x, tensor(labels, [32]), { epochs: 1, verbose: 0 });
  // model.json is written last, after the new shard is complete: a directory squatting on its temp
  // name makes that write fail, the moment a per-file scheme would leave a new shard beside the old
  // model.json. The previous pair must stay as it was, and the new shard must not be left behind.
  await mkdir(join(dir, 'model.json.tmp'));
  assert.match(await codeOf(saveTfjs(m, dir)), /^ERR_IO: .*cannot save the model to .*previous save there is intact/);
  await rm(join(dir, 'model.json.tmp'), { recursive: true });
  assert.equal(await files(), [shard, 'model.json'].sort());
  assert.equal(await readFile(join(dir, 'model.json')), before[0]);
  assert.equal(await readFile(join(dir, shard)), before[1]);
  const old = await loadTfjs(dir);
  assert.is(old.layers.length, 2);
  old.dispose();
  // A successful save replaces the pair and removes the shard no longer named.
  await saveTfjs(m, dir);
  const after = await files();
  assert.is(after.length, 2);
  assert.not.ok(after.includes(shard), 'the old shard is removed');
  m.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('tfjs -> simdnet: a trained tfjs-layers model loads with predictions within 1e-5', async () => {
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-'));
  const t = tfl.sequential({ layers: [tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tfl.layers.dropout({ rate: 0.25 }), tfl.layers.batchNormalization(), tfl.layers.layerNormalization(), tfl.layers.dense({ units: 5, activation: 'tanh' }), tfl.layers.activation({ activation: 'softmax' })] });
  t.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const xs = tf.randomNormal([32, 4], 0, 1, 'float32', 7);
  await t.fit(xs, tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 5), 'int32'), 5), 'float32'), { epochs: 3, verbose: 0 });
  await t.save(dirSaver(dir));
  const m = await loadTfjs(dir);
  assert.equal(m.layers.map((l) => l.className), ['Dense', 'Dropout', 'BatchNormalization', 'LayerNormalization', 'Dense', 'Activation']);
  const xData = xs.dataSync();
  const ours = m.predict(tensor(Float32Array.from(xData), [32, 4])).data;
  const theirs = (t.predict(xs) as tf.Tensor).dataSync();
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
  assert.is(ours.length, theirs.length);
  assert.ok(worst <= 1e-5, `max |diff| ${worst}`);
  await rm(dir, { recursive: true, force: true });
});

test('noise shapes both ways: Dropout noise_shape and SpatialDropout1D as tfjs has them, SpatialDropout2D as its Dropout', async () => {
  await ready();
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-'));
  const models = [
    { shape: [4, 6], layers: [dense({ units: 5, inputShape: [4, 6] }), spatialDropout1D({ rate: 0.3 }), dropout({ rate: 0.2, noiseShape: [1, null, 1] }), dense({ units: 3 })] },
    { shape: [2, 3, 5], layers: [spatialDropout2D({ rate: 0.3, inputShape: [2, 3, 5] }), spatialDropout2D({ rate: 0.1, dataFormat: 'channels_first' }), dense({ units: 3 })] },
  ];
  const written = [
    [['Dense', undefined], ['SpatialDropout1D', undefined], ['Dropout', [1, null, 1]], ['Dense', undefined]],
    [['Dropout', [null, 1, 1, null]], ['Dropout', [null, null, 1, 1]], ['Dense', undefined]],
  ];
  for (const [i, { shape, layers }] of models.entries()) {
    const m = sequential({ seed: 2, layers });
    m.build(shape);
    await saveTfjs(m, dir);
    const t = await loadWithTfjs(dir);
    assert.equal(t.layers.map((l) => [l.getClassName(), l.getConfig().noiseShape ?? undefined]), written[i]);
    const x = Float32Array.from({ length: 3 * shape.reduce((a, b) => a * b) }, (_, j) => Math.sin(j));
    const theirs = (t.predict(tf.tensor(Array.from(x), [3, ...shape])) as tf.Tensor).dataSync();
    const ours = m.predict(tensor(x, [3, ...shape])).data;
    assert.is(ours.length, theirs.length);
    const worst = ours.reduce((w, v, j) => Math.max(w, Math.abs(v - theirs[j])), 0);
    assert.ok(worst <= 1e-5, `model ${i}: max |diff| ${worst}`);
    const back = await loadTfjs(dir);
    assert.equal(back.layers.map((l) => [l.className, l.getConfig().noiseShape]), written[i]);
    assert.equal(back.layers.map((l) => l.getConfig().rate), m.layers.map((l) => l.getConfig().rate));
    m.dispose();
  }
  // Written by tfjs-layers itself.
  const t = tfl.sequential({ layers: [tfl.layers.dense({ units: 6, inputShape: [4, 3] }), tfl.layers.dropout({ rate: 0.25, noiseShape: [null, 1, 6] as unknown as number[] }), tfl.layers.spatialDropout1d({ rate: 0.5 })] });
  await t.save(dirSaver(dir));
  const m = await loadTfjs(dir);
  assert.equal(m.layers.map((l) => [l.className, l.getConfig().rate, l.getConfig().noiseShape]), [['Dense', undefined, undefined], ['Dropout', 0.25, [null, 1, 6]], ['SpatialDropout1D', 0.5, undefined]]);
  await rm(dir, { recursive: true, force: true });
});

test('loadTfjs: UpSampling2D -> ERR_UNSUPPORTED naming it; corrupt model.json and missing shard -> typed errors', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-'));
  const t = tfl.sequential({ layers: [tfl.layers.upSampling2d({ name: 'myup', size: [2, 2], inputShape: [5, 4, 1] }), tfl.layers.flatten(), tfl.layers.dense({ units: 2 })] });
  await t.save(dirSaver(dir));
  assert.match(await codeOf(loadTfjs(dir)), /^ERR_UNSUPPORTED: .*myup.*UpSampling2D/);
  await writeFile(join(dir, 'model.json'), '{"format": "layers-model", "modelTop');
  assert.match(await codeOf(loadTfjs(dir)), /^ERR_CORRUPT_DATA/);
  const t2 = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
  await t2.save(dirSaver(dir));
  await rm(join(dir, 'group1-shard1of1.bin')); // the name tfjs-layers' own writer (dirSaver) gives its shard
  assert.match(await codeOf(loadTfjs(dir)), /^ERR_IO: .*group1-shard1of1\.bin/);
  await writeFile(join(dir, 'group1-shard1of1.bin'), new Uint8Array(12));
  assert.match(await codeOf(loadTfjs(dir)), /^ERR_CORRUPT_DATA: .*bytes/);
  await rm(dir, { recursive: true, force: true });
});

test.run();
