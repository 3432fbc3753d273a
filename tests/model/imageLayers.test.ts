// The image layers without convolutions (src/layers/pooling.ts, globalPooling.ts, zeroPadding.ts,
// reshape.ts): Keras defaults and shapes, typed errors for mis-built models, finite-difference
// gradient checks through each of them (a dense on the channel axis before them supplies the weights
// whose gradients flow back through the layer), and batch norm / dropout on 4-D activations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import {
  sequential, dense, flatten, dropout, spatialDropout2D, batchNormalization, maxPooling2d, averagePooling2d, globalAveragePooling2d, globalMaxPooling2d,
  zeroPadding2d, reshape, tensor, Rng, ShapeError, ValidationError, SimdnetError, type Layer,
} from '../../src/index.js';
import { check, oneHot } from './gradcheckModel.js';
import { throwsNamed } from '../helpers.js';

test('Keras defaults: poolSize 2, strides = poolSize, valid; keepdims false; padding 1', () => {
  const p = maxPooling2d();
  assert.equal([p.poolSize, p.strides, p.padding], [[2, 2], [2, 2], 'valid']);
  assert.equal(averagePooling2d({ poolSize: [3, 2] }).strides, [3, 2]);
  assert.equal(averagePooling2d({ poolSize: 3, strides: 1 }).strides, [1, 1]);
  assert.is(globalAveragePooling2d().keepdims, false);
  assert.equal(zeroPadding2d().padding, [[1, 1], [1, 1]]);
  assert.equal(zeroPadding2d({ padding: [2, 3] }).padding, [[2, 2], [3, 3]]);
  assert.equal(zeroPadding2d({ padding: [[0, 1], [2, 3]] }).padding, [[0, 1], [2, 3]]);
});

test('output shapes as Keras: valid / same, global pooling, padding, reshape with -1', () => {
  const m = sequential({
    layers: [
      reshape({ targetShape: [-1, 5, 3], inputShape: [75] }), // [5, 5, 3]
      zeroPadding2d({ padding: [[0, 1], [2, 0]] }), // [6, 7, 3]
      maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), // [3, 4, 3]
      averagePooling2d({ poolSize: [2, 3], strides: 1 }), // [2, 2, 3]
      globalMaxPooling2d({ keepdims: true }), // [1, 1, 3]
      globalAveragePooling2d(), // [3]
    ],
  });
  const text = m.summary({ print: false });
  for (const shape of ['(None, 5, 5, 3)', '(None, 6, 7, 3)', '(None, 3, 4, 3)', '(None, 2, 2, 3)', '(None, 1, 1, 3)', '(None, 3)']) assert.ok(text.includes(shape), `${shape} in\n${text}`);
});

test('typed errors: bad options, non-image inputs, a window larger than the input, an empty output, reshape sizes', async () => {
  await ready();
  throwsNamed([
    [() => maxPooling2d({ poolSize: 0 }), 'maxPooling2d', 'poolSize'],
    [() => maxPooling2d({ poolSize: [2, 1.5] as [number, number] }), 'maxPooling2d', 'poolSize[1]'],
    [() => averagePooling2d({ strides: -1 }), 'averagePooling2d', 'strides'],
    [() => maxPooling2d({ padding: 'full' as 'same' }), 'maxPooling2d', 'padding'],
    [() => maxPooling2d({ pool: 2 } as object), 'maxPooling2d', 'pool'],
    [() => zeroPadding2d({ padding: -1 }), 'zeroPadding2d', 'padding'],
    [() => zeroPadding2d({ padding: [[1, 1], [1]] as never }), 'zeroPadding2d', 'padding[1]'],
    [() => reshape({ targetShape: [-1, -1] }), 'reshape', 'targetShape'],
    [() => reshape({ targetShape: [0] }), 'reshape', 'targetShape[0]'],
    [() => globalMaxPooling2d({ keepdims: 1 as never }), 'globalMaxPooling2d', 'keepdims'],
  ]);
  const build = (layers: Layer[]) => () => sequential({ layers }).build();
  throwsNamed([
    [build([maxPooling2d({ inputShape: [28, 28] })]), "maxPooling2d 'max_pooling2d'", 'inputShape'],
    [build([globalAveragePooling2d({ inputShape: [10] })]), "globalAveragePooling2d 'global_average_pooling2d'", 'inputShape'],
    [build([maxPooling2d({ poolSize: 3, inputShape: [2, 8, 1] })]), "maxPooling2d 'max_pooling2d'", 'poolSize'],
    [build([reshape({ targetShape: [4, 5], inputShape: [21] })]), "reshape 'reshape'", 'targetShape'],
    [build([reshape({ targetShape: [4, -1], inputShape: [21] })]), "reshape 'reshape'", 'targetShape'],
  ]);
  try {
    build([averagePooling2d({ poolSize: [1, 5], inputShape: [3, 4, 2] })])();
    assert.unreachable('accepted a window wider than the input');
  } catch (e) {
    assert.instance(e, ShapeError);
    assert.match((e as Error).message, /output would be empty/);
  }
  // 'same' accepts a window larger than the input (TF does): one output per stride step.
  const same = sequential({ layers: [maxPooling2d({ poolSize: 5, padding: 'same', inputShape: [2, 3, 1] })] });
  assert.equal(same.outputShape, [1, 1, 1]);
  assert.throws(() => maxPooling2d({ dataFormat: 'channels_first' as never }), (e: unknown) => e instanceof SimdnetError && e.code === 'ERR_UNSUPPORTED');
});

test('a dense after 4-D activations with 2-D targets: the error says to add flatten()', async () => {
  await ready();
  const m = sequential({ layers: [maxPooling2d({ inputShape: [4, 4, 3] }), dense({ units: 2, activation: 'softmax' })] });
  m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  let error: unknown = null;
  try {
    await m.fit(tensor(new Float32Array(2 * 48), [2, 4, 4, 3]), tensor(new Float32Array([1, 0, 0, 1]), [2, 2]), { verbose: 0 });
  } catch (e) {
    error = e;
  }
  assert.instance(error, ShapeError);
  assert.is((error as ShapeError).arg, 'y');
  assert.match((error as Error).message, /dense 'dense' acts on the last axis of its \[2, 2, 3\] input.*flatten\(\)/);
  m.dispose();
});

test('gradients through max and average pooling (valid and same, stride 1 and 2), odd sizes, C = 3 and 5', async () => {
  await ready();
  check(
    [dense({ units: 3, activation: 'tanh', inputShape: [5, 7, 2] }), maxPooling2d({ poolSize: 2 }), averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }), flatten(), dense({ units: 3, activation: 'softmax' })],
    'categoricalCrossentropy', [5, 7, 2], oneHot(3, 3, 1), [3, 3], 1e-3,
  );
  check(
    [dense({ units: 5, activation: 'tanh', inputShape: [6, 5, 1] }), maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), flatten(), dense({ units: 4, activation: 'softmax' })],
    'categoricalCrossentropy', [6, 5, 1], oneHot(1, 4, 2), [1, 4], 1e-3,
  );
});

test('gradients through zero padding, global pooling, reshape, 4-D batch norm, dropout and spatial dropout', async () => {
  await ready();
  check(
    [
      dense({ units: 4, activation: 'tanh', inputShape: [3, 4, 3] }), zeroPadding2d({ padding: [[1, 0], [0, 2]] }), batchNormalization(), dropout({ rate: 0.2 }),
      spatialDropout2D({ rate: 0.2 }), averagePooling2d({ padding: 'same' }), globalMaxPooling2d({ keepdims: true }), reshape({ targetShape: [-1] }), dense({ units: 3, activation: 'softmax' }),
    ],
    'categoricalCrossentropy', [3, 4, 3], oneHot(5, 3, 3), [5, 3], 1e-3,
  );
  check(
    [dense({ units: 5, activation: 'tanh', inputShape: [12, 3] }), reshape({ targetShape: [3, 4, 5] }), globalAveragePooling2d(), dense({ units: 2, activation: 'softmax' })],
    'categoricalCrossentropy', [12, 3], oneHot(4, 2, 4), [4, 2],
  );
});

test('batch norm on [batch, H, W, C] normalizes each channel over batch, rows and columns', async () => {
  await ready();
  const rng = new Rng(6);
  const [N, H, W, C] = [3, 4, 5, 2];
  const x = Float32Array.from({ length: N * H * W * C }, (_, i) => (i % C === 0 ? 5 : -2) + rng.range(-3, 3) * (i % C === 0 ? 1 : 4));
  const m = sequential({ layers: [batchNormalization({ inputShape: [H, W, C] })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const [gamma, beta, mean0, var0] = m.getWeights();
  assert.equal([gamma.length, beta.length, mean0.length, var0.length], [C, C, C, C]);
  await m.fit(tensor(x, [N, H, W, C]), tensor(new Float32Array(x.length), [N, H, W, C]), { epochs: 1, batchSize: N, verbose: 0 });
  const [, , mean, variance] = m.getWeights();
  for (let c = 0; c < C; c++) {
    let s = 0, s2 = 0;
    const n = N * H * W;
    for (let i = c; i < x.length; i += C) s += x[i];
    for (let i = c; i < x.length; i += C) s2 += (x[i] - s / n) ** 2;
    // Keras: moving = 0.99 * moving + 0.01 * batch statistic (biased variance), from 0 and 1.
    assert.ok(Math.abs(mean[c] - 0.01 * (s / n)) < 1e-5, `mean[${c}] ${mean[c]}`);
    assert.ok(Math.abs(variance[c] - (0.99 + 0.01 * (s2 / n))) < 1e-4, `variance[${c}] ${variance[c]}`);
  }
  m.dispose();
});

test('pooling layers save and load (native format) with their configuration', async () => {
  await ready();
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { loadModel } = await import('../../src/io/load.js');
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-pool-'));
  const m = sequential({
    seed: 2,
    layers: [
      reshape({ targetShape: [6, 6, 2], inputShape: [72] }), zeroPadding2d({ padding: [1, 2] }), averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      dense({ units: 3 }), maxPooling2d({ poolSize: [2, 1] }), globalAveragePooling2d({ keepdims: true }), flatten(), dense({ units: 2, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const rng = new Rng(3);
  const x = tensor(Float32Array.from({ length: 4 * 72 }, () => rng.range(-1, 1)), [4, 72]);
  await m.save(join(dir, 'm'));
  const back = await loadModel(join(dir, 'm'));
  assert.equal(back.layers.map((l) => l.getConfig()), m.layers.map((l) => l.getConfig()));
  assert.equal([...back.predict(x).data], [...m.predict(x).data]);
  m.dispose();
  back.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('bad layer arguments never reach wasm: ValidationError before build', () => {
  assert.throws(() => maxPooling2d(null as never), (e: unknown) => e instanceof ValidationError && e.arg === 'options');
});

test.run();
