// returnState on lstm, gru and bidirectional (Keras 3: the outputs are [output, ...final states];
// bidirectional: forward states, then backward states), read by model.predictWithStates: against
// tfjs-layers 4.22 on the cpu backend (layer.apply on the same weights returns the same list), the
// states over padded steps (the state after the last real step), the train-then-copy workflow,
// save/load in both formats, and the typed errors where a sequential model cannot go.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, lstm, gru, bidirectional, dense, embedding, adam, tensor, Rng, loadModel, saveTfjs, loadTfjs, SimdnetError } from '../../src/index.js';
import { assertClose, randomArray } from '../helpers.js';

const SIG = { recurrentActivation: 'sigmoid' as const };
// tfjs-layers' Orthogonal initializer throws on the cpu backend in Node; ours overwrite its weights.
const TF = { ...SIG, recurrentInitializer: 'zeros' as const };

test('predictWithStates = tfjs-layers apply() with returnState: lstm, gru (resetAfter false), bidirectional, returnSequences both ways', async () => {
  await ready();
  await tf.setBackend('cpu');
  const [B, T, C, U] = [3, 4, 2, 5];
  const rng = new Rng(4);
  const x = randomArray(rng, B * T * C, -1.5, 1.5);
  const cases = [
    { label: 'lstm', ours: () => lstm({ units: U, returnState: true, ...SIG, inputShape: [T, C] }), theirs: () => tfl.layers.lstm({ units: U, returnState: true, ...TF }), states: 2 },
    { label: 'lstm returnSequences goBackwards', ours: () => lstm({ units: U, returnState: true, returnSequences: true, goBackwards: true, ...SIG, inputShape: [T, C] }), theirs: () => tfl.layers.lstm({ units: U, returnState: true, returnSequences: true, goBackwards: true, ...TF }), states: 2 },
    { label: 'gru resetAfter false', ours: () => gru({ units: U, returnState: true, resetAfter: false, ...SIG, inputShape: [T, C] }), theirs: () => tfl.layers.gru({ units: U, returnState: true, ...TF }), states: 1 },
    { label: 'bidirectional(lstm) concat', ours: () => bidirectional({ layer: lstm({ units: U, returnState: true, ...SIG }), inputShape: [T, C] }), theirs: () => tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: U, returnState: true, ...TF }) as never }), states: 4 },
    { label: 'bidirectional(gru) ave', ours: () => bidirectional({ layer: gru({ units: U, returnState: true, returnSequences: true, resetAfter: false, ...SIG }), mergeMode: 'ave', inputShape: [T, C] }), theirs: () => tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: U, returnState: true, returnSequences: true, ...TF }) as never, mergeMode: 'ave' }), states: 2 },
  ];
  for (const c of cases) {
    const m = sequential({ seed: 1, layers: [c.ours()] });
    const w = m.getWeights().map((a) => randomArray(rng, a.length, -0.7, 0.7));
    m.setWeights(w);
    const theirs = c.theirs();
    const xs = tf.tensor3d(x, [B, T, C]);
    theirs.apply(xs); // builds its weights
    theirs.setWeights(theirs.getWeights().map((t, i) => tf.tensor(w[i], t.shape)));
    const want = theirs.apply(xs) as tf.Tensor[];
    const got = m.predictWithStates(tensor(x, [B, T, C]), { batchSize: 2 });
    assert.is(got.length, 1 + c.states, `${c.label}: [output, ...states]`);
    assert.is(want.length, got.length, `${c.label}: tfjs list length`);
    got.forEach((g, i) => {
      assert.equal(g.shape, want[i].shape, `${c.label}: shape of output ${i}`);
      assertClose(g.data, want[i].dataSync(), { rtol: 1e-4, atol: 1e-6, label: `${c.label}: output ${i}` });
    });
    tf.dispose([xs, ...want]);
    m.dispose();
  }
});

test('over padded steps the states are those after the last real step (a shorter sequence gives the same)', async () => {
  await ready();
  const [V, D, U] = [6, 3, 4];
  const padded = Int32Array.from([1, 2, 3, 0, 0, 4, 5, 1, 0, 0]);
  const short = Int32Array.from([1, 2, 3, 4, 5, 1]);
  for (const make of [() => lstm({ units: U, returnState: true }), () => gru({ units: U, returnState: true })]) {
    const a = sequential({ seed: 2, layers: [embedding({ inputDim: V, outputDim: D, maskZero: true, inputShape: [5] }), make()] });
    const b = sequential({ seed: 2, layers: [embedding({ inputDim: V, outputDim: D, maskZero: true, inputShape: [3] }), make()] });
    b.setWeights(a.getWeights());
    const sa = a.predictWithStates(tensor(padded, [2, 5]));
    const sb = b.predictWithStates(tensor(short, [2, 3]));
    sa.forEach((t, i) => assertClose(t.data, sb[i].data, { rtol: 1e-6, atol: 1e-7, label: `output ${i}` }));
    assertClose(sa[1].data, sa[0].data, { rtol: 0, atol: 0, label: 'without returnSequences the output is h' });
    a.dispose();
    b.dispose();
  }
});

test('workflow: train with returnState false, copy the weights, read the states; save/load keeps returnState', async () => {
  await ready();
  const [B, T, C] = [8, 3, 2];
  const rng = new Rng(5);
  const x = tensor(randomArray(rng, B * T * C), [B, T, C]);
  const y = tensor(randomArray(rng, B * 3), [B, 3]);
  const trained = sequential({ seed: 3, layers: [lstm({ units: 3, inputShape: [T, C] })] });
  trained.compile({ optimizer: adam(), loss: 'meanSquaredError' });
  await trained.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, seed: 1 });
  const enc = sequential({ seed: 9, layers: [lstm({ units: 3, returnState: true, inputShape: [T, C] })] });
  enc.setWeights(trained.getWeights());
  const [out, h, c] = enc.predictWithStates(x);
  assert.equal(Array.from(out.data), Array.from(trained.predict(x).data));
  assert.equal(Array.from(h.data), Array.from(out.data));
  assert.equal(c.shape, [B, 3]);
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-rnnstate-'));
  try {
    await enc.save(dir);
    const back = await loadModel(dir);
    assert.equal(back.predictWithStates(x).map((t) => Array.from(t.data)), [out, h, c].map((t) => Array.from(t.data)));
    await saveTfjs(enc, join(dir, 'tfjs'));
    const t = await loadTfjs(join(dir, 'tfjs'));
    assert.equal(t.predictWithStates(x).map((v) => Array.from(v.data)), [out, h, c].map((v) => Array.from(v.data)));
    for (const m of [back, t]) m.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  trained.dispose();
  enc.dispose();
});

test('errors: returnState before another layer, fit/evaluate/predict of a model with states, predictWithStates without', async () => {
  await ready();
  const code = (f: () => unknown, c: string, fn: string) => assert.throws(f, (e: SimdnetError) => e instanceof SimdnetError && e.code === c && e.fn === fn, `${fn} ${c}`);
  code(() => sequential({ layers: [lstm({ units: 2, returnState: true, inputShape: [3, 2] }), dense({ units: 1 })] }).build(), 'ERR_UNSUPPORTED', 'build');
  const m = sequential({ layers: [gru({ units: 2, returnState: true, inputShape: [3, 2] })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const x = tensor(new Float32Array(12), [2, 3, 2]);
  const y = tensor(new Float32Array(4), [2, 2]);
  let err: unknown = null;
  await m.fit(x, y, { verbose: 0 }).catch((e) => (err = e));
  assert.ok(err instanceof SimdnetError && err.code === 'ERR_UNSUPPORTED' && /returnState false/.test(err.message), String(err));
  code(() => m.evaluate(x, y), 'ERR_UNSUPPORTED', 'evaluate');
  code(() => m.predict(x), 'ERR_UNSUPPORTED', 'predict');
  const plain = sequential({ layers: [gru({ units: 2, inputShape: [3, 2] })] });
  code(() => plain.predictWithStates(x), 'ERR_STATE', 'predictWithStates');
  m.dispose();
  plain.dispose();
});

test.run();
