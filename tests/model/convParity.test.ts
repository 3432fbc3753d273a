// Conv2D parity with @tensorflow/tfjs-layers 4.22 on the tfjs cpu backend (float32): the same CNN
// (valid and 'same' padding, an even 2x3 kernel with stride 2, dilation 2, relu/tanh, a pointwise
// conv, flatten, dense), the same weights copied in, the same batch. We compare predictions, the MSE
// loss and every weight gradient (tf.variableGrads over the tfjs model's trainable variables) with
// |a - b| <= 1e-6 + 1e-4 |b|: both compute in float32 with different summation orders (and our tanh
// is within 2e-6 relative).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, conv2d, flatten, dense, sgd, tensor, Rng } from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { modelGradients } from './gradcheckModel.js';

const B = 5;
const IN = [9, 8, 3];

for (const dilation of [2, 1]) {
  // tfjs 4.22 has no conv2d gradient with dilation > 1 ("not yet supported in gradients"): predictions only there.
  const withGrads = dilation === 1;
  test(`conv2d stack, dilation ${dilation}: predictions${withGrads ? ', loss and weight gradients' : ''} match tfjs-layers (cpu)`, async () => {
    await ready();
    await tf.setBackend('cpu');
    const rng = new Rng(17);
    const x = Float32Array.from({ length: B * 9 * 8 * 3 }, () => rng.range(-1, 1));
    const y = Float32Array.from({ length: B * 4 }, () => rng.range(-1, 1));
    const ours = sequential({
      seed: 5,
      layers: [
        conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal', inputShape: IN }),
        conv2d({ filters: 5, kernelSize: [2, 3], strides: 2, padding: 'same', activation: 'tanh', biasInitializer: 'randomNormal' }),
        conv2d({ filters: 3, kernelSize: 2, dilationRate: dilation }),
        conv2d({ filters: 2, kernelSize: 1, useBias: false }),
        flatten(),
        dense({ units: 4 }),
      ],
    });
    ours.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'meanSquaredError' });
    const t = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: IN }),
        tfl.layers.conv2d({ filters: 5, kernelSize: [2, 3], strides: 2, padding: 'same', activation: 'tanh' }),
        tfl.layers.conv2d({ filters: 3, kernelSize: 2, dilationRate: dilation }),
        tfl.layers.conv2d({ filters: 2, kernelSize: 1, useBias: false }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 4 }),
      ],
    });
    const w = ours.getWeights();
    t.setWeights(t.getWeights().map((tw, i) => {
      assert.equal(tw.shape.reduce((a, b) => a * b, 1), w[i].length, `weight ${i} size`);
      return tf.tensor(w[i], tw.shape);
    }));
    const xs = tf.tensor(x, [B, ...IN]);
    const ys = tf.tensor(y, [B, 4]);
    const theirs = t.predict(xs) as tf.Tensor;
    assertClose(ours.predict(tensor(x, [B, ...IN])).data, theirs.dataSync(), { rtol: 1e-4, atol: 1e-6, label: 'predictions' });
    if (withGrads) {
      const vars = t.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(t.apply(xs) as tf.Tensor, ys))) as tf.Scalar, vars);
      const mine = modelGradients(ours, x, IN, y, [B, 4]);
      assertClose([mine.loss], [value.dataSync()[0]], { rtol: 1e-4, atol: 1e-6, label: 'loss' });
      vars.forEach((v, i) => {
        const g = grads[v.name].dataSync();
        assert.ok(g.some((e) => Math.abs(e) > 1e-3), `gradient ${i} is not vacuous`);
        assertClose(mine.grads[i], g, { rtol: 1e-4, atol: 1e-6, label: `gradient of ${v.name}` });
      });
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([xs, ys, theirs]);
    ours.dispose();
  });
}

test.run();
