// Conv1D and the 1-D poolings against @tensorflow/tfjs-layers 4.22 on the tfjs cpu backend (float32):
// the same token-id model (embedding -> conv1d 'same' relu -> maxPooling1d -> conv1d stride 2 tanh ->
// averagePooling1d -> global max / average pooling -> dense), the same weights copied in, the
// same batch: predictions, the MSE loss and every weight gradient within |a - b| <= 1e-6 + 1e-4 |b|
// (float32 both, different summation orders; our tanh is within 2e-6 relative). A dilated conv1d
// and a 'same' average pooling for predictions only: tfjs 4.22 has no conv gradient with dilation
// > 1, and its cpu AvgPoolGrad divides by the whole window (1 / (filterHeight * filterWidth)) where
// its forward divides by the real cells of a padded window, so its gradient disagrees with its own
// forward there (ours passes the finite-difference check in sequenceGradcheck.test.ts). No mask here: tfjs-layers'
// global poolings ignore masks (globalPooling1d.ts). Then the tfjs file format both ways, 1e-5.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, embedding, conv1d, maxPooling1d, averagePooling1d, globalMaxPooling1d, globalAveragePooling1d, dense, sgd, adam, tensor, saveTfjs, loadTfjs, Rng, SimdnetError } from '../../src/index.js';
import { assertClose, randomArray } from '../helpers.js';
import { modelGradients } from './gradcheckModel.js';
import { loadWithTfjs, dirSaver } from '../io/tfjsFiles.js';

const [V, T, D, B] = [11, 13, 6, 5];

function ids(rng: Rng, n: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(V));
}

for (const [global, dilation] of [['max', 1], ['avg', 1], ['max', 2]] as const) {
  const withGrads = dilation === 1;
  test(`embedding -> conv1d stack -> global ${global} pooling, dilation ${dilation}: predictions${withGrads ? ', loss and weight gradients' : ''} match tfjs-layers (cpu)`, async () => {
    await ready();
    await tf.setBackend('cpu');
    const rng = new Rng(21 + dilation);
    const ours = sequential({
      seed: 6,
      layers: [
        embedding({ inputDim: V, outputDim: D, embeddingsInitializer: 'randomNormal', inputShape: [T] }),
        conv1d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal' }),
        maxPooling1d(),
        conv1d({ filters: 5, kernelSize: 2, strides: 2 / dilation, dilationRate: dilation, activation: 'tanh', biasInitializer: 'randomNormal' }),
        averagePooling1d({ poolSize: 2, strides: 1, padding: withGrads ? 'valid' : 'same' }),
        global === 'max' ? globalMaxPooling1d() : globalAveragePooling1d(),
        dense({ units: 3 }),
      ],
    });
    ours.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'meanSquaredError' });
    const t = tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: V, outputDim: D, inputLength: T }),
        tfl.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tfl.layers.maxPooling1d({}),
        tfl.layers.conv1d({ filters: 5, kernelSize: 2, strides: 2 / dilation, dilationRate: dilation, activation: 'tanh' }),
        tfl.layers.averagePooling1d({ poolSize: 2, strides: 1, padding: withGrads ? 'valid' : 'same' }),
        global === 'max' ? tfl.layers.globalMaxPooling1d({}) : tfl.layers.globalAveragePooling1d({}),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    const w = ours.getWeights();
    t.setWeights(t.getWeights().map((tw, i) => {
      assert.equal(tw.shape.reduce((a, b) => a * b, 1), w[i].length, `weight ${i} size`);
      return tf.tensor(w[i], tw.shape);
    }));
    assert.equal(t.outputs[0].shape, [null, 3]);
    const x = ids(rng, B * T);
    const y = randomArray(rng, B * 3);
    const xs = tf.tensor2d(x, [B, T], 'int32');
    const ys = tf.tensor2d(y, [B, 3]);
    const theirs = t.predict(xs) as tf.Tensor;
    assertClose(ours.predict(tensor(x, [B, T])).data, theirs.dataSync(), { rtol: 1e-4, atol: 1e-6, label: 'predictions' });
    if (withGrads) {
      const vars = t.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(t.apply(xs) as tf.Tensor, ys))) as tf.Scalar, vars);
      const mine = modelGradients(ours, x, [T], y, [B, 3]);
      assertClose([mine.loss], [value.dataSync()[0]], { rtol: 1e-4, atol: 1e-6, label: 'loss' });
      vars.forEach((v, i) => {
        const g = grads[v.name].dataSync();
        assert.ok(g.some((e) => Math.abs(e) > 1e-3), `gradient ${v.name} is not vacuous`);
        assertClose(mine.grads[i], g, { rtol: 1e-4, atol: 1e-6, label: `gradient of ${v.name}` });
      });
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([xs, ys, theirs]);
    t.dispose();
    ours.dispose();
  });
}

test('tfjs format both ways: conv1d and 1-D pooling models load in tfjs-layers and back, predictions within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const rng = new Rng(31);
  const N = 7;
  const x = ids(rng, N * T);
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-seq-'));
  const m = sequential({
    seed: 2,
    layers: [
      embedding({ inputDim: V, outputDim: D, inputShape: [T], name: 'emb' }),
      conv1d({ filters: 6, kernelSize: 3, dilationRate: 2, activation: 'relu', name: 'c1' }),
      averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' }),
      conv1d({ filters: 5, kernelSize: [2], padding: 'same', useBias: false }),
      maxPooling1d({ poolSize: 2, strides: 1 }),
      globalAveragePooling1d(),
      dense({ units: 2, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'categoricalCrossentropy' });
  const y = Float32Array.from({ length: N * 2 }, (_, i) => (i % 2 === (Math.floor(i / 2) % 2) ? 1 : 0));
  await m.fit(tensor(x, [N, T]), tensor(y, [N, 2]), { epochs: 3, batchSize: 4, verbose: 0, seed: 1 });
  await saveTfjs(m, dir);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  assert.equal(json.weightsManifest[0].weights.slice(0, 3).map((w: { name: string; shape: number[] }) => [w.name, w.shape]), [['emb/embeddings', [V, D]], ['c1/kernel', [3, D, 6]], ['c1/bias', [6]]]);
  const t = await loadWithTfjs(dir);
  assert.equal(t.layers.map((l) => l.getClassName()), ['Embedding', 'Conv1D', 'AveragePooling1D', 'Conv1D', 'MaxPooling1D', 'GlobalAveragePooling1D', 'Dense']);
  const theirs = t.predict(tf.tensor2d(x, [N, T], 'int32')) as tf.Tensor;
  const mine = m.predict(tensor(x, [N, T])).data;
  assertClose(mine, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'simdnet -> tfjs' });
  const back = await loadTfjs(dir);
  assert.equal(Array.from(back.predict(tensor(x, [N, T])).data), Array.from(mine));
  tf.dispose(theirs);
  t.dispose();
  back.dispose();
  // Written by tfjs-layers, with its own initial weights.
  const t2 = tfl.sequential({
    layers: [
      tfl.layers.embedding({ inputDim: V, outputDim: D, inputLength: T, embeddingsInitializer: 'randomNormal' }),
      tfl.layers.conv1d({ filters: 4, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh', biasInitializer: 'randomNormal' }),
      tfl.layers.maxPooling1d({ poolSize: 2, padding: 'same' }),
      tfl.layers.conv1d({ filters: 3, kernelSize: 1, activation: 'relu' }),
      tfl.layers.averagePooling1d({ poolSize: 2 }),
      tfl.layers.globalMaxPooling1d({}),
      tfl.layers.dense({ units: 2 }),
    ],
  });
  await t2.save(dirSaver(dir));
  const m2 = await loadTfjs(dir);
  assert.equal(m2.layers.map((l) => l.className), ['Embedding', 'Conv1D', 'MaxPooling1D', 'Conv1D', 'AveragePooling1D', 'GlobalMaxPooling1D', 'Dense']);
  const theirs2 = t2.predict(tf.tensor2d(x, [N, T], 'int32')) as tf.Tensor;
  assertClose(m2.predict(tensor(x, [N, T])).data, theirs2.dataSync(), { rtol: 0, atol: 1e-5, label: 'tfjs -> simdnet' });
  tf.dispose(theirs2);
  t2.dispose();
  m2.dispose();
  // 'causal' is refused on save (tfjs-layers 4.22 cannot run it), naming the layer.
  const causal = sequential({ layers: [conv1d({ filters: 2, kernelSize: 3, padding: 'causal', inputShape: [T, 3], name: 'cc' }), globalMaxPooling1d(), dense({ units: 1 })] });
  let error: unknown = null;
  try {
    await saveTfjs(causal, dir);
  } catch (e) {
    error = e;
  }
  assert.instance(error, SimdnetError);
  assert.match(String(error), /cc.*causal/);
  causal.dispose();
  m.dispose();
  await rm(dir, { recursive: true, force: true });
});

test.run();
