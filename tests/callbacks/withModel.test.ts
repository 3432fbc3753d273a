// The callbacks driven by a real model.fit: checkpoints written by the model's atomic save and
// loaded back, best weights restored into the wasm arena, the learning rate changed in the real
// optimizer, and a NaN loss stopping training cleanly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sequential } from '../../src/model/sequential.js';
import { loadModel } from '../../src/io/load.js';
import { dense } from '../../src/layers/dense.js';
import { sgd } from '../../src/optimizers/optimizer.js';
import { tensor } from '../../src/tensor.js';
import { Rng } from '../../src/rng.js';
import { earlyStopping, modelCheckpoint, learningRateScheduler, terminateOnNaN, lambdaCallback } from '../../src/callbacks/index.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-cbm-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** y = 2x0 - x1 + noise: a small regression problem. */
function problem(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 2).map(() => rng.range(-1, 1));
  const y = new Float32Array(n).map((_, i) => 2 * x[2 * i] - x[2 * i + 1] + 0.01 * rng.normal());
  return { x: tensor(x, [n, 2]), y: tensor(y, [n, 1]) };
}

function model(lr = 0.05) {
  const m = sequential({ seed: 3, layers: [dense({ units: 8, activation: 'tanh', inputShape: [2] }), dense({ units: 1 })] });
  m.compile({ optimizer: sgd({ learningRate: lr }), loss: 'meanSquaredError' });
  return m;
}

test('modelCheckpoint saveBestOnly writes real checkpoints; the best loads back with equal predictions', async () => {
  const { x, y } = problem(256, 1);
  const val = problem(64, 2);
  const m = model();
  const ck = modelCheckpoint({ filepath: join(dir, 'ck-{epoch:02d}'), saveBestOnly: true });
  let best = Infinity;
  let bestPred: Float32Array | null = null;
  const track = lambdaCallback({
    onEpochEnd: (_e, logs) => {
      if (logs.val_loss < best) {
        best = logs.val_loss;
        bestPred = m.predict(val.x).data.slice();
      }
    },
  });
  const h = await m.fit(x, y, { epochs: 6, batchSize: 32, verbose: 0, seed: 1, validationData: [val.x, val.y], callbacks: [track, ck] });
  assert.ok(ck.saved.length >= 1);
  assert.equal(readdirSync(dir).filter((f) => f.startsWith('ck-')).sort(), ck.saved.map((p) => p.slice(dir.length + 1)).sort());
  assert.is(ck.best, Math.min(...h.history.val_loss));
  const loaded = await loadModel(ck.saved[ck.saved.length - 1]);
  assert.equal(Array.from(loaded.predict(val.x).data), Array.from(bestPred!), 'last checkpoint = best epoch');
  loaded.dispose();
  m.dispose();
});

test('earlyStopping restoreBestWeights puts the best epoch back into the model', async () => {
  const { x, y } = problem(256, 3);
  const val = problem(64, 4);
  const m = model(0.5); // a large rate makes val_loss wander
  const snapshots: Float32Array[][] = [];
  const es = earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
  const keep = lambdaCallback({ onEpochEnd: () => void snapshots.push(m.getWeights()) });
  const h = await m.fit(x, y, { epochs: 12, batchSize: 16, verbose: 0, seed: 2, validationData: [val.x, val.y], callbacks: [keep, es] });
  const losses = h.history.val_loss;
  const bestEpoch = losses.indexOf(Math.min(...losses));
  assert.is(es.bestEpoch, h.epoch[bestEpoch]);
  const now = m.getWeights();
  snapshots[bestEpoch].forEach((w, i) => assert.equal(Array.from(now[i]), Array.from(w), `weights[${i}] = best epoch's`));
  m.dispose();
});

test('learningRateScheduler drives the real optimizer; terminateOnNaN stops a NaN run cleanly', async () => {
  const { x, y } = problem(64, 5);
  const m = model();
  const seen: number[] = [];
  const h = await m.fit(x, y, {
    epochs: 3, batchSize: 32, verbose: 0, seed: 1,
    callbacks: [learningRateScheduler((epoch) => 0.1 / (epoch + 1)), lambdaCallback({ onEpochEnd: () => void seen.push(m.learningRate) })],
  });
  assert.equal(seen, [0.1, 0.05, 0.1 / 3]);
  assert.equal(h.history.learning_rate, seen);
  const bad = new Float32Array(x.data);
  bad[70] = NaN; // sample 35, in the second batch
  const lines: string[] = [];
  const t = terminateOnNaN({ print: (l) => lines.push(l) });
  const h2 = await m.fit(tensor(bad, [64, 2]), y, { epochs: 3, batchSize: 32, shuffle: false, verbose: 0, seed: 1, checkFinite: false, callbacks: [t] });
  assert.equal(t.stoppedAt?.epoch, 0);
  assert.equal(t.stoppedAt?.batch, 1);
  assert.equal(lines, ['Epoch 1, batch 1: invalid loss NaN, terminating training']);
  assert.is(h2.epoch.length, 1);
  m.dispose();
});

test.run();
