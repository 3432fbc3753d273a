// LSTM and GRU saved and loaded: simdnet's own format (model.save/loadModel: the same config and
// bit-identical predictions) and the TensorFlow.js format both ways against tfjs-layers 4.22 (cpu),
// predictions within 1e-5, with masks from embedding({maskZero: true}); and the cases the tfjs format
// cannot carry (GRU resetAfter true on save, tfjs's hard_sigmoid on load) refused with the reason.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, lstm, gru, embedding, dense, adam, tensor, Rng, loadModel, saveTfjs, loadTfjs, SimdnetError, type Layer } from '../../src/index.js';
import { assertClose, randomArray } from '../helpers.js';
import { loadWithTfjs, dirSaver } from './tfjsFiles.js';

const [V, T, N] = [7, 6, 5];
// Row 0 all padding, rows 1-2 padded at the end and the start.
const IDS = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 4, 5, 6, 1, 3, 1, 4, 1, 5, 2, 6, 5, 3, 5, 2, 1]);

async function rejects(p: Promise<unknown>, ok: (e: SimdnetError) => boolean, label: string): Promise<void> {
  let err: unknown = null;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof SimdnetError && ok(err), `${label}: ${err}`);
}

async function withDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-rnn-'));
  try {
    await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A briefly trained model over the masked ids (so the weights are not the initial ones). */
async function trained(layers: Layer[]) {
  const m = sequential({ seed: 4, layers: [embedding({ inputDim: V, outputDim: 3, maskZero: true, inputShape: [T] }), ...layers, dense({ units: 2 })] });
  m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
  await m.fit(tensor(IDS, [N, T]), tensor(randomArray(new Rng(5), N * 2), [N, 2]), { epochs: 3, batchSize: 2, verbose: 0, seed: 1 });
  return m;
}

const STACKS: [string, () => Layer[]][] = [
  ['lstm', () => [lstm({ units: 3, returnSequences: true, goBackwards: true }), lstm({ units: 5, activation: 'relu', unitForgetBias: false })]],
  ['gru resetAfter false', () => [gru({ units: 4, resetAfter: false, returnSequences: true }), gru({ units: 3, resetAfter: false, useBias: false })]],
  ['gru resetAfter true', () => [gru({ units: 5, returnSequences: true }), gru({ units: 1, goBackwards: true, recurrentActivation: 'hardSigmoid' })]],
];

test('model.save/loadModel: the same config and bit-identical predictions (masked input)', async () => {
  await ready();
  for (const [label, layers] of STACKS) {
    const m = await trained(layers());
    await withDir(async (dir) => {
      await m.save(dir);
      const back = await loadModel(dir);
      assert.equal(back.layers.map((l) => l.getConfig()), m.layers.map((l) => l.getConfig()), label);
      assert.equal(Array.from(back.predict(tensor(IDS, [N, T])).data), Array.from(m.predict(tensor(IDS, [N, T])).data), label);
      back.dispose();
    });
    m.dispose();
  }
});

test('tfjs format: simdnet -> tfjs-layers (LSTM, GRU resetAfter false) predicts the same within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  for (const [label, layers] of STACKS.slice(0, 2)) {
    const m = await trained(layers());
    await withDir(async (dir) => {
      await saveTfjs(m, dir);
      const t = await loadWithTfjs(dir);
      assert.equal(t.layers.map((l) => l.getClassName()), m.layers.map((l) => l.className), label);
      const theirs = t.predict(tf.tensor2d(Float32Array.from(IDS), [N, T])) as tf.Tensor;
      assertClose(m.predict(tensor(IDS, [N, T])).data, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: `${label}: simdnet -> tfjs` });
      tf.dispose(theirs);
      t.dispose();
    });
    m.dispose();
  }
});

test('tfjs format: tfjs-layers -> simdnet (LSTM, GRU) predicts the same within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const o = { recurrentActivation: 'sigmoid' as const, recurrentInitializer: 'glorotUniform' as const, biasInitializer: 'randomNormal' as const };
  const t = tfl.sequential({
    layers: [
      tfl.layers.embedding({ inputDim: V, outputDim: 3, maskZero: true, inputLength: T, embeddingsInitializer: 'randomNormal' }),
      tfl.layers.lstm({ ...o, units: 4, returnSequences: true }),
      tfl.layers.gru({ ...o, units: 3, returnSequences: true, goBackwards: true }),
      tfl.layers.lstm({ ...o, units: 2, activation: 'relu', goBackwards: true }),
    ],
  });
  // Seeded weights (tfjs-layers' own initializers are not seeded here), large enough that the
  // predictions are far from 0.
  const wr = new Rng(11);
  t.setWeights(t.getWeights().map((w) => tf.tensor(randomArray(wr, w.size), w.shape)));
  await withDir(async (dir) => {
    await t.save(dirSaver(dir));
    const m = await loadTfjs(dir);
    assert.equal(m.layers.map((l) => l.className), ['Embedding', 'LSTM', 'GRU', 'LSTM']);
    const theirs = t.predict(tf.tensor2d(Float32Array.from(IDS), [N, T])) as tf.Tensor;
    assertClose(m.predict(tensor(IDS, [N, T])).data, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'tfjs -> simdnet' });
    assert.ok(theirs.dataSync().some((v) => Math.abs(v) > 1e-2), 'not vacuous');
    tf.dispose(theirs);
    m.dispose();
  });
  t.dispose();
});

test('tfjs format limits: GRU resetAfter true refused on save, hard_sigmoid refused on load, both with the reason', async () => {
  await ready();
  await tf.setBackend('cpu');
  const m = sequential({ seed: 1, layers: [gru({ units: 2, inputShape: [3, 2] })] });
  await withDir(async (dir) => {
    await rejects(saveTfjs(m, dir), (e) => e.code === 'ERR_UNSUPPORTED' && /resetAfter true/.test(e.message), 'save gru resetAfter true');
    const t = tfl.sequential({ layers: [tfl.layers.lstm({ units: 2, recurrentInitializer: 'zeros', inputShape: [3, 2] })] });
    await t.save(dirSaver(dir));
    await rejects(loadTfjs(dir), (e) => e.code === 'ERR_UNSUPPORTED' && /hard_sigmoid/.test(e.message) && /0\.2x \+ 0\.5/.test(e.message), 'load hard_sigmoid');
    t.dispose();
  });
  m.dispose();
});

test.run();
