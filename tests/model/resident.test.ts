// fit on arrays gathers batches of small data in wasm (src/model/resident.ts, gatherRows) instead of
// copying them from JavaScript: the same bytes reach the model, so training is bit for bit what the
// JavaScript copy gives (float features with class and sample weights; integer token ids with
// integer labels; a last batch smaller than the rest; stepsPerEpoch passes), the copies are freed
// when fit ends (also when it throws), and data above RESIDENT.maxBytes keeps the JavaScript copy.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, embedding, globalAveragePooling1d, adam, tensor, type Layer } from '../../src/index.js';
import { RESIDENT } from '../../src/model/resident.js';

type Fit = { x: ReturnType<typeof tensor>; y: ReturnType<typeof tensor>; layers: () => Layer[]; loss: string; opts: Record<string, unknown> };

const n = 45; // batches of 16: the last one has 13 samples
const floatCase: Fit = {
  x: tensor(Float32Array.from({ length: n * 6 }, (_, i) => Math.sin(i * 0.7)), [n, 6]),
  y: tensor(Float32Array.from({ length: n * 3 }, (_, i) => (i % 3 === (Math.floor(i / 3) * 5) % 3 ? 1 : 0)), [n, 3]),
  layers: () => [dense({ units: 8, activation: 'relu', inputShape: [6] }), dropout({ rate: 0.3 }), dense({ units: 3, activation: 'softmax' })],
  loss: 'categoricalCrossentropy',
  opts: { classWeight: { 0: 1, 1: 2, 2: 0.5 }, sampleWeight: tensor(Float32Array.from({ length: n }, (_, i) => 1 + (i % 4)), [n]) },
};
const tokenCase: Fit = {
  x: tensor(Int32Array.from({ length: n * 5 }, (_, i) => (i * 7) % 11), [n, 5]),
  y: tensor(Float32Array.from({ length: n }, (_, i) => i % 4), [n]),
  layers: () => [embedding({ inputDim: 11, outputDim: 4, inputShape: [5] }), globalAveragePooling1d(), dense({ units: 4, activation: 'softmax' })],
  loss: 'sparseCategoricalCrossentropy',
  opts: { stepsPerEpoch: 4 }, // 64 samples an epoch from 45: passes cross epochs
};

async function train(c: Fit, maxBytes: number): Promise<{ loss: number[]; weights: Float32Array[]; created: number; leaked: number }> {
  const m = await ready();
  const saved = RESIDENT.maxBytes;
  RESIDENT.maxBytes = maxBytes;
  const created0 = RESIDENT.created;
  try {
    const model = sequential({ seed: 7, layers: c.layers() });
    model.compile({ optimizer: adam({ learningRate: 0.01 }), loss: c.loss as 'mse' });
    const before = m.arena.bytesInUse;
    const h = await model.fit(c.x, c.y, { epochs: 3, batchSize: 16, verbose: 0, seed: 5, ...c.opts });
    const leaked = m.arena.bytesInUse - before;
    const weights = model.getWeights();
    model.dispose();
    return { loss: h.history.loss, weights, created: RESIDENT.created - created0, leaked };
  } finally {
    RESIDENT.maxBytes = saved;
  }
}

for (const [name, c] of [['float features with class and sample weights', floatCase], ['token ids and integer labels, stepsPerEpoch', tokenCase]] as const) {
  test(`${name}: batches gathered in wasm train bit for bit as the JavaScript copy`, async () => {
    const js = await train(c, 0);
    const wasm = await train(c, RESIDENT.maxBytes);
    assert.is(js.created, 0, 'maxBytes 0: the JavaScript copy');
    assert.is(wasm.created, 1, 'small data is made resident');
    // What fit keeps (the batch plan, for predict) is the same; the resident copies are freed.
    assert.is(wasm.leaked, js.leaked, 'the resident copies are freed when fit ends');
    assert.equal(wasm.loss, js.loss);
    wasm.weights.forEach((w, i) => assert.ok(w.every((v, j) => Object.is(v, js.weights[i][j])), `weight tensor ${i} differs`));
    assert.ok(js.loss[2] < js.loss[0], `it trains: ${js.loss}`);
  });
}

test('the resident copies are freed when fit throws (a callback error)', async () => {
  const m = await ready();
  const model = sequential({ seed: 1, layers: floatCase.layers() });
  model.compile({ optimizer: adam(), loss: 'categoricalCrossentropy' });
  await model.fit(floatCase.x, floatCase.y, { epochs: 1, batchSize: 16, verbose: 0 }); // builds the plan fit keeps
  const before = m.arena.bytesInUse;
  const created0 = RESIDENT.created;
  const boom = { onBatchEnd: () => { throw new Error('boom'); } };
  try {
    await model.fit(floatCase.x, floatCase.y, { epochs: 1, batchSize: 16, verbose: 0, callbacks: [boom] });
    assert.unreachable('the callback throws');
  } catch (e) {
    assert.is((e as Error).message, 'boom');
  }
  assert.is(RESIDENT.created - created0, 1, "the throwing fit made its data resident");
  assert.is(m.arena.bytesInUse, before, 'nothing left allocated');
  model.dispose();
});

test.run();
