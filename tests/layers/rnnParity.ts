// Shared by the recurrent-layer suites: the same stack in simdnet and in tfjs-layers 4.22 (cpu backend)
// with the same weights, compared on predictions, the MSE loss and every trainable weight's gradient
// (tf.variableGrads against one simdnet backward at learning rate 0). Weights are drawn uniform in
// [-scale, scale] so the gates are not saturated and the gradients are not tiny; tfjs receives them in
// getWeights() order, which is Keras's (kernel, recurrent_kernel, bias; forward then backward half).
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { sgd, tensor, Rng, type Sequential } from '../../src/index.js';
import { assertClose, randomArray } from '../helpers.js';
import { modelGradients } from '../model/gradcheckModel.js';

export interface ParityCase {
  label: string;
  ours: Sequential;
  theirs: tfl.Sequential;
  /** Per-sample input shape and the batch; x is Int32 token ids when `vocab` is set, else floats. */
  inShape: number[];
  batch: number;
  vocab?: number;
  /** Token ids to use instead of random ones (masks: padded rows, padded steps). */
  ids?: Int32Array;
  seed: number;
  scale?: number;
}

export async function checkParity(c: ParityCase): Promise<void> {
  try {
    await parity(c);
  } catch (e) {
    if (e instanceof Error && !e.message.includes(c.label)) e.message = `${c.label}: ${e.message}`;
    throw e;
  }
}

async function parity(c: ParityCase): Promise<void> {
  await tf.setBackend('cpu');
  const { ours, theirs, inShape, batch: B } = c;
  const rng = new Rng(c.seed);
  ours.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'meanSquaredError' });
  const w = ours.getWeights().map((a) => randomArray(rng, a.length, -(c.scale ?? 0.7), c.scale ?? 0.7));
  ours.setWeights(w);
  const tw = theirs.getWeights();
  assert.equal(tw.map((t) => t.size), w.map((a) => a.length), `${c.label}: the same weights in the same order`);
  theirs.setWeights(tw.map((t, i) => tf.tensor(w[i], t.shape)));
  const n = B * inShape.reduce((a, b) => a * b, 1);
  const x = c.ids ?? (c.vocab ? Int32Array.from({ length: n }, () => rng.int(c.vocab!)) : randomArray(rng, n, -1.5, 1.5));
  const outShape = ours.outputShape;
  const y = randomArray(rng, B * outShape.reduce((a, b) => a * b, 1));
  const xs = tf.tensor(Float32Array.from(x), [B, ...inShape]);
  const ys = tf.tensor(y, [B, ...outShape]);
  const pred = theirs.predict(xs) as tf.Tensor;
  assert.equal(pred.shape, [B, ...outShape], `${c.label}: tfjs output shape`);
  assertClose(ours.predict(tensor(x as Float32Array, [B, ...inShape])).data, pred.dataSync(), { rtol: 1e-4, atol: 1e-6, label: `${c.label}: predictions` });
  const vars = theirs.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
  const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(theirs.apply(xs) as tf.Tensor, ys))) as tf.Scalar, vars);
  const mine = modelGradients(ours, x as Float32Array, inShape, y, [B, ...outShape]);
  assertClose([mine.loss], [value.dataSync()[0]], { rtol: 1e-4, atol: 1e-7, label: `${c.label}: loss` });
  vars.forEach((v, i) => {
    const g = grads[v.name].dataSync();
    assertClose(mine.grads[i], g, { rtol: 1e-4, atol: 1e-6, label: `${c.label}: gradient of ${v.name}` });
  });
  assert.ok(mine.grads.some((g) => g.some((e) => Math.abs(e) > 1e-3)), `${c.label}: gradients are not vacuous`);
  tf.dispose([xs, ys, pred, value, ...Object.values(grads)]);
  theirs.dispose();
  ours.dispose();
}
