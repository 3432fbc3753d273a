// EarlyStopping step by step against Keras 3's algorithm (keras/src/callbacks/early_stopping.py):
// the epoch at which it stops and the weights it restores, for each argument.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { earlyStopping } from '../../src/callbacks/index.js';
import { ValidationError } from '../../src/errors.js';
import { FakeModel, run, losses } from './fakeModel.js';

test('patience: stops after `patience` epochs without improvement', async () => {
  const cb = earlyStopping({ monitor: 'loss', patience: 2 });
  assert.is(await run(cb, new FakeModel(), losses(1, 0.9, 0.95, 0.96, 0.5)), 4);
  assert.is(cb.stoppedEpoch, 3);
  assert.is(cb.best, 0.9);
  assert.is(cb.bestEpoch, 1);
  // patience 0 stops at the first non-improving epoch, but never at epoch 0 (Keras: epoch > 0)
  const p0 = earlyStopping({ monitor: 'loss' });
  assert.is(await run(p0, new FakeModel(), losses(1, 2, 3)), 2);
  assert.is(await run(earlyStopping({ monitor: 'loss' }), new FakeModel(), losses(NaN, 2, 3)), 3, 'NaN is never an improvement; epoch 0 never stops');
});

test('minDelta: an improvement smaller than minDelta counts as none', async () => {
  const cb = earlyStopping({ monitor: 'loss', minDelta: 0.1, patience: 1 });
  assert.is(await run(cb, new FakeModel(), losses(1, 0.95, 0.8)), 2);
  const ok = earlyStopping({ monitor: 'loss', minDelta: -0.1, patience: 1 }); // abs() as Keras
  assert.is(await run(ok, new FakeModel(), losses(1, 0.85, 0.7, 0.65)), 4);
  assert.is(ok.stoppedEpoch, 3);
});

test('baseline: wait resets only when the value also beats the baseline', async () => {
  // improvements that do not beat the baseline keep counting: stop at epoch 2, not 3
  const withBase = earlyStopping({ monitor: 'loss', patience: 2, baseline: 0.5 });
  assert.is(await run(withBase, new FakeModel(), losses(0.9, 0.8, 0.8, 0.8, 0.8)), 3);
  const without = earlyStopping({ monitor: 'loss', patience: 2 });
  assert.is(await run(without, new FakeModel(), losses(0.9, 0.8, 0.8, 0.8, 0.8)), 4);
  const beaten = earlyStopping({ monitor: 'loss', patience: 2, baseline: 0.5 });
  assert.is(await run(beaten, new FakeModel(), losses(0.4, 0.3, 0.3, 0.3, 0.3)), 4);
  // max mode baseline, as in Keras's test: accuracy never reaching 0.9 stops after patience epochs
  const acc = earlyStopping({ monitor: 'val_accuracy', patience: 2, baseline: 0.9 });
  assert.is(await run(acc, new FakeModel(), [0.5, 0.6, 0.7, 0.8, 0.85].map((v) => ({ val_accuracy: v }))), 5);
  const acc2 = earlyStopping({ monitor: 'val_accuracy', patience: 2, baseline: 0.9 });
  assert.is(await run(acc2, new FakeModel(), [0.5, 0.5, 0.5, 0.5].map((v) => ({ val_accuracy: v }))), 2);
});

test('restoreBestWeights: the best epoch comes back at train end, stopped or not (Keras 3)', async () => {
  const m = new FakeModel();
  const cb = earlyStopping({ monitor: 'loss', patience: 2, restoreBestWeights: true });
  assert.is(await run(cb, m, losses(1, 0.5, 0.7, 0.8, 0.9)), 4);
  assert.equal([...m.weights[0]], [1]);
  const m2 = new FakeModel();
  await run(earlyStopping({ monitor: 'loss', patience: 5, restoreBestWeights: true }), m2, losses(1, 0.5, 0.7));
  assert.equal([...m2.weights[0]], [1]);
  const m3 = new FakeModel();
  await run(earlyStopping({ monitor: 'loss', patience: 5 }), m3, losses(1, 0.5, 0.7));
  assert.equal([...m3.weights[0]], [2], 'no restore without the option');
  // no epoch beats the baseline: runs `patience` epochs, restores the best of them
  const m4 = new FakeModel();
  const b = earlyStopping({ monitor: 'loss', patience: 3, baseline: 0.1, restoreBestWeights: true });
  assert.is(await run(b, m4, losses(0.9, 0.7, 0.8, 0.85, 0.6)), 3);
  assert.equal([...m4.weights[0]], [1]);
  // the copy is a snapshot, not a reference to live weights
  assert.is.not(cb.bestWeights![0], m.weights[0]);
});

test('startFromEpoch: epochs before it are not monitored', async () => {
  const cb = earlyStopping({ monitor: 'loss', startFromEpoch: 3 });
  assert.is(await run(cb, new FakeModel(), losses(1, 2, 3, 4, 5, 6)), 5);
  assert.is(cb.stoppedEpoch, 4);
  assert.is(cb.bestEpoch, 3);
  const m = new FakeModel();
  await run(earlyStopping({ monitor: 'loss', startFromEpoch: 2, patience: 1, restoreBestWeights: true }), m, losses(0.1, 0.2, 3, 4, 5));
  assert.equal([...m.weights[0]], [2], 'best is taken among monitored epochs only');
});

test("mode: explicit, and auto deciding as Keras does from the metric's direction", async () => {
  const dirs: [string, 'min' | 'max'][] = [
    ['loss', 'min'], ['val_loss', 'min'], ['acc', 'max'], ['val_acc', 'max'], ['accuracy', 'max'],
    ['val_accuracy', 'max'], ['val_categorical_accuracy', 'max'], ['sparse_categorical_accuracy', 'max'],
    ['mse', 'min'], ['val_mean_absolute_error', 'min'], ['binary_crossentropy', 'min'],
    ['val_categoricalAccuracy', 'max'], ['meanSquaredError', 'min'], ['val_mae', 'min'],
  ];
  for (const [monitor, dir] of dirs) assert.is(earlyStopping({ monitor }).direction, dir, monitor);
  assert.throws(() => earlyStopping({ monitor: 'my_score' }), (e: unknown) => e instanceof ValidationError && e.arg === 'mode');
  assert.is(earlyStopping({ monitor: 'my_score', mode: 'max' }).direction, 'max');
  assert.is(earlyStopping({ monitor: 'loss', mode: 'max' }).direction, 'max');
  const cb = earlyStopping({ monitor: 'val_accuracy', patience: 1 });
  assert.is(await run(cb, new FakeModel(), [0.5, 0.6, 0.55].map((v) => ({ val_accuracy: v }))), 3);
  assert.is(cb.best, 0.6);
});

test('a missing monitor warns once and never stops; reuse starts afresh; bad options throw', async () => {
  const warn = console.warn;
  const seen: string[] = [];
  console.warn = (m: string) => seen.push(m);
  try {
    const cb = earlyStopping({ monitor: 'val_loss' });
    assert.is(await run(cb, new FakeModel(), losses(1, 2, 3)), 3);
    assert.is(seen.length, 1);
    assert.match(seen[0], /val_loss.*Available metrics are: loss/);
  } finally {
    console.warn = warn;
  }
  const cb = earlyStopping({ monitor: 'loss', patience: 1 });
  await run(cb, new FakeModel(), losses(0.1, 0.2, 0.3));
  assert.is(await run(cb, new FakeModel(), losses(5, 4, 3, 3.5, 3.6)), 4, 'second fit: best reset');
  assert.throws(() => earlyStopping({ patience: -1 }), (e: unknown) => e instanceof ValidationError && e.arg === 'patience');
  assert.throws(() => earlyStopping({ restore_best_weights: true } as never), (e: unknown) => e instanceof ValidationError);
});

test.run();
