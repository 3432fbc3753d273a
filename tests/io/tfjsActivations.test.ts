// Every simdnet activation either round-trips through the TensorFlow.js format to the same function
// (tfjs-layers 4.22, cpu backend: predictions within 1e-5 on inputs spanning [-6, 6]) or is refused
// by saveTfjs with ERR_UNSUPPORTED and the reason (issue 18 item 3: hard_sigmoid used to be written
// and computed differently in tfjs; swish/silu used to be refused although tfjs has 'swish').
// And the other way: every activation tfjs-layers registers loads as the same function or is refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, activation, saveTfjs, loadTfjs, tensor, ACTIVATION_NAMES, SimdnetError } from '../../src/index.js';

const N = 49;
const xs = Float32Array.from({ length: N * 3 }, (_, i) => -6 + (12 * i) / (N * 3 - 1));
const REFUSED = ['hardSigmoid', 'leakyRelu', 'geluTanh'];

async function tfjsPredict(dir: string): Promise<Float32Array> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const bin = await readFile(join(dir, json.weightsManifest[0].paths[0]));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const t = await tfl.loadLayersModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData, format: json.format }) });
  return (t.predict(tf.tensor2d(Array.from(xs), [N, 3])) as tf.Tensor).dataSync() as Float32Array;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.is(a.length, b.length);
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]));
  return w;
};

test('saveTfjs: every activation (as Dense activation and as an Activation layer) predicts the same in tfjs-layers, or is refused', async () => {
  await ready();
  await tf.setBackend('cpu');
  const saved: string[] = [];
  for (const name of ACTIVATION_NAMES) {
    for (const asLayer of [false, true]) {
      const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-act-'));
      // An identity-ish kernel keeps the inputs spread over [-6, 6] where the functions differ.
      const layers = asLayer ? [dense({ units: 3, inputShape: [3] }), activation({ activation: name as never })] : [dense({ units: 3, activation: name as never, inputShape: [3] })];
      const m = sequential({ seed: 1, layers });
      m.build([3]);
      m.setWeights([Float32Array.from([1, 0.1, 0, 0, 1, -0.1, 0, 0, 1]), Float32Array.from([0, 0.05, -0.05])]);
      const err = await saveTfjs(m, dir).then(() => null, (e) => e);
      if (REFUSED.includes(name)) {
        assert.instance(err, SimdnetError, name);
        assert.is(err.code, 'ERR_UNSUPPORTED');
        assert.match(err.message, new RegExp(`activation '${name}' cannot be written in the TensorFlow.js format: tfjs-layers`));
        if (name === 'geluTanh') {
          // the reason holds: tfjs cannot read 'gelu_new' back from a model.json
          const json = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { units: 1, activation: 'gelu_new', batch_input_shape: [null, 1] } }] } };
          const e = await tfl.models.modelFromJSON(json as never).then(() => null, (x) => x);
          assert.match(String(e), /Unknown activation: geluNew/);
        }
      } else {
        assert.is(err, null, `${name}: ${err}`);
        const d = maxDiff(m.predict(tensor(xs, [N, 3])).data, await tfjsPredict(dir));
        assert.ok(d <= 1e-5, `${name}${asLayer ? ' (Activation layer)' : ''}: max |diff| ${d}`);
        saved.push(name);
      }
      m.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  }
  for (const n of ['swish', 'silu', 'gelu', 'relu6', 'elu', 'selu']) assert.ok(saved.includes(n), `${n} is saved`);
});

test('saveTfjs: the hardSigmoid refusal is right to refuse: tfjs hard_sigmoid differs from Keras 3 by more than 1e-5', async () => {
  await tf.setBackend('cpu');
  const x = tf.tensor1d([-2.5, 0.5, 2.5]);
  const tfjsHard = tfl.layers.activation({ activation: 'hardSigmoid' }).apply(x) as tf.Tensor;
  const keras3 = [-2.5, 0.5, 2.5].map((v) => Math.min(Math.max(v + 3, 0), 6) / 6);
  assert.ok(maxDiff(tfjsHard.dataSync(), keras3) > 0.08);
});

test('loadTfjs: every activation tfjs-layers writes loads as the same function, or is refused naming it', async () => {
  await ready();
  await tf.setBackend('cpu');
  const names = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'gelu', 'gelu_new', 'swish', 'hardSigmoid', 'mish', 'logSoftmax'];
  for (const name of names) {
    const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-act-'));
    const t = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [3], activation: name as never, kernelInitializer: 'identity' })] });
    await t.save({
      save: async (a: tf.io.ModelArtifacts) => {
        await writeFile(join(dir, 'w.bin'), new Uint8Array(a.weightData as ArrayBuffer));
        await writeFile(join(dir, 'model.json'), JSON.stringify({ modelTopology: a.modelTopology, format: a.format, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] }));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      },
    });
    const m = await loadTfjs(dir).then((mm) => mm, (e) => e);
    if (['hardSigmoid', 'mish', 'logSoftmax'].includes(name)) {
      assert.instance(m, SimdnetError, name);
      assert.is(m.code, 'ERR_UNSUPPORTED');
      assert.match(m.message, /has no identical simdnet activation/);
      if (name === 'hardSigmoid') assert.match(m.message, /clip\(0\.2x \+ 0\.5/);
    } else {
      assert.not.instance(m, Error, `${name}: ${m}`);
      const d = maxDiff(m.predict(tensor(xs, [N, 3])).data, (t.predict(tf.tensor2d(Array.from(xs), [N, 3])) as tf.Tensor).dataSync());
      assert.ok(d <= 1e-5, `${name}: max |diff| ${d}`);
      m.dispose();
    }
    t.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
