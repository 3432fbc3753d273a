// The bidirectional wrapper (src/layers/recurrent/bidirectional.ts) against tfjs-layers 4.22 on the
// cpu backend (predictions, loss and every weight gradient within 1e-4 relative) for every merge mode,
// LSTM and GRU (resetAfter false), returnSequences both ways, goBackwards on the wrapped layer, masks
// from embedding({maskZero: true}) and a dense before it (dx from both directions); finite
// differences (GRU resetAfter true, which tfjs cannot compute; mul); save/load both formats; errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, bidirectional, lstm, gru, dense, embedding, adam, tensor, Rng, loadModel, saveTfjs, loadTfjs, ValidationError, type MergeMode } from '../../src/index.js';
import { checkParity } from './rnnParity.js';
import { check } from '../model/gradcheckModel.js';
import { assertClose, randomArray } from '../helpers.js';
import { loadWithTfjs, dirSaver } from '../io/tfjsFiles.js';

const SIG = { recurrentActivation: 'sigmoid' as const };
// tfjs-layers' Orthogonal initializer throws on the cpu backend in Node; ours overwrite its weights.
const TF = { ...SIG, recurrentInitializer: 'zeros' as const };
const MODES: MergeMode[] = ['concat', 'sum', 'mul', 'ave'];

test('tfjs-layers parity: every merge mode, LSTM and GRU, returnSequences both ways, a dense before it', async () => {
  await ready();
  const [T, C, B] = [4, 3, 3];
  let seed = 1;
  for (const mergeMode of MODES) {
    for (const [cls, ours, theirs] of [['lstm', lstm, tfl.layers.lstm], ['gru', (o: object) => gru({ ...o, resetAfter: false } as never), tfl.layers.gru]] as const) {
      for (const returnSequences of [false, true]) {
        const o = { units: cls === 'lstm' ? 3 : 5, returnSequences, goBackwards: seed % 3 === 0 };
        await checkParity({
          label: `${mergeMode} ${cls} ${JSON.stringify(o)}`,
          ours: sequential({ seed, layers: [dense({ units: 4, activation: 'tanh', inputShape: [T, C] }), bidirectional({ layer: ours({ ...o, ...SIG } as never), mergeMode })] }),
          theirs: tfl.sequential({ layers: [tfl.layers.dense({ units: 4, activation: 'tanh', inputShape: [T, C] }), tfl.layers.bidirectional({ layer: theirs({ ...o, ...TF }) as never, mergeMode })] }),
          inShape: [T, C], batch: B, seed: seed++,
        });
      }
    }
  }
});

test('tfjs-layers parity with masks: embedding({maskZero}) -> bidirectional(lstm, returnSequences) -> bidirectional(gru), T = 1, batch 1', async () => {
  await ready();
  const [V, T] = [6, 5];
  const ids = Int32Array.from([0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 5, 1, 2, 0, 3, 0, 5]);
  let seed = 40;
  for (const [m1, m2] of [['concat', 'ave'], ['mul', 'sum']] as const) {
    await checkParity({
      label: `masked ${m1} -> ${m2}`,
      ours: sequential({ seed, layers: [embedding({ inputDim: V, outputDim: 3, maskZero: true, inputShape: [T] }), bidirectional({ layer: lstm({ units: 3, returnSequences: true, ...SIG }), mergeMode: m1 }), bidirectional({ layer: gru({ units: 2, resetAfter: false, ...SIG }), mergeMode: m2 })] }),
      theirs: tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: V, outputDim: 3, maskZero: true, inputLength: T }), tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 3, returnSequences: true, ...TF }) as never, mergeMode: m1 }), tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: 2, ...TF }) as never, mergeMode: m2 })] }),
      inShape: [T], batch: 4, ids, seed: seed++, scale: 1,
    });
  }
  await checkParity({
    label: 'T = 1, batch 1, units 1',
    ours: sequential({ seed, layers: [bidirectional({ layer: lstm({ units: 1, returnSequences: true, ...SIG }), inputShape: [1, 2] })] }),
    theirs: tfl.sequential({ layers: [tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 1, returnSequences: true, ...TF }) as never, inputShape: [1, 2] })] }),
    inShape: [1, 2], batch: 1, seed,
  });
});

test('finite differences: bidirectional GRU (resetAfter true) concat and mul, LSTM ave, after a dense', async () => {
  await ready();
  const y = randomArray(new Rng(3), 3 * 2);
  check([dense({ units: 3, activation: 'tanh', inputShape: [4, 2] }), bidirectional({ layer: gru({ units: 3, returnSequences: true, biasInitializer: 'randomNormal' }) }), bidirectional({ layer: gru({ units: 2, biasInitializer: 'randomNormal' }), mergeMode: 'mul' })], 'meanSquaredError', [4, 2], y, [3, 2]);
  check([dense({ units: 3, activation: 'tanh', inputShape: [3, 2] }), bidirectional({ layer: lstm({ units: 5, goBackwards: true }), mergeMode: 'ave' }), dense({ units: 2 })], 'meanSquaredError', [3, 2], y, [3, 2]);
});

test('save/load: model.save/loadModel bit-identical; tfjs format both ways within 1e-5', async () => {
  await ready();
  await tf.setBackend('cpu');
  const [V, T, N] = [7, 5, 4];
  const ids = Int32Array.from([0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 4, 5, 6, 1, 3, 0, 0, 4, 1, 5]);
  const dirs = await Promise.all([0, 1, 2].map(() => mkdtemp(join(tmpdir(), 'simdnet-bidi-'))));
  let dir = dirs[0];
  try {
    const m = sequential({ seed: 4, layers: [embedding({ inputDim: V, outputDim: 3, maskZero: true, inputShape: [T] }), bidirectional({ layer: lstm({ units: 3, returnSequences: true }), mergeMode: 'sum' }), bidirectional({ layer: gru({ units: 2, resetAfter: false }) }), dense({ units: 2 })] });
    m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
    await m.fit(tensor(ids, [N, T]), tensor(randomArray(new Rng(5), N * 2), [N, 2]), { epochs: 3, batchSize: 2, verbose: 0, seed: 1 });
    const want = m.predict(tensor(ids, [N, T])).data;
    await m.save(dir);
    const back = await loadModel(dir);
    assert.equal(back.layers.map((l) => l.getConfig()), m.layers.map((l) => l.getConfig()));
    assert.equal(Array.from(back.predict(tensor(ids, [N, T])).data), Array.from(want));
    back.dispose();
    dir = dirs[1];
    await saveTfjs(m, dir);
    const t = await loadWithTfjs(dir);
    assert.equal(t.layers.map((l) => l.getClassName()), ['Embedding', 'Bidirectional', 'Bidirectional', 'Dense']);
    const theirs = t.predict(tf.tensor2d(Float32Array.from(ids), [N, T])) as tf.Tensor;
    assertClose(want, theirs.dataSync(), { rtol: 0, atol: 1e-5, label: 'simdnet -> tfjs' });
    tf.dispose(theirs);
    t.dispose();
    m.dispose();
    dir = dirs[2];
    const t2 = tfl.sequential({ layers: [tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: 3, ...SIG, recurrentInitializer: 'glorotUniform', biasInitializer: 'randomNormal', returnSequences: true }) as never, mergeMode: 'ave', inputShape: [T, 2] }), tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 2, ...SIG, recurrentInitializer: 'glorotUniform' }) as never, mergeMode: 'mul' })] });
    const wr = new Rng(12); // seeded weights: tfjs-layers' initializers are not seeded here
    t2.setWeights(t2.getWeights().map((w) => tf.tensor(randomArray(wr, w.size), w.shape)));
    await t2.save(dirSaver(dir));
    const m2 = await loadTfjs(dir);
    assert.equal(m2.layers.map((l) => l.className), ['Bidirectional', 'Bidirectional']);
    const x = randomArray(new Rng(6), N * T * 2, -2, 2);
    const theirs2 = t2.predict(tf.tensor3d(x, [N, T, 2])) as tf.Tensor;
    assertClose(m2.predict(tensor(x, [N, T, 2])).data, theirs2.dataSync(), { rtol: 0, atol: 1e-5, label: 'tfjs -> simdnet' });
    assert.ok(theirs2.dataSync().some((v) => Math.abs(v) > 1e-3), 'not vacuous');
    tf.dispose(theirs2);
    t2.dispose();
    m2.dispose();
  } finally {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
});

test('options and typed errors: Keras defaults, weight names, bad layer / mergeMode / inputShape', async () => {
  await ready();
  const b = bidirectional({ layer: lstm({ units: 3 }), inputShape: [4, 2] });
  assert.is(b.mergeMode, 'concat');
  assert.is(b.backwardLayer.goBackwards, true);
  const m = sequential({ seed: 1, layers: [b] });
  assert.equal(m.outputShape, [6]);
  assert.equal(m.engineFor('test').layout.entries.map((e) => e.name), ['bidirectional/forward_lstm/kernel', 'bidirectional/forward_lstm/recurrent_kernel', 'bidirectional/forward_lstm/bias', 'bidirectional/backward_lstm/kernel', 'bidirectional/backward_lstm/recurrent_kernel', 'bidirectional/backward_lstm/bias']);
  m.dispose();
  assert.equal(sequential({ layers: [bidirectional({ layer: gru({ units: 3, returnSequences: true }), mergeMode: 'ave', inputShape: [4, 2] })] }).outputShape, [4, 3]);
  const arg = (f: () => unknown, name: string) => assert.throws(f, (e: ValidationError) => e instanceof ValidationError && e.arg === name, name);
  arg(() => bidirectional({ layer: dense({ units: 2 }) as never }), 'layer');
  arg(() => bidirectional({} as never), 'layer');
  arg(() => bidirectional({ layer: lstm({ units: 2 }), mergeMode: 'max' as never }), 'mergeMode');
  arg(() => bidirectional({ layer: lstm({ units: 2, inputShape: [3, 2] }), inputShape: [3, 2] }), 'inputShape');
  arg(() => bidirectional({ layer: lstm({ units: 2 }), backwardLayer: lstm({ units: 2 }) } as never), 'backwardLayer');
  assert.throws(() => sequential({ layers: [bidirectional({ layer: lstm({ units: 2 }), inputShape: [5] })] }).build([5]), /timesteps, features/);
});

test.run();
