// model.save / loadModel: bit-identical predictions, resumed training identical to uninterrupted
// training, an interrupted save leaving the previous copy loadable, and corrupt files rejected.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, mkdir, readdir, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, spatialDropout1D, spatialDropout2D, batchNormalization, layerNormalization, flatten, activation, alphaDropout, gaussianNoise, gaussianDropout, l1l2, initializers, adam, loadModel, tensor, SimdnetError } from '../../src/index.js';
import { blobs } from './synthetic.js';

function build(seed: number) {
  const m = sequential({ seed, layers: [dense({ units: 12, activation: 'gelu', inputShape: [4] }), batchNormalization(), dropout({ rate: 0.2 }), layerNormalization(), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: adam({ learningRate: 0.01, amsgrad: true }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

test('loaded predictions equal the original bit for bit; training resumes identically', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-io-'));
  const { x, labels } = blobs(96, 3, 4, 2);
  const y = tensor(labels, [96]);
  const a = build(1);
  await a.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 3 });
  await a.save(dir);
  const b = await loadModel(dir);
  assert.equal(Array.from(b.predict(x).data), Array.from(a.predict(x).data));
  assert.equal(b.getWeights(), a.getWeights());
  assert.is(b.optimizer().iterations, a.optimizer().iterations);
  assert.is(b.optimizer().className, 'Adam');
  // Same optimizer state and iteration count: one more epoch gives the same weights.
  await a.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, seed: 4 });
  await b.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, seed: 4 });
  assert.equal(b.getWeights(), a.getWeights());
  const meta = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  assert.is(meta.version, 1);
  assert.equal(meta.optimizerStates, ['momentum', 'velocity', 'velocityHat']);
  a.dispose();
  b.dispose();
  await rm(dir, { recursive: true });
});

test('an interrupted save leaves the previous copy intact; a later save cleans up', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-io-'));
  const { x, labels } = blobs(64, 3, 4, 5);
  const a = build(2);
  await a.save(dir);
  const before = Array.from(a.predict(x).data);
  await a.fit(x, tensor(labels, [64]), { epochs: 1, verbose: 0 });
  // Make the final step (writing model.json's temp file) fail: the new weights file is written,
  // but model.json must still describe the old model.
  await mkdir(join(dir, 'model.json.tmp'));
  await a.save(dir).then(
    () => assert.unreachable('save succeeded'),
    (e) => {
      assert.instance(e, SimdnetError);
      assert.is(e.code, 'ERR_IO');
    },
  );
  const old = await loadModel(dir);
  assert.equal(Array.from(old.predict(x).data), before);
  await rm(join(dir, 'model.json.tmp'), { recursive: true });
  await a.save(dir);
  const files = (await readdir(dir)).sort();
  assert.is(files.length, 2, files.join());
  assert.equal(Array.from((await loadModel(dir)).predict(x).data), Array.from(a.predict(x).data));
  a.dispose();
  old.dispose();
  await rm(dir, { recursive: true });
});

test('every layer type round-trips; an uncompiled model saves and loads too', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-io-'));
  const m = sequential({
    seed: 4,
    layers: [
      flatten({ inputShape: [2, 3] }),
      dense({ units: 5, activation: 'selu', kernelInitializer: 'lecunNormal', kernelRegularizer: l1l2({ l1: 0.001 }), activityRegularizer: 'l2' }),
      alphaDropout({ rate: 0.1, seed: 3 }),
      gaussianNoise({ stddev: 0.1 }),
      gaussianDropout({ rate: 0.1 }),
      dense({ units: 4, useBias: false, kernelInitializer: initializers.randomUniform({ minval: -0.2, maxval: 0.2, seed: 5 }) }),
      batchNormalization({ momentum: 0.9, center: false }),
      activation({ activation: 'leakyRelu' }),
      dense({ units: 2, activation: 'sigmoid' }),
    ],
  });
  const x = tensor(Float32Array.from({ length: 7 * 6 }, (_, i) => Math.cos(i)), [7, 2, 3]);
  const before = Array.from(m.predict(x).data);
  await m.save(dir);
  const back = await loadModel(dir);
  assert.equal(Array.from(back.predict(x).data), before);
  assert.equal(back.layers.map((l) => l.getConfig()), m.layers.map((l) => l.getConfig()));
  assert.is(back.loss, null);
  m.dispose();
  back.dispose();
  await rm(dir, { recursive: true });
});

test('noise shapes round-trip: dropout noiseShape, spatialDropout1D/2D with their dataFormat and seed', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-io-'));
  const m = sequential({
    seed: 6,
    layers: [
      dense({ units: 4, inputShape: [3, 2, 5] }),
      spatialDropout2D({ rate: 0.2, dataFormat: 'channels_first', seed: 9 }),
      spatialDropout2D({ rate: 0.3 }),
      dropout({ rate: 0.25, noiseShape: [1, 3, null, 1] }),
      flatten(),
      dense({ units: 6 }),
      dropout({ rate: 0.1, noiseShape: [null, 1] }),
    ],
  });
  m.build([3, 2, 5]);
  await m.save(dir);
  const back = await loadModel(dir);
  assert.equal(back.layers.map((l) => [l.className, l.getConfig()]), m.layers.map((l) => [l.className, l.getConfig()]));
  assert.equal(back.layers[1].getConfig().dataFormat, 'channels_first');
  assert.equal(back.layers[3].getConfig().noiseShape, [1, 3, null, 1]);
  m.dispose();
  back.dispose();
  await rm(dir, { recursive: true });
});

test('corrupt or foreign files are rejected with ERR_CORRUPT_DATA / ERR_IO', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-io-'));
  await loadModel(dir).then(() => assert.unreachable(), (e) => assert.is(e.code, 'ERR_IO'));
  const a = build(3);
  await a.save(dir);
  const meta = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  await writeFile(join(dir, meta.weightsFile), new Uint8Array(12));
  await loadModel(dir).then(() => assert.unreachable(), (e) => assert.is(e.code, 'ERR_CORRUPT_DATA'));
  await writeFile(join(dir, 'model.json'), JSON.stringify({ ...meta, version: 99 }));
  await loadModel(dir).then(() => assert.unreachable(), (e) => assert.match(e.message, /version 99/));
  a.dispose();
  await rm(dir, { recursive: true });
});

test.run();
