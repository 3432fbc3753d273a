// The gru layer (src/layers/recurrent/gru.ts): resetAfter false against tfjs-layers 4.22 on the cpu
// backend (its only form; recurrentActivation 'sigmoid' set explicitly, tfjs defaults to its Keras 2
// hardSigmoid) on predictions, loss and every weight gradient, on awkward sizes, goBackwards,
// returnSequences both ways and masks; resetAfter true (Keras 3's default, which tfjs-layers cannot
// compute) by finite differences through time, with and without masks; options and typed errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, gru, dense, embedding, sgd, Rng, ValidationError } from '../../src/index.js';
import { checkParity } from './rnnParity.js';
import { check, modelGradients } from '../model/gradcheckModel.js';
import { randomArray } from '../helpers.js';

const SIG = { recurrentActivation: 'sigmoid' as const };
// tfjs-layers' Orthogonal initializer throws on the cpu backend in Node; ours overwrite its weights.
const TF = { ...SIG, recurrentInitializer: 'zeros' as const };

test('tfjs-layers parity (resetAfter false): units 1/3/5, T 1/4/6, batch 1/3, returnSequences, goBackwards', async () => {
  await ready();
  let seed = 1;
  for (const [T, C, U, B] of [[1, 2, 1, 1], [4, 3, 3, 3], [6, 4, 5, 2]]) {
    for (const returnSequences of [false, true]) {
      for (const goBackwards of [false, true]) {
        const o = { units: U, returnSequences, goBackwards, resetAfter: false };
        // tfjs-layers cannot differentiate a recurrent layer's input at T = 1 (see lstm.test.ts).
        const before = T > 1;
        await checkParity({
          label: `T=${T} C=${C} U=${U} B=${B} returnSequences=${returnSequences} goBackwards=${goBackwards}`,
          ours: sequential({ seed, layers: [...(before ? [dense({ units: C + 1, activation: 'tanh', inputShape: [T, C] })] : []), gru({ ...o, ...SIG, ...(before ? {} : { inputShape: [T, C] }) })] }),
          theirs: tfl.sequential({ layers: [...(before ? [tfl.layers.dense({ units: C + 1, activation: 'tanh', inputShape: [T, C] })] : []), tfl.layers.gru({ ...o, ...TF, ...(before ? {} : { inputShape: [T, C] }) })] }),
          inShape: [T, C], batch: B, seed: seed++,
        });
      }
    }
  }
});

test('tfjs-layers parity (resetAfter false): masked stacks from embedding({maskZero: true}), relu/linear, useBias false', async () => {
  await ready();
  const [V, T, D] = [6, 5, 3];
  const ids = Int32Array.from([0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 5, 1, 2, 0, 3, 0, 5, 1, 2, 3, 4, 5]);
  let seed = 30;
  for (const [a, b] of [[{ units: 3, returnSequences: true }, { units: 4, goBackwards: true }], [{ units: 5, activation: 'relu', returnSequences: true, goBackwards: true }, { units: 2, activation: 'linear', useBias: false }]] as const) {
    await checkParity({
      label: `masked gru(${JSON.stringify(a)}) -> gru(${JSON.stringify(b)})`,
      ours: sequential({ seed, layers: [embedding({ inputDim: V, outputDim: D, maskZero: true, inputShape: [T] }), gru({ ...a, ...SIG, resetAfter: false }), gru({ ...b, ...SIG, resetAfter: false })] }),
      theirs: tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: V, outputDim: D, maskZero: true, inputLength: T }), tfl.layers.gru({ ...a, ...TF }), tfl.layers.gru({ ...b, ...TF })] }),
      inShape: [T], batch: 5, ids, seed: seed++, scale: 1,
    });
  }
});

test('finite differences through time: resetAfter true and false, goBackwards, T = 1, units 1', async () => {
  await ready();
  const y = randomArray(new Rng(3), 3 * 2);
  for (const resetAfter of [true, false]) {
    check([dense({ units: 3, activation: 'tanh', inputShape: [4, 2] }), gru({ units: 3, resetAfter, returnSequences: true, biasInitializer: 'randomNormal' }), gru({ units: 5, resetAfter, biasInitializer: 'randomNormal' }), dense({ units: 2 })], 'meanSquaredError', [4, 2], y, [3, 2]);
    check([gru({ units: 1, resetAfter, goBackwards: true, returnSequences: true, inputShape: [5, 3] }), gru({ units: 4, resetAfter, recurrentActivation: 'hardSigmoid' }), dense({ units: 2 })], 'meanSquaredError', [5, 3], y, [3, 2]);
    check([dense({ units: 3, activation: 'tanh', inputShape: [1, 2] }), gru({ units: 5, resetAfter, returnSequences: true }), gru({ units: 2, resetAfter })], 'meanSquaredError', [1, 2], y, [3, 2]);
  }
});

test('finite differences with a mask (resetAfter true): padded steps and an all-padded row', async () => {
  await ready();
  const [V, T, B] = [5, 4, 4];
  const ids = Int32Array.from([0, 0, 0, 0, 1, 2, 0, 0, 0, 3, 4, 1, 2, 0, 3, 4]);
  const m = sequential({ seed: 6, layers: [embedding({ inputDim: V, outputDim: 3, maskZero: true, inputShape: [T] }), gru({ units: 3, returnSequences: true, biasInitializer: 'randomNormal' }), gru({ units: 2, goBackwards: true, biasInitializer: 'randomNormal' })] });
  m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'meanSquaredError' });
  const rng = new Rng(7);
  m.setWeights(m.getWeights().map((w) => randomArray(rng, w.length)));
  const y = randomArray(rng, B * 2);
  const x = ids as unknown as Float32Array;
  const base = modelGradients(m, x, [T], y, [B, 2]);
  const h = 1e-2;
  let checked = 0;
  base.grads.forEach((g, wi) => {
    for (let i = 0; i < g.length; i += Math.max(1, Math.floor(g.length / 9))) {
      const w = m.getWeights();
      const w0 = w[wi][i];
      w[wi][i] = w0 + h;
      m.setWeights(w);
      const up = modelGradients(m, x, [T], y, [B, 2]).loss;
      w[wi][i] = w0 - h;
      m.setWeights(w);
      const down = modelGradients(m, x, [T], y, [B, 2]).loss;
      w[wi][i] = w0;
      m.setWeights(w);
      const fd = (up - down) / (2 * h);
      assert.ok(Math.abs(fd - g[i]) <= 2e-4 + 1e-2 * Math.abs(g[i]), `weight ${wi}[${i}]: numeric ${fd}, analytic ${g[i]}`);
      checked++;
    }
  });
  assert.ok(checked >= 40 && base.grads.some((g) => g.some((v) => Math.abs(v) > 1e-2)), `checked ${checked}, not vacuous`);
  m.dispose();
});

test('options: Keras 3 defaults (resetAfter true: bias [2, 3·units]; false: [3·units]) and typed errors', async () => {
  await ready();
  const g = gru({ units: 3 });
  assert.is(g.resetAfter, true);
  assert.is(g.recurrentActivation.name, 'sigmoid');
  assert.is(g.recurrentInitializer.className, 'Orthogonal');
  for (const [resetAfter, biasLen] of [[true, 18], [false, 9]] as const) {
    const m = sequential({ seed: 1, layers: [gru({ units: 3, resetAfter, inputShape: [2, 4] })] });
    assert.equal(m.getWeights().map((w) => w.length), [4 * 9, 3 * 9, biasLen], `resetAfter ${resetAfter}`);
    m.dispose();
  }
  assert.throws(() => gru({ units: -1 }), (e: ValidationError) => e instanceof ValidationError && e.arg === 'units');
  assert.throws(() => gru({ units: 2, resetAfter: 'yes' as never }), (e: ValidationError) => e instanceof ValidationError && e.arg === 'resetAfter');
  assert.throws(() => gru({ units: 2, unitForgetBias: true } as never), (e: ValidationError) => e instanceof ValidationError && e.arg === 'unitForgetBias');
  assert.throws(() => sequential({ layers: [gru({ units: 2, inputShape: [7] })] }).build([7]), /timesteps, features/);
});

test.run();
