// DepthwiseConv2D and SeparableConv2D parity with @tensorflow/tfjs-layers 4.22 on the tfjs cpu backend
// (float32), as tests/model/convParity.test.ts does for Conv2D: the same stack (depth multipliers 1,
// 2 and 3, 'same' with an even kernel, stride 2, C = 3 and 6, relu/tanh, no-bias), the same weights
// copied in, the same batch; predictions, the MSE loss and every weight gradient (tf.variableGrads)
// within |a - b| <= 1e-6 + 1e-4 |b|. tfjs-layers' DepthwiseConv2D ignores dilation (its call passes
// null), so dilation is compared on SeparableConv2D only, predictions only (tfjs has no depthwise
// gradient with dilation > 1).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, depthwiseConv2d, separableConv2d, flatten, dense, sgd, tensor, Rng } from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { modelGradients } from './gradcheckModel.js';

const B = 4;
const IN = [9, 8, 3];

for (const dilation of [1, 2]) {
  const withGrads = dilation === 1;
  test(`depthwise/separable stack, separable dilation ${dilation}: predictions${withGrads ? ', loss and weight gradients' : ''} match tfjs-layers (cpu)`, async () => {
    await ready();
    await tf.setBackend('cpu');
    const rng = new Rng(23);
    const x = Float32Array.from({ length: B * 9 * 8 * 3 }, () => rng.range(-1, 1));
    const y = Float32Array.from({ length: B * 3 }, () => rng.range(-1, 1));
    const ours = sequential({
      seed: 9,
      layers: [
        depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal', inputShape: IN }),
        separableConv2d({ filters: 5, kernelSize: [2, 3], strides: 2, padding: 'same', activation: 'tanh', biasInitializer: 'randomNormal' }),
        depthwiseConv2d({ kernelSize: 2, depthMultiplier: 3, useBias: false }),
        separableConv2d({ filters: 3, kernelSize: 2, dilationRate: dilation, biasInitializer: 'randomNormal' }),
        flatten(),
        dense({ units: 3 }),
      ],
    });
    ours.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'meanSquaredError' });
    const t = tfl.sequential({
      layers: [
        tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu', inputShape: IN }),
        tfl.layers.separableConv2d({ filters: 5, kernelSize: [2, 3], strides: 2, padding: 'same', activation: 'tanh' }),
        tfl.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 3, useBias: false }),
        tfl.layers.separableConv2d({ filters: 3, kernelSize: 2, dilationRate: dilation }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    assert.equal(t.outputShape, [null, 3]);
    const w = ours.getWeights();
    const tw = t.getWeights();
    assert.is(tw.length, w.length, 'weight count');
    t.setWeights(tw.map((v, i) => {
      assert.equal(v.shape.reduce((a, b) => a * b, 1), w[i].length, `weight ${i} size`);
      return tf.tensor(w[i], v.shape);
    }));
    const xs = tf.tensor(x, [B, ...IN]);
    const ys = tf.tensor(y, [B, 3]);
    const theirs = t.predict(xs) as tf.Tensor;
    const mineY = ours.predict(tensor(x, [B, ...IN])).data;
    assert.ok(mineY.some((v) => Math.abs(v) > 1e-2), 'predictions are not vacuous');
    assertClose(mineY, theirs.dataSync(), { rtol: 1e-4, atol: 1e-6, label: 'predictions' });
    if (withGrads) {
      const vars = t.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(t.apply(xs) as tf.Tensor, ys))) as tf.Scalar, vars);
      const mine = modelGradients(ours, x, IN, y, [B, 3]);
      assertClose([mine.loss], [value.dataSync()[0]], { rtol: 1e-4, atol: 1e-6, label: 'loss' });
      assert.is(mine.grads.length, vars.length, 'gradient count');
      vars.forEach((v, i) => {
        const g = grads[v.name].dataSync();
        assert.ok(g.some((e) => Math.abs(e) > 1e-3), `gradient ${i} (${v.name}) is not vacuous`);
        assertClose(mine.grads[i], g, { rtol: 1e-4, atol: 1e-6, label: `gradient of ${v.name}` });
      });
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([xs, ys, theirs]);
    ours.dispose();
  });
}

test.run();
