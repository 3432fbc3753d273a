// The image layers against @tensorflow/tfjs-layers / tfjs-core 4.22 on the cpu backend (float32):
// 1. the pooling kernels against tf.maxPool / tf.avgPool and their gradients (tf.grad) on awkward
//    shapes, including windows full of ties (both route the gradient to the first maximum). One
//    exception: tfjs-backend-cpu 4.22's AvgPoolGrad divides by the full window (its avgMultiplier
//    = 1 / (filterHeight * filterWidth)) even where 'same' padding leaves fewer real cells, which its
//    own forward divides by; so with 'same' we compare against the derivative of tfjs's forward
//    (average pooling is linear: one unit step per input is exact) and say where tfjs's gradient differs;
// 2. whole models: dense(tanh) on the channel axis -> the layer -> flatten -> dense(softmax), the same
//    initial weights, 3 SGD steps on one batch: every step's loss and the final weights within
//    |a - b| <= 1e-5 + 1e-4 |b| (the tolerance of tests/model/parity.test.ts, for the same reasons).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import {
  sequential, dense, flatten, sgd, tensor, Rng, batchNormalization, maxPooling2d, averagePooling2d, globalAveragePooling2d, globalMaxPooling2d, zeroPadding2d, reshape,
  type Layer, type Callback,
} from '../../src/index.js';
import { outputLength, padBefore, type Padding } from '../../src/layers/windowGeometry.js';
import { assertClose, moduleFor, put, get, randomArray } from '../helpers.js';

const tol = { rtol: 1e-4, atol: 1e-5 };

test('pooling kernels vs tf.maxPool / tf.avgPool and their gradients: odd and even sizes, C = 1, 3, 5, batch 1, ties', async () => {
  await tf.setBackend('cpu');
  const m = await moduleFor('plain');
  const rng = new Rng(11);
  for (const [N, H, W, C] of [[1, 5, 6, 1], [2, 7, 7, 3], [1, 4, 9, 5]])
    for (const [P, S] of [[2, 2], [3, 1], [3, 2], [2, 1]])
      for (const pad of ['valid', 'same'] as Padding[])
        for (const ties of [false, true]) {
          const n = N * H * W * C;
          const x = ties ? Float32Array.from({ length: n }, () => rng.int(3)) : randomArray(rng, n, -2, 2);
          const OH = outputLength(H, P, S, pad), OW = outputLength(W, P, S, pad);
          const g = [N, H, W, C, OH, OW, P, P, S, S, padBefore(H, P, S, pad), padBefore(W, P, S, pad)] as const;
          const nOut = N * OH * OW * C;
          const dy = randomArray(rng, nOut);
          const xt = tf.tensor4d(x, [N, H, W, C]);
          const dyt = tf.tensor4d(dy, [N, OH, OW, C]);
          const label = `${N}x${H}x${W}x${C} pool ${P} stride ${S} ${pad}${ties ? ' ties' : ''}`;
          const px = put(m, x), py = m.arena.alloc(4 * nOut), pa = m.arena.alloc(4 * nOut), pdy = put(m, dy), pdx = put(m, new Float32Array(n));
          m.exports.maxPool2dForward(px, py, pa, ...g);
          assertClose(get(m, py, nOut), tf.maxPool(xt, P, S, pad).dataSync(), { ...tol, label: `max ${label}` });
          m.exports.maxPool2dBackward(pdy, pa, pdx, nOut);
          const gMax = tf.grad((t) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, P, S, pad), dyt)))(xt);
          assertClose(get(m, pdx, n), gMax.dataSync(), { ...tol, label: `max grad ${label}` });
          m.exports.avgPool2dForward(px, py, ...g);
          assertClose(get(m, py, nOut), tf.avgPool(xt, P, S, pad).dataSync(), { ...tol, label: `avg ${label}` });
          m.exports.fillF32(pdx, n, 0);
          m.exports.avgPool2dBackward(pdy, pdx, ...g);
          const gAvg = tf.grad((t) => tf.sum(tf.mul(tf.avgPool(t as tf.Tensor4D, P, S, pad), dyt)))(xt);
          if (pad === 'valid') assertClose(get(m, pdx, n), gAvg.dataSync(), { ...tol, label: `avg grad ${label}` });
          else assertClose(get(m, pdx, n), forwardDerivative(x, [N, H, W, C], (t) => tf.avgPool(t, P, S, pad), dy), { ...tol, label: `avg grad ${label} (tfjs forward)` });
          tf.dispose([xt, dyt, gMax, gAvg]);
          for (const p of [px, py, pa, pdy, pdx]) m.arena.free(p);
        }
});

/** d/dx_i of sum(dy * f(x)) for a linear f, by unit steps: f(x + e_i) - f(x), in float64 sums. */
function forwardDerivative(x: Float32Array, shape: number[], f: (t: tf.Tensor4D) => tf.Tensor, dy: Float32Array): Float32Array {
  const value = (v: Float32Array) => {
    const y = tf.tidy(() => f(tf.tensor4d(v, shape as [number, number, number, number])).dataSync() as Float32Array);
    let s = 0;
    for (let j = 0; j < y.length; j++) s += y[j] * dy[j];
    return s;
  };
  const base = value(x);
  return Float32Array.from(x, (_, i) => {
    const v = x.slice();
    v[i] += 1;
    return value(v) - base;
  });
}

/** Where tfjs's AvgPoolGrad departs from its forward: a 'same' window clipped by the image. */
test("tfjs-backend-cpu's avgPool gradient with 'same' is not the derivative of its forward (why we compare against the forward)", async () => {
  await tf.setBackend('cpu');
  const x = tf.tensor4d(Float32Array.from({ length: 9 }, (_, i) => i), [1, 3, 3, 1]);
  const g = tf.grad((t) => tf.sum(tf.avgPool(t as tf.Tensor4D, 2, 2, 'same')))(x).dataSync();
  // The bottom-right input is alone in its window (forward: y = x[8] / 1), so its derivative is 1; tfjs says 1/4.
  const fwd = forwardDerivative(x.dataSync() as Float32Array, [1, 3, 3, 1], (t) => tf.avgPool(t, 2, 2, 'same'), new Float32Array([1, 1, 1, 1]));
  assert.equal([fwd[8], g[8]], [1, 0.25]);
  tf.dispose(x);
});

type Pair = [ours: () => Layer, theirs: () => tfl.layers.Layer];
// A case without flatten: the layer's output is already flat (global pooling; tfjs's flatten refuses rank 2).
const CASES: [string, number[], Pair, boolean?][] = [
  ['maxPooling2d 2 valid', [5, 6, 3], [() => maxPooling2d(), () => tfl.layers.maxPooling2d({ poolSize: 2 })]],
  ['maxPooling2d 3 stride 2 same', [7, 5, 3], [() => maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), () => tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })]],
  ['averagePooling2d [2, 3] stride 1', [5, 5, 3], [() => averagePooling2d({ poolSize: [2, 3], strides: 1 }), () => tfl.layers.averagePooling2d({ poolSize: [2, 3], strides: 1 })]],
  ['averagePooling2d 3 valid', [7, 6, 3], [() => averagePooling2d({ poolSize: 3 }), () => tfl.layers.averagePooling2d({ poolSize: 3 })]],
  ['globalAveragePooling2d', [3, 5, 3], [() => globalAveragePooling2d(), () => tfl.layers.globalAveragePooling2d({})], false],
  ['globalMaxPooling2d', [4, 3, 3], [() => globalMaxPooling2d(), () => tfl.layers.globalMaxPooling2d({})], false],
  ['zeroPadding2d [[1, 0], [2, 1]]', [3, 4, 3], [() => zeroPadding2d({ padding: [[1, 0], [2, 1]] }), () => tfl.layers.zeroPadding2d({ padding: [[1, 0], [2, 1]] })]],
  ['batchNormalization on 4-D', [3, 4, 3], [() => batchNormalization(), () => tfl.layers.batchNormalization({})]],
  ['reshape [-1, 2, 6]', [2, 2, 3], [() => reshape({ targetShape: [-1, 2, 6] }), () => tfl.layers.reshape({ targetShape: [1, 2, 6] })]],
];

for (const [name, shape, [ours, theirs], flat = true] of CASES) {
  test(`parity with tfjs-layers: dense -> ${name}${flat ? ' -> flatten' : ''} -> dense(softmax), 3 SGD steps`, async () => {
    await ready();
    await tf.setBackend('cpu');
    const [H, W, C] = shape;
    const N = 4;
    const rng = new Rng(5);
    const X = randomArray(rng, N * H * W * C, -1.5, 1.5);
    const Y = new Float32Array(N * 3);
    for (let i = 0; i < N; i++) Y[i * 3 + rng.int(3)] = 1;
    const m = sequential({ seed: 4, layers: [dense({ units: C, activation: 'tanh', inputShape: shape }), ours(), ...(flat ? [flatten()] : []), dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: sgd({ learningRate: 0.5 }), loss: 'categoricalCrossentropy' });
    const t = tfl.sequential({ layers: [tfl.layers.dense({ units: C, activation: 'tanh', inputShape: shape }), theirs(), ...(flat ? [tfl.layers.flatten()] : []), tfl.layers.dense({ units: 3, activation: 'softmax' })] });
    const w0 = m.getWeights();
    // Layer by layer: tfjs's model-level weight order puts every non-trainable weight last.
    let at = 0;
    for (const l of t.layers) l.setWeights(l.getWeights().map((w) => tf.tensor(w0[at++], w.shape)));
    const theirWeights = () => t.layers.flatMap((l) => l.getWeights().map((w) => w.dataSync() as Float32Array));
    t.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
    const losses: number[] = [];
    const rec: Callback = { onBatchEnd: (_b, logs) => void losses.push(logs.loss) };
    await m.fit(tensor(X, [N, ...shape]), tensor(Y, [N, 3]), { epochs: 3, batchSize: N, shuffle: false, verbose: 0, callbacks: [rec] });
    const xs = tf.tensor(X, [N, ...shape]);
    const ys = tf.tensor2d(Y, [N, 3]);
    const h = await t.fit(xs, ys, { epochs: 3, batchSize: N, shuffle: false, verbose: 0 });
    assertClose(losses, h.history.loss as number[], { ...tol, label: `${name} losses` });
    const tw = theirWeights();
    m.getWeights().forEach((w, i) => assertClose(w, tw[i], { ...tol, label: `${name} weight ${i}` }));
    // The first dense layer's kernel moved: gradients flowed back through the layer under test.
    assert.ok(Math.abs(m.getWeights()[0][0] - w0[0][0]) > 1e-4, `${name}: first kernel did not move`);
    const pred = t.predict(xs) as tf.Tensor;
    assertClose(m.predict(tensor(X, [N, ...shape])).data, pred.dataSync(), { ...tol, label: `${name} predict` });
    tf.dispose([xs, ys, pred, ...t.getWeights()]);
    m.dispose();
  });
}

test.run();
