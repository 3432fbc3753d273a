// tfjs-style entry points: model.save('file://dir') writes the TensorFlow.js format (a plain path
// keeps simdnet's own), and loadLayersModel reads 'file://…/model.json' or an http(s) URL, with
// shards relative to model.json. Files written by tfjs-layers itself load with its predictions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready, sequential, dense, dropout, adam, loadLayersModel, tensor } from '../../src/index.js';
import { blobs } from '../model/synthetic.js';

async function trained() {
  await ready();
  const { x, labels } = blobs(48, 3, 4, 3);
  const m = sequential({ seed: 2, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.2 }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy' });
  await m.fit(x, tensor(labels, [48]), { epochs: 2, batchSize: 16, verbose: 0, seed: 1 });
  return { m, x };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
}

test("model.save('file://dir') writes the tfjs format; loadLayersModel('file://dir/model.json') restores predictions exactly", async () => {
  const { m, x } = await trained();
  const root = await mkdtemp(join(tmpdir(), 'simdnet-tfjsurl-'));
  try {
    await m.save(`file://${root}/tfjs`);
    const files = (await readdir(join(root, 'tfjs'))).sort();
    assert.is(files.length, 2);
    assert.match(files[0], /^group1-shard1of1-[0-9a-z-]+\.bin$/);
    assert.is(files[1], 'model.json');
    assert.is(JSON.parse(await readFile(join(root, 'tfjs', 'model.json'), 'utf8')).format, 'layers-model');
    await m.save(join(root, 'own'));
    assert.is(JSON.parse(await readFile(join(root, 'own', 'model.json'), 'utf8')).format, 'simdnet-model');
    const expected = m.predict(x).data;
    for (const url of [`file://${root}/tfjs/model.json`, `file://${relative(process.cwd(), root)}/tfjs/model.json`, new URL(`file://${root}/tfjs/model.json`)]) {
      const back = await loadLayersModel(url);
      assert.equal(back.predict(x).data, expected, String(url));
      back.dispose();
    }
  } finally {
    m.dispose();
    await rm(root, { recursive: true, force: true });
  }
});

test('loadLayersModel over http: a model saved by tfjs-layers, shards fetched relative to model.json', async () => {
  await tf.setBackend('cpu');
  const root = await mkdtemp(join(tmpdir(), 'simdnet-tfjsurl-'));
  const t = tfl.sequential({ layers: [tfl.layers.dense({ units: 6, activation: 'tanh', inputShape: [4] }), tfl.layers.dense({ units: 2, activation: 'softmax' })] });
  // tfjs's own artifacts, written as its file handler lays them out (tfjs-node is not installed).
  await t.save({
    save: async (a: tf.io.ModelArtifacts) => {
      await writeFile(join(root, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
      await writeFile(join(root, 'my-model.json'), JSON.stringify({ modelTopology: a.modelTopology, format: a.format, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  });
  const server = createServer(async (req, res) => {
    try {
      res.end(await readFile(join(root, (req.url ?? '').replace(/^\/models\//, ''))));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/`;
  try {
    const m = await loadLayersModel(`${base}my-model.json`);
    const xs = tf.randomNormal([8, 4], 0, 1, 'float32', 3);
    const ours = m.predict(tensor(Float32Array.from(xs.dataSync()), [8, 4])).data;
    const theirs = (t.predict(xs) as tf.Tensor).dataSync();
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
    assert.is(ours.length, theirs.length);
    assert.ok(worst <= 1e-5, `max |diff| ${worst}`);
    m.dispose();
    assert.is(await codeOf(loadLayersModel(`${base}missing.json`)), 'ERR_IO');
  } finally {
    server.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('loadLayersModel: bad urls are typed errors', async () => {
  assert.is(await codeOf(loadLayersModel(42 as never)), 'ERR_INVALID_TYPE');
  assert.is(await codeOf(loadLayersModel('')), 'ERR_INVALID_TYPE');
  assert.is(await codeOf(loadLayersModel('ftp://host/model.json')), 'ERR_INVALID_ARGUMENT');
  assert.is(await codeOf(loadLayersModel('models/model.json')), 'ERR_INVALID_ARGUMENT'); // relative, and no page to resolve it
  assert.is(await codeOf(loadLayersModel(`file://${tmpdir()}/simdnet-no-such-dir/model.json`)), 'ERR_IO');
});

test.run();
