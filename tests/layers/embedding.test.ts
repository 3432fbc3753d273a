// The embedding layer (src/layers/embedding.ts) through the model: Int32 token ids in, the table's
// rows out; its gradient (scatter-add) against finite differences and against tfjs-layers 4.22 on
// the cpu backend; the optimizer step over the whole table (as Keras); ids outside [0, inputDim)
// refused in TypeScript naming the sample, the position and the id; the mask-flow errors; and the
// tfjs format both ways. Awkward sizes: vocabulary 1, T = 1, outputDim 5 and 7 (not multiples of 4).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, embedding, flatten, dense, sgd, adam, tensor, Rng, ValidationError, SimdnetError, saveTfjs, loadTfjs, type Layer } from '../../src/index.js';
import { assertClose, randomArray } from '../helpers.js';
import { modelGradients } from '../model/gradcheckModel.js';
import { loadWithTfjs, dirSaver } from '../io/tfjsFiles.js';

const ids = (rng: Rng, n: number, V: number) => Int32Array.from({ length: n }, () => rng.int(V));

test('predict gathers the table rows for Int32 ids and for Float32 holding integers (vocab 1, T = 1, D = 5; V = 11, T = 7, D = 7)', async () => {
  await ready();
  for (const [V, T, D] of [[1, 1, 5], [11, 7, 7], [3, 4, 4]]) {
    const m = sequential({ seed: 1, layers: [embedding({ inputDim: V, outputDim: D, inputShape: [T] })] });
    const x = ids(new Rng(V), 3 * T, V);
    const table = m.getWeights()[0];
    assert.ok(table.every((v) => v >= -0.05 && v <= 0.05) && table.some((v) => v !== 0), "'uniform' init: RandomUniform(-0.05, 0.05)");
    const want = new Float32Array(3 * T * D);
    x.forEach((id, i) => want.set(table.subarray(id * D, (id + 1) * D), i * D));
    const y = m.predict(tensor(x, [3, T]));
    assert.equal(y.shape, [3, T, D]);
    assert.equal(Array.from(y.data), Array.from(want), `V=${V} T=${T} D=${D} Int32`);
    assert.equal(Array.from(m.predict(tensor(Float32Array.from(x), [3, T])).data), Array.from(want), 'Float32 ids are cast');
    m.dispose();
  }
});

test('bad ids are ValidationErrors naming x[sample][position] and the id, raised in TypeScript for predict, fit and evaluate', async () => {
  await ready();
  const m = sequential({ seed: 1, layers: [embedding({ inputDim: 4, outputDim: 3, inputShape: [5] }), flatten(), dense({ units: 2 })] });
  m.compile({ optimizer: sgd(), loss: 'meanSquaredError' });
  const y = tensor(new Float32Array(4), [2, 2]);
  const cases: [Int32Array | Float32Array, string, unknown][] = [
    [Int32Array.from([0, 1, 2, 3, 0, 1, 2, 4, 0, 0]), 'x[1][2]', 4],
    [Int32Array.from([0, 1, 2, 3, -1, 1, 2, 3, 0, 0]), 'x[0][4]', -1],
    [Float32Array.from([0, 1, 2, 3, 0, 1, 2.5, 3, 0, 0]), 'x[1]', 2.5],
    [Float32Array.from([0, 1, 2, 3, 0, 1, NaN, 3, 0, 0]), 'x[1]', NaN],
  ];
  for (const [data, arg, got] of cases) {
    const x = tensor(data as Int32Array, [2, 5]);
    for (const call of [() => m.predict(x), () => m.fit(x, y, { epochs: 1, verbose: 0 }), () => m.evaluate(x, y)]) {
      let err: unknown;
      try {
        await call();
      } catch (e) {
        err = e;
      }
      assert.instance(err, ValidationError, `${arg}: a ValidationError`);
      assert.is((err as ValidationError).arg, arg);
      assert.ok(Object.is((err as ValidationError & { got: unknown }).got, got) || String((err as Error).message).includes(String(got)), `${arg}: names the id ${got}: ${(err as Error).message}`);
      assert.match((err as Error).message, /embedding/);
    }
  }
  // Still usable: nothing reached wasm.
  assert.is(m.predict(tensor(new Int32Array(10), [2, 5])).shape[1], 2);
  m.dispose();
});

test('mask flow: maskZero reaching the output, a layer that cannot take a mask, embedding not first: typed errors at build', async () => {
  await ready();
  const build = (layers: Layer[]) => {
    try {
      sequential({ layers }).build([4]);
    } catch (e) {
      return e as SimdnetError;
    }
    return null;
  };
  const e1 = build([embedding({ inputDim: 5, outputDim: 3, maskZero: true }), dense({ units: 2 })]);
  assert.instance(e1, SimdnetError);
  assert.is(e1!.code, 'ERR_UNSUPPORTED');
  assert.match(e1!.message, /reaches the model's output/);
  const e2 = build([embedding({ inputDim: 5, outputDim: 3, maskZero: true }), flatten(), dense({ units: 2 })]);
  assert.instance(e2, SimdnetError);
  assert.match(e2!.message, /'flatten[^']*' \(Flatten\) cannot take the mask/);
  const e3 = build([dense({ units: 3 }), embedding({ inputDim: 5, outputDim: 3 })]);
  assert.instance(e3, SimdnetError);
  assert.match(e3!.message, /must be the first layer/);
  // maskZero false: no mask, the same stack builds.
  assert.is(build([embedding({ inputDim: 5, outputDim: 3 }), flatten(), dense({ units: 2 })]), null);
});

test('options: Keras names and defaults, typed errors for bad values', () => {
  const e = embedding({ inputDim: 7, outputDim: 2 });
  assert.is(e.maskZero, false);
  assert.is(e.embeddingsInitializer.className, 'RandomUniform');
  assert.equal(embedding({ inputDim: 7, outputDim: 2, inputLength: 9 }).inputShape, [9]);
  for (const [o, arg] of [[{ inputDim: 0, outputDim: 2 }, 'inputDim'], [{ inputDim: 3, outputDim: 1.5 }, 'outputDim'], [{ inputDim: 3, outputDim: 2, maskZero: 1 }, 'maskZero'],
    [{ inputDim: 3, outputDim: 2, inputLength: 4, inputShape: [5] }, 'inputLength'], [{ inputDim: 3, outputDim: 2, units: 3 }, 'units']] as [Record<string, unknown>, string][]) {
    assert.throws(() => embedding(o as never), (err: ValidationError) => err instanceof ValidationError && err.arg === arg, arg);
  }
  assert.throws(() => sequential({ layers: [embedding({ inputDim: 3, outputDim: 2 })] }).build([4, 2]), /timesteps/);
});

/** embedding -> flatten -> dense(tanh) -> dense, MSE: the gradient of every weight at fixed ids. */
function stack(V: number, T: number, D: number, seed: number) {
  return sequential({ seed, layers: [embedding({ inputDim: V, outputDim: D, inputShape: [T] }), flatten(), dense({ units: 3, activation: 'tanh', biasInitializer: 'randomNormal' }), dense({ units: 2 })] });
}

test('finite differences: the table gradient (scatter-add, repeated ids) through a dense head', async () => {
  await ready();
  for (const [V, T, D] of [[1, 1, 5], [6, 3, 7], [4, 5, 4]]) {
    const B = 3;
    const m = stack(V, T, D, 2);
    m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'meanSquaredError' });
    // Scale the table up so the gradients are not tiny (the default init is +-0.05).
    const w = m.getWeights();
    const rng = new Rng(V + T);
    w[0] = randomArray(rng, V * D);
    m.setWeights(w);
    const x = ids(rng, B * T, V);
    const y = randomArray(rng, B * 2);
    const base = modelGradients(m, x as unknown as Float32Array, [T], y, [B, 2]);
    const g = base.grads[0];
    const h = 1e-2;
    let checked = 0;
    for (let i = 0; i < V * D; i++) {
      const row = Math.floor(i / D);
      const wp = m.getWeights(), wm = m.getWeights();
      wp[0][i] += h;
      wm[0][i] -= h;
      m.setWeights(wp);
      const up = modelGradients(m, x as unknown as Float32Array, [T], y, [B, 2]).loss;
      m.setWeights(wm);
      const down = modelGradients(m, x as unknown as Float32Array, [T], y, [B, 2]).loss;
      m.setWeights(w);
      const fd = (up - down) / (2 * h);
      assert.ok(Math.abs(fd - g[i]) <= 2e-4 + 1e-2 * Math.abs(g[i]), `V=${V} T=${T} D=${D} embeddings[${row}][${i % D}]: numeric ${fd}, analytic ${g[i]}`);
      if (!x.includes(row)) assert.is(g[i], 0, `row ${row} is in no token: zero gradient`);
      checked++;
    }
    assert.ok(checked >= 5 && g.some((v) => Math.abs(v) > 1e-2), `V=${V}: gradients not vacuous`);
    m.dispose();
  }
});

test('the optimizer steps over the whole table (as Keras): SGD leaves unused rows, Adam moves them by momentum', async () => {
  await ready();
  const V = 6, T = 2, D = 3;
  for (const [opt, unusedMoves] of [[() => sgd({ learningRate: 0.1 }), false], [() => adam({ learningRate: 0.1 }), true]] as const) {
    const m = stack(V, T, D, 4);
    m.compile({ optimizer: opt(), loss: 'meanSquaredError' });
    const y = tensor(Float32Array.from([1, -1]), [1, 2]);
    await m.fit(tensor(Int32Array.from([1, 2]), [1, T]), y, { epochs: 1, batchSize: 1, verbose: 0, shuffle: false });
    const before = m.getWeights()[0].slice();
    await m.fit(tensor(Int32Array.from([3, 3]), [1, T]), y, { epochs: 1, batchSize: 1, verbose: 0, shuffle: false });
    const after = m.getWeights()[0];
    const moved = (r: number) => after.subarray(r * D, (r + 1) * D).some((v, j) => v !== before[r * D + j]);
    assert.ok(moved(3), 'the row in the batch moves');
    assert.is(moved(1), unusedMoves, `row 1 (in the previous batch only) ${unusedMoves ? 'moves under Adam momentum' : 'stays under SGD'}`);
    assert.is(moved(5), false, 'row 5, never used, has zero moments and stays');
    m.dispose();
  }
});

test('tfjs-layers (cpu) parity: predictions, MSE loss and every weight gradient within 1e-4 relative', async () => {
  await ready();
  await tf.setBackend('cpu');
  const [V, T, D, B] = [9, 4, 5, 6];
  const ours = stack(V, T, D, 7);
  ours.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'meanSquaredError' });
  const w = ours.getWeights();
  const rng = new Rng(8);
  w[0] = randomArray(rng, V * D);
  ours.setWeights(w);
  const t = tfl.sequential({
    layers: [tfl.layers.embedding({ inputDim: V, outputDim: D, inputLength: T }), tfl.layers.flatten(), tfl.layers.dense({ units: 3, activation: 'tanh' }), tfl.layers.dense({ units: 2 })],
  });
  t.setWeights(t.getWeights().map((tw, i) => tf.tensor(w[i], tw.shape)));
  const x = ids(rng, B * T, V);
  const y = randomArray(rng, B * 2);
  const xs = tf.tensor2d(Float32Array.from(x), [B, T]);
  const ys = tf.tensor2d(y, [B, 2]);
  const theirs = t.predict(xs) as tf.Tensor;
  assertClose(ours.predict(tensor(x, [B, T])).data, theirs.dataSync(), { rtol: 1e-4, atol: 1e-6, label: 'predictions' });
  const vars = t.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
  const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(t.apply(xs) as tf.Tensor, ys))) as tf.Scalar, vars);
  const mine = modelGradients(ours, x as unknown as Float32Array, [T], y, [B, 2]);
  assertClose([mine.loss], [value.dataSync()[0]], { rtol: 1e-4, atol: 1e-6, label: 'loss' });
  vars.forEach((v, i) => {
    const g = grads[v.name].dataSync();
    assert.ok(g.some((e) => Math.abs(e) > 1e-3), `gradient ${v.name} is not vacuous`);
    assertClose(mine.grads[i], g, { rtol: 1e-4, atol: 1e-6, label: `gradient of ${v.name}` });
  });
  tf.dispose([xs, ys, theirs, value, ...Object.values(grads)]);
  t.dispose();
  ours.dispose();
});

test('tfjs format both ways: a trained embedding model loads in tfjs-layers and a tfjs-layers one loads here, predictions within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const [V, T, D, N] = [13, 6, 7, 8];
  const rng = new Rng(9);
  const x = ids(rng, N * T, V);
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-tfjs-emb-'));
  const m = stack(V, T, D, 3);
  m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
  await m.fit(tensor(x, [N, T]), tensor(randomArray(rng, N * 2), [N, 2]), { epochs: 2, batchSize: 4, verbose: 0, seed: 1 });
  await saveTfjs(m, dir);
  const t = await loadWithTfjs(dir);
  assert.equal(t.layers.map((l) => l.getClassName()), ['Embedding', 'Flatten', 'Dense', 'Dense']);
  const theirs = t.predict(tf.tensor2d(Float32Array.from(x), [N, T])) as tf.Tensor;
  assertClose(m.predict(tensor(x, [N, T])).data, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'simdnet -> tfjs' });
  tf.dispose(theirs);
  t.dispose();
  const t2 = tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: V, outputDim: D, inputLength: T, embeddingsInitializer: 'randomNormal' }), tfl.layers.flatten(), tfl.layers.dense({ units: 3 })] });
  await t2.save(dirSaver(dir));
  const m2 = await loadTfjs(dir);
  assert.equal(m2.layers.map((l) => l.className), ['Embedding', 'Flatten', 'Dense']);
  const theirs2 = t2.predict(tf.tensor2d(Float32Array.from(x), [N, T])) as tf.Tensor;
  assertClose(m2.predict(tensor(x, [N, T])).data, theirs2.dataSync(), { rtol: 0, atol: 1e-5, label: 'tfjs -> simdnet' });
  tf.dispose(theirs2);
  t2.dispose();
  m.dispose();
  m2.dispose();
  await rm(dir, { recursive: true, force: true });
});

test.run();
