// The lstm layer (src/layers/recurrent/lstm.ts) through the model: predictions, MSE loss and every
// weight gradient against tfjs-layers 4.22 on the cpu backend (recurrentActivation set to 'sigmoid'
// explicitly: tfjs-layers defaults to its Keras 2 hardSigmoid) on awkward sizes (T = 1, units 1, 3, 5,
// batch 1), returnSequences both ways, goBackwards, a dense layer before it (so dx is checked), a
// stacked LSTM, and masks from embedding({maskZero: true}) with padded steps at the start, the middle
// and the end and an all-padded row; finite differences through time; options and typed errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../../bindings/loader.js';
import { sequential, lstm, dense, embedding, Rng, ValidationError, ShapeError, SimdnetError } from '../../src/index.js';
import { checkParity } from './rnnParity.js';
import { check } from '../model/gradcheckModel.js';
import { randomArray } from '../helpers.js';

const SIG = { recurrentActivation: 'sigmoid' as const };
// tfjs-layers' Orthogonal initializer fails on the cpu backend in Node (rMat.flatten is not a function,
// inside its QR); its weights are overwritten by ours anyway.
const TF = { ...SIG, recurrentInitializer: 'zeros' as const };

test('tfjs-layers parity: units 1/3/5, T 1/4/7, batch 1/3, returnSequences, goBackwards, a dense before it', async () => {
  await ready();
  let seed = 1;
  for (const [T, C, U, B] of [[1, 2, 1, 1], [4, 3, 3, 3], [7, 5, 5, 2], [3, 1, 4, 1]]) {
    for (const returnSequences of [false, true]) {
      for (const goBackwards of [false, true]) {
        const o = { units: U, returnSequences, goBackwards };
        // tfjs-layers 4.22 cannot differentiate an LSTM's input at T = 1 ("Argument tensors passed to
        // stack must be a Tensor[]"): there the LSTM comes first (dx at T = 1: finite differences below).
        const before = T > 1;
        await checkParity({
          label: `T=${T} C=${C} U=${U} B=${B} returnSequences=${returnSequences} goBackwards=${goBackwards}`,
          ours: sequential({ seed, layers: [...(before ? [dense({ units: C + 1, activation: 'tanh', inputShape: [T, C] })] : []), lstm({ ...o, ...SIG, ...(before ? {} : { inputShape: [T, C] }) })] }),
          theirs: tfl.sequential({ layers: [...(before ? [tfl.layers.dense({ units: C + 1, activation: 'tanh', inputShape: [T, C] })] : []), tfl.layers.lstm({ ...o, ...TF, ...(before ? {} : { inputShape: [T, C] }) })] }),
          inShape: [T, C], batch: B, seed: seed++,
        });
      }
    }
  }
});

test('tfjs-layers parity: stacked LSTMs, tanh/relu/linear activations, useBias false, unitForgetBias false', async () => {
  await ready();
  const [T, C, B] = [5, 3, 4];
  const cases: [Record<string, unknown>, Record<string, unknown>][] = [
    [{ units: 3, returnSequences: true }, { units: 5 }],
    [{ units: 2, activation: 'relu', returnSequences: true }, { units: 3, activation: 'linear', useBias: false }],
    [{ units: 4, unitForgetBias: false, returnSequences: true, goBackwards: true }, { units: 1, returnSequences: true }],
  ];
  let seed = 20;
  for (const [a, b] of cases) {
    await checkParity({
      label: `lstm(${JSON.stringify(a)}) -> lstm(${JSON.stringify(b)})`,
      ours: sequential({ seed, layers: [lstm({ ...a, ...SIG, inputShape: [T, C] } as never), lstm({ ...b, ...SIG } as never)] }),
      theirs: tfl.sequential({ layers: [tfl.layers.lstm({ ...a, ...TF, inputShape: [T, C] } as never), tfl.layers.lstm({ ...b, ...TF } as never)] }),
      inShape: [T, C], batch: B, seed: seed++,
    });
  }
});

test('tfjs-layers parity with masks from embedding({maskZero: true}): padding at the start, middle and end, an all-padded row', async () => {
  await ready();
  const [V, T, D] = [6, 5, 3];
  // Row 0 all padding (the state stays 0), row 1 trailing, row 2 leading, row 3 in the middle, row 4 none.
  const ids = Int32Array.from([0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 5, 1, 2, 0, 3, 0, 5, 1, 2, 3, 4, 5]);
  let seed = 40;
  for (const [first, second] of [[{ units: 3 }, null], [{ units: 3, returnSequences: true }, { units: 5 }], [{ units: 5, returnSequences: true, goBackwards: true }, { units: 2, goBackwards: true }]] as const) {
    const oursLayers = [embedding({ inputDim: V, outputDim: D, maskZero: true, inputShape: [T] }), lstm({ ...first, ...SIG })];
    const theirLayers = [tfl.layers.embedding({ inputDim: V, outputDim: D, maskZero: true, inputLength: T }), tfl.layers.lstm({ ...first, ...TF })];
    if (second) {
      oursLayers.push(lstm({ ...second, ...SIG }));
      theirLayers.push(tfl.layers.lstm({ ...second, ...TF }));
    } else {
      oursLayers.push(dense({ units: 2 }) as never);
      theirLayers.push(tfl.layers.dense({ units: 2 }) as never);
    }
    await checkParity({
      label: `masked ${JSON.stringify(first)} -> ${JSON.stringify(second)}`,
      ours: sequential({ seed, layers: oursLayers }),
      theirs: tfl.sequential({ layers: theirLayers }),
      inShape: [T], batch: 5, ids, seed: seed++, scale: 1,
    });
  }
});

test('finite differences through time: dense -> lstm(returnSequences) -> lstm -> dense, goBackwards with units 1, T = 1 after a dense', async () => {
  await ready();
  const y = randomArray(new Rng(3), 3 * 2);
  check([dense({ units: 3, activation: 'tanh', inputShape: [4, 2] }), lstm({ units: 3, returnSequences: true }), lstm({ units: 5 }), dense({ units: 2 })], 'meanSquaredError', [4, 2], y, [3, 2]);
  check([lstm({ units: 1, goBackwards: true, returnSequences: true, inputShape: [6, 3] }), lstm({ units: 4, recurrentActivation: 'hardSigmoid' }), dense({ units: 2 })], 'meanSquaredError', [6, 3], y, [3, 2]);
  check([dense({ units: 3, activation: 'tanh', inputShape: [1, 2] }), lstm({ units: 5, returnSequences: true }), lstm({ units: 2 })], 'meanSquaredError', [1, 2], y, [3, 2]);
});

test('options: Keras 3 defaults (tanh, sigmoid, glorotUniform, orthogonal, zeros + unit forget bias)', async () => {
  await ready();
  const l = lstm({ units: 3 });
  assert.is(l.activation.name, 'tanh');
  assert.is(l.recurrentActivation.name, 'sigmoid');
  assert.is(l.kernelInitializer.className, 'GlorotUniform');
  assert.is(l.recurrentInitializer.className, 'Orthogonal');
  assert.is(l.biasInitializer.className, 'Zeros');
  assert.is(l.unitForgetBias, true);
  assert.is(l.returnSequences, false);
  assert.is(l.goBackwards, false);
  const m = sequential({ seed: 1, layers: [lstm({ units: 3, inputShape: [2, 4] })] });
  const [kernel, rec, bias] = m.getWeights();
  assert.equal([kernel.length, rec.length, bias.length], [4 * 12, 3 * 12, 12]);
  assert.equal(Array.from(bias), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0], 'bias: zeros, the forget block ones');
  m.dispose();
});

test('bad input: typed errors before anything reaches wasm', async () => {
  await ready();
  const arg = (f: () => unknown, name: string, cls: typeof ValidationError = ValidationError) =>
    assert.throws(f, (e: ValidationError) => e instanceof cls && e.arg === name, name);
  arg(() => lstm({ units: 0 }), 'units');
  arg(() => lstm({ units: 2.5 }), 'units');
  arg(() => lstm({} as never), 'units');
  arg(() => lstm({ units: 2, activation: 'softmax' }), 'activation');
  arg(() => lstm({ units: 2, recurrentActivation: 'nope' as never }), 'recurrentActivation');
  arg(() => lstm({ units: 2, unitForgetBias: 1 as never }), 'unitForgetBias');
  arg(() => lstm({ units: 2, returnSequence: true } as never), 'returnSequence');
  arg(() => lstm(null as never), 'options');
  // 2-D input ([batch, features]: no time axis) is a ShapeError naming the expected sequence.
  assert.throws(() => sequential({ layers: [lstm({ units: 2, inputShape: [5] })] }).build([5]), (e: ShapeError) => e instanceof ShapeError && /timesteps, features/.test(e.message));
  assert.throws(() => sequential({ layers: [lstm({ units: 2 })] }).build([5, 2, 3]), (e: ShapeError) => e instanceof ShapeError);
  arg(() => lstm({ units: 2, dropout: 1.5 }), 'dropout');
});

test.run();
