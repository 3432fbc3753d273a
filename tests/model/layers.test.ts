// Layer configuration, shape inference, parameter layout and model.summary() (no training).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, flatten, batchNormalization, layerNormalization, activation, gaussianNoise, alphaDropout, gaussianDropout, l2, tensor, ValidationError, ShapeError, SimdnetError } from '../../src/index.js';

test('shape inference through dense, flatten, norm and noise layers', () => {
  const m = sequential({
    layers: [flatten({ inputShape: [28, 28] }), dense({ units: 64, activation: 'relu' }), batchNormalization(), dropout({ rate: 0.3 }), gaussianNoise({ stddev: 0.1 }), dense({ units: 10, activation: 'softmax' })],
  });
  const text = m.summary({ print: false });
  assert.match(text, /flatten \(Flatten\)\s+│ \(None, 784\)\s+│\s+0 │/);
  assert.match(text, /dense \(Dense\)\s+│ \(None, 64\)\s+│\s+50,240 │/);
  assert.match(text, /batch_normalization \(BatchNormalization\)\s+│ \(None, 64\)\s+│\s+256 │/);
  assert.match(text, /dense_1 \(Dense\)\s+│ \(None, 10\)\s+│\s+650 │/);
  // 784*64+64 = 50,240 and 64*10+10 = 650; gamma/beta 128 trainable; moving mean/variance 128 not.
  assert.match(text, /Total params: 51,146 \(199\.79 KB\)/);
  assert.match(text, /Trainable params: 51,018 \(199\.29 KB\)/);
  assert.match(text, /Non-trainable params: 128 \(512\.00 B\)/);
});

test('dense on rank-3 input acts on the last axis; layer norm keeps the shape', () => {
  const m = sequential({ layers: [dense({ units: 5, inputShape: [7, 3] }), layerNormalization(), activation({ activation: 'gelu' })] });
  assert.match(m.summary({ print: false }), /\(None, 7, 5\)\s+│\s+20 │/);
});

test('summary without an input shape says so', () => {
  const m = sequential({ layers: [dense({ units: 5 })] });
  assert.match(m.summary({ print: false }), /unknown until the input shape is known/);
});

test('weights in Keras order with Keras names; trainable first in the arena', async () => {
  await ready();
  const m = sequential({ seed: 1, layers: [dense({ units: 4, inputShape: [3], kernelRegularizer: l2() }), batchNormalization({ center: false }), dense({ units: 2, useBias: false })] });
  const w = m.getWeights();
  assert.equal(w.map((a) => a.length), [12, 4, 4, 4, 4, 8]);
  assert.ok(w[2].every((v) => v === 1)); // gamma
  assert.ok(w[3].every((v) => v === 0) && w[4].every((v) => v === 1)); // moving mean, variance
  const layout = m.engineFor('test').layout;
  assert.equal(layout.entries.map((e) => e.name), ['dense/kernel', 'dense/bias', 'batch_normalization/gamma', 'batch_normalization/moving_mean', 'batch_normalization/moving_variance', 'dense_1/kernel']);
  const nonTrainable = layout.entries.filter((e) => !e.trainable);
  assert.ok(nonTrainable.every((e) => e.offset >= layout.trainableSize));
  assert.is(layout.trainableCount, 12 + 4 + 4 + 8);
  m.dispose();
});

test('setWeights round-trips and rejects wrong sizes with a ShapeError naming the weight', async () => {
  await ready();
  const m = sequential({ seed: 2, layers: [dense({ units: 3, inputShape: [2] })] });
  const w = [Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([7, 8, 9])];
  m.setWeights(w);
  assert.equal(m.getWeights(), w);
  try {
    m.setWeights([new Float32Array(5), new Float32Array(3)]);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ShapeError);
    assert.is((e as ShapeError).arg, 'weights[0]');
    assert.match((e as Error).message, /dense\/kernel \[2, 3\]/);
  }
  m.dispose();
});

test('freezing a layer after training takes effect at compile, as Keras: its weights stop changing', async () => {
  await ready();
  const first = dense({ units: 4, inputShape: [3] });
  const m = sequential({ seed: 1, layers: [first, batchNormalization(), dense({ units: 2 })] });
  m.compile({ optimizer: 'adam', loss: 'mse' });
  const x = tensor(Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)), [8, 3]);
  const y = tensor(Float32Array.from({ length: 16 }, (_, i) => Math.cos(i)), [8, 2]);
  await m.fit(x, y, { epochs: 2, verbose: 0 });
  const before = m.getWeights();
  first.trainable = false;
  await m.fit(x, y, { verbose: 0 }).then(
    () => assert.unreachable('fit ran with a stale layout'),
    (e: SimdnetError) => assert.is(e.code, 'ERR_STATE'),
  );
  m.compile({ optimizer: 'adam', loss: 'mse' });
  assert.equal(m.getWeights(), before); // the relayout moved every weight intact
  assert.is(m.engineFor('test').layout.trainableCount, 8 + 10);
  await m.fit(x, y, { epochs: 2, verbose: 0 });
  const after = m.getWeights();
  assert.equal(after.slice(0, 2), before.slice(0, 2)); // frozen kernel and bias
  assert.not.equal(after[6], before[6]); // the last kernel still trains
  m.dispose();
});

const bad: [string, () => unknown, string, string][] = [
  ['dense units', () => dense({ units: 0 }), 'dense', 'units'],
  // @ts-expect-error a misspelt name is a compile error (literal union), and a ValidationError at run time
  ['dense activation', () => dense({ units: 2, activation: 'relu7' }), 'dense', 'activation'],
  ['dense typo', () => dense({ units: 2, activaton: 'relu' } as never), 'dense', 'activaton'],
  ['dense regularizer', () => dense({ units: 2, kernelRegularizer: 'l3' as never }), 'dense', 'kernelRegularizer'],
  ['dropout rate 1', () => dropout({ rate: 1 }), 'dropout', 'rate'],
  ['gaussianDropout rate', () => gaussianDropout({ rate: -0.1 }), 'gaussianDropout', 'rate'],
  ['alphaDropout seed', () => alphaDropout({ rate: 0.1, seed: 1.5 }), 'alphaDropout', 'seed'],
  ['gaussianNoise stddev', () => gaussianNoise({ stddev: NaN }), 'gaussianNoise', 'stddev'],
  ['batchNormalization momentum', () => batchNormalization({ momentum: 2 }), 'batchNormalization', 'momentum'],
  ['layerNormalization epsilon', () => layerNormalization({ epsilon: 0 }), 'layerNormalization', 'epsilon'],
  ['inputShape', () => dense({ units: 2, inputShape: [0] }), 'dense', 'inputShape[0]'],
  ['sequential seed', () => sequential({ seed: -1 }), 'sequential', 'seed'],
  ['inputShape on a later layer', () => sequential({ layers: [dense({ units: 2 }), dense({ units: 2, inputShape: [3] })] }), 'add', 'inputShape'],
  // @ts-expect-error a misspelt name is a compile error (literal union), and a ValidationError at run time
  ['compile loss', () => sequential({ layers: [dense({ units: 2 })] }).compile({ loss: 'hinge' }), 'compile', 'loss'],
  // @ts-expect-error a misspelt name is a compile error (literal union), and a ValidationError at run time
  ['compile optimizer', () => sequential({ layers: [dense({ units: 2 })] }).compile({ loss: 'mse', optimizer: 'lbfgs' }), 'compile', 'optimizer'],
  // @ts-expect-error a misspelt name is a compile error (literal union), and a ValidationError at run time
  ['compile metric', () => sequential({ layers: [dense({ units: 2 })] }).compile({ loss: 'mse', metrics: ['f1'] }), 'compile', 'metrics[0]'],
];
for (const [label, f, fn, arg] of bad) {
  test(`bad argument -> ValidationError naming fn and arg: ${label}`, () => {
    try {
      f();
      assert.unreachable('did not throw');
    } catch (e) {
      assert.instance(e, ValidationError, String(e));
      assert.is((e as ValidationError).fn, fn);
      assert.is((e as ValidationError).arg, arg);
    }
  });
}

test.run();
