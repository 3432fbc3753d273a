// The tfjs LayersModel format for Conv2D beyond mnist_cnn's valid 3x3 relu layers (which
// tfjsImage.test.ts covers both ways): strides, 'same' with an even kernel (TF pads more at the
// bottom/right), dilation, no bias, a 1x1 (pointwise) kernel and other activations. A trained
// simdnet model loads in tfjs-layers 4.22 (cpu backend) with these options in its config and
// predicts the same within 1e-5; a tfjs-layers model with its own initial weights (random biases)
// loads in simdnet with the same options and predicts the same within 1e-5.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, conv2d, flatten, dense, adam, saveTfjs, loadTfjs, tensor, Rng, type Conv2D } from '../../src/index.js';
import { assertClose, randomArray } from '../helpers.js';
import { loadWithTfjs, dirSaver } from './tfjsFiles.js';

const N = 5;
const IN: [number, number, number] = [9, 8, 3];
const inSize = IN[0] * IN[1] * IN[2];

test('simdnet -> tfjs: conv2d with strides, even-kernel same, dilation, no bias, 1x1, tanh/elu/sigmoid: config and predictions within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-conv2d-'));
  const rng = new Rng(8);
  const x = randomArray(rng, N * inSize);
  const y = Float32Array.from({ length: N * 3 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
  const m = sequential({
    seed: 6,
    layers: [
      conv2d({ filters: 4, kernelSize: [2, 4], strides: [2, 1], padding: 'same', activation: 'tanh', inputShape: IN, name: 'strided' }),
      conv2d({ filters: 3, kernelSize: 2, dilationRate: 2, useBias: false, activation: 'elu', name: 'dilated' }),
      conv2d({ filters: 5, kernelSize: 1, activation: 'sigmoid', name: 'pointwise' }),
      flatten(),
      dense({ units: 3, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'categoricalCrossentropy' });
  // Training moves the biases off their zero initial values, so a lost bias would show.
  await m.fit(tensor(x, [N, ...IN]), tensor(y, [N, 3]), { epochs: 2, batchSize: 2, verbose: 0, seed: 1 });
  assert.ok(Array.from(m.getWeights()[1]).some((v) => v !== 0), 'trained bias is not zero');
  await saveTfjs(m, dir);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const configs = json.modelTopology.config.layers.map((l: { config: Record<string, unknown> }) => l.config);
  assert.equal([configs[0].kernel_size, configs[0].strides, configs[0].padding, configs[0].activation], [[2, 4], [2, 1], 'same', 'tanh']);
  assert.equal([configs[1].dilation_rate, configs[1].use_bias, configs[1].activation], [[2, 2], false, 'elu']);
  const t = await loadWithTfjs(dir);
  assert.equal(t.layers.map((l) => l.getClassName()), ['Conv2D', 'Conv2D', 'Conv2D', 'Flatten', 'Dense']);
  assert.equal(t.outputs[0].shape, [null, 3]);
  assert.equal((t.layers[1].output as tfl.SymbolicTensor).shape, [null, 3, 6, 3]); // [5, 8] in, dilated 2x2 (3x3 span), valid
  const theirs = t.predict(tf.tensor4d(x, [N, ...IN])) as tf.Tensor;
  const mine = m.predict(tensor(x, [N, ...IN])).data;
  assertClose(mine, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'simdnet conv2d options in tfjs' });
  const back = await loadTfjs(dir);
  assert.equal(Array.from(back.predict(tensor(x, [N, ...IN])).data), Array.from(mine));
  tf.dispose([theirs, ...t.weights.map((w) => w.read())]);
  m.dispose();
  back.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('tfjs -> simdnet: tfjs-layers conv2d with strides, even-kernel same, dilation, no bias, random biases: options and predictions within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-conv2d-'));
  const t = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 4, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal', inputShape: IN }),
      tfl.layers.conv2d({ filters: 6, kernelSize: [2, 3], dilationRate: [1, 2], padding: 'same', activation: 'tanh', biasInitializer: 'randomNormal' }),
      tfl.layers.conv2d({ filters: 2, kernelSize: 1, useBias: false, activation: 'sigmoid' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  await t.save(dirSaver(dir));
  const m = await loadTfjs(dir);
  const [a, b, c] = m.layers.slice(0, 3) as Conv2D[];
  assert.equal([a.spatial.kernelSize, a.spatial.strides, a.spatial.padding, a.activation.name, a.useBias], [[4, 4], [2, 2], 'same', 'relu', true]);
  assert.equal([b.spatial.dilationRate, b.spatial.padding, b.activation.name], [[1, 2], 'same', 'tanh']);
  assert.equal([c.useBias, c.activation.name], [false, 'sigmoid']);
  // kernel 4, stride 2, 'same' on 9 rows: out 5, total padding 4*2 + 4 - 9 = 3 -> 1 on top, 2 below (TF).
  assert.equal([a.geometry.OH, a.geometry.OW, a.geometry.PT, a.geometry.PL], [5, 4, 1, 1]);
  const x = randomArray(new Rng(9), N * inSize);
  const theirs = t.predict(tf.tensor4d(x, [N, ...IN])) as tf.Tensor;
  assertClose(m.predict(tensor(x, [N, ...IN])).data, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'tfjs conv2d options in simdnet' });
  tf.dispose([theirs]);
  m.dispose();
  await rm(dir, { recursive: true, force: true });
});

test.run();
