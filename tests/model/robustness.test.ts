// Non-finite losses, memory reuse across many models, and typed errors at fit's boundary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready, wasm } from '../../bindings/loader.js';
import { sequential, dense, dropout, batchNormalization, tensor, terminateOnNaN, NonFiniteError, ValidationError, ShapeError, SimdnetError } from '../../src/index.js';
import { blobs } from './synthetic.js';

function poisoned(at: number) {
  const { x, labels } = blobs(64, 3, 4, 21);
  x.data[at * 4 + 2] = NaN;
  return { x, y: tensor(labels, [64]) };
}

function model() {
  const m = sequential({ seed: 1, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  return m;
}

test('a NaN loss stops fit with a NonFiniteError naming epoch and batch; no update was applied', async () => {
  await ready();
  const { x, y } = poisoned(37); // sample 37 lands in batch 2 (batch size 16, no shuffling)
  const m = model();
  await m.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0, checkFinite: false }).then(
    () => assert.unreachable('fit resolved'),
    (e) => {
      assert.instance(e, NonFiniteError);
      assert.is(e.code, 'ERR_NON_FINITE');
      assert.match(e.message, /epoch 1, batch 2/);
      assert.match(e.message, /as after epoch 1, batch 1, the last good step/);
    },
  );
  assert.ok(m.getWeights().every((w) => w.every(Number.isFinite)), 'weights stay finite');
  assert.is(m.optimizer().iterations, 2);
  m.dispose();
});

test('terminateOnNaN stops training cleanly instead', async () => {
  await ready();
  const { x, y } = poisoned(5);
  const m = model();
  const lines: string[] = [];
  const h = await m.fit(x, y, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0, checkFinite: false, callbacks: [terminateOnNaN({ print: (l) => lines.push(l) })] });
  assert.equal(h.epoch, [0]);
  assert.ok(Number.isNaN(h.history.loss[0]));
  assert.match(lines[0], /batch 0/);
  assert.is(m.optimizer().iterations, 0);
  m.dispose();
});

test('NaN or Inf in x or y is refused up front naming the sample (fit, validationData, evaluate); checkFinite: false opts out', async () => {
  await ready();
  const { x, y } = poisoned(37);
  const m = model();
  const before = m.getWeights();
  for (const [at, px] of [[37, x], [6, poisoned(6).x]] as const) {
    let err: any = null;
    await m.fit(px, y, { epochs: 1, verbose: 0 }).catch((e) => (err = e));
    assert.instance(err, ValidationError);
    assert.is(err.arg, 'x');
    assert.match(err.message, new RegExp(`sample ${at} holds NaN at flat index 2; pass checkFinite: false`));
  }
  const clean = blobs(64, 3, 4, 21);
  let err: any = null;
  await m.fit(clean.x, y, { epochs: 1, verbose: 0, validationData: [x, y] }).catch((e) => (err = e));
  assert.instance(err, ValidationError);
  assert.match(err.message, /sample 37 holds NaN/);
  const yReg = sequential({ seed: 1, layers: [dense({ units: 1, inputShape: [4] })] });
  yReg.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const t = new Float32Array(64);
  t[9] = Infinity;
  assert.throws(() => yReg.evaluate(clean.x, tensor(t, [64, 1])), (e: any) => e instanceof ValidationError && e.arg === 'y' && /sample 9 holds Infinity/.test(e.message));
  assert.equal(m.getWeights(), before, 'nothing trained');
  yReg.dispose();
  m.dispose();
});

test('100 build/fit/dispose cycles keep wasm memory and the arena flat', async () => {
  await ready();
  const arena = wasm().arena;
  const { x, labels } = blobs(64, 3, 8, 3);
  const y = tensor(labels, [64]);
  const cycle = async (i: number) => {
    const m = sequential({ seed: i, layers: [dense({ units: 16 + (i % 3) * 8, activation: 'relu', inputShape: [8] }), batchNormalization(), dropout({ rate: 0.2 }), dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: i % 2 ? 'adam' : 'rmsprop', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    await m.fit(x, y, { epochs: 1, batchSize: 16 + (i % 4) * 8, verbose: 0, validationSplit: 0.25 });
    m.predict(x, { batchSize: 50 });
    m.dispose();
  };
  const before = arena.bytesInUse;
  // Warm-up: the 12 cycles cover every configuration (units i % 3, optimizer i % 2, batch i % 4),
  // so the high-water mark (the largest model's weights, optimizer state, step snapshot and plan) is set.
  for (let i = 0; i < 12; i++) await cycle(i);
  const reserved = arena.bytesReserved;
  const pages = wasm().memory.buffer.byteLength;
  assert.is(arena.bytesInUse, before);
  for (let i = 12; i <= 112; i++) await cycle(i);
  assert.is(arena.bytesInUse, before);
  assert.ok(arena.bytesReserved <= reserved * 1.5 + (1 << 20), `reserved ${arena.bytesReserved} vs ${reserved}`);
  assert.is(wasm().memory.buffer.byteLength, pages);
});

test('a disposed model refuses further use with ERR_DISPOSED', async () => {
  await ready();
  const m = model();
  m.build([4]);
  m.dispose();
  assert.throws(() => m.predict(tensor(new Float32Array(4), [1, 4])), (e: SimdnetError) => e.code === 'ERR_DISPOSED');
});

test('fit validates its arguments with typed errors naming fn and arg', async () => {
  await ready();
  const m = model();
  const { x, labels } = blobs(10, 3, 4, 1);
  const y = tensor(labels, [10]);
  const expectError = async (p: Promise<unknown>, arg: string, cls: Function = ValidationError) => {
    await p.then(
      () => assert.unreachable(`no error for ${arg}`),
      (e) => {
        assert.instance(e, cls, String(e));
        assert.is(e.fn, 'fit');
        assert.is(e.arg, arg);
      },
    );
  };
  await expectError(m.fit(x, y, { batchSize: 0 }), 'batchSize');
  await expectError(m.fit(x, y, { epochs: 1.5 }), 'epochs');
  await expectError(m.fit(x, y, { batchsize: 8 } as never), 'batchsize');
  await expectError(m.fit(x, y, { verbose: 3 as never }), 'verbose');
  await expectError(m.fit(x, tensor(labels.slice(0, 9), [9])), 'y', ShapeError);
  await expectError(m.fit(tensor(new Float32Array(30), [10, 3]), y), 'x', ShapeError);
  await expectError(m.fit(x, tensor(Int32Array.from(labels, (l) => l + 1), [10])), `y[${labels.indexOf(2)}]`);
  await expectError(m.fit(x, tensor(new Float32Array(30), [10, 3]), { epochs: 1 }), 'y', ShapeError);
  await expectError(m.fit(x, y, { classWeight: { 0: 1 } }), 'classWeight');
  m.dispose();
});

test.run();
