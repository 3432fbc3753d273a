// ReduceLROnPlateau step by step against Keras 3 (keras/src/callbacks/reduce_lr_on_plateau.py).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reduceLROnPlateau } from '../../src/callbacks/index.js';
import { ValidationError } from '../../src/errors.js';
import { FakeModel } from './fakeModel.js';
import type { Callback, Logs } from '../../src/callbacks/callback.js';

/** The learning rate after each epoch end, and the logs each epoch end left behind. */
function lrs(cb: Callback, model: FakeModel, epochLogs: Logs[]): { lr: number[]; logs: Logs[] } {
  cb.setModel!(model);
  cb.onTrainBegin!({});
  const lr: number[] = [];
  const out: Logs[] = [];
  epochLogs.forEach((l, e) => {
    const logs = { ...l };
    cb.onEpochEnd!(e, logs);
    lr.push(model.learningRate);
    out.push(logs);
  });
  return { lr, logs: out };
}

const close = (a: number[], e: number[]) => a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) < 1e-12, `epoch ${i}: lr ${v}, expected ${e[i]} (${a.join(', ')})`));

test('Keras defaults: factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0, monitor val_loss', () => {
  const cb = reduceLROnPlateau();
  assert.is(cb.factor, 0.1);
  assert.is(cb.patience, 10);
  assert.is(cb.minDelta, 1e-4);
  assert.is(cb.cooldown, 0);
  assert.is(cb.minLr, 0);
  assert.is(cb.monitor, 'val_loss');
  const m = new FakeModel();
  const { lr } = lrs(cb, m, Array.from({ length: 12 }, () => ({ val_loss: 1 })));
  close(lr, [...Array(10).fill(0.1), 0.01, 0.01]); // reduces at the 10th non-improving epoch (epoch 10)
});

test('patience, cooldown and the minLr floor', () => {
  // cooldown 2: after a reduction, two epochs pass before waiting starts again
  const { lr, logs } = lrs(reduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, cooldown: 2, minLr: 0.02 }), new FakeModel(), Array.from({ length: 8 }, () => ({ loss: 1 })));
  close(lr, [0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02]);
  assert.is(logs[1].learning_rate, 0.1, 'logs carry the rate in effect during the epoch');
  assert.is(logs[2].learning_rate, 0.05);
  // cooldown 1 does not delay anything in Keras: the counter is decremented before the check
  const c1 = lrs(reduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, cooldown: 1 }), new FakeModel(), Array.from({ length: 4 }, () => ({ loss: 1 })));
  close(c1.lr, [0.1, 0.05, 0.025, 0.0125]);
});

test('improvements beyond minDelta reset the wait; auto mode maximises names containing "acc"', () => {
  const { lr } = lrs(reduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 2, minDelta: 0.1 }), new FakeModel(), [1, 0.95, 0.8, 0.75, 0.72, 0.5].map((loss) => ({ loss })));
  // e0 best 1; e1 +0.05 (< minDelta) wait 1; e2 0.8 improves; e3 wait 1; e4 wait 2 -> reduce; e5 improves
  close(lr, [0.1, 0.1, 0.1, 0.1, 0.05, 0.05]);
  const acc = lrs(reduceLROnPlateau({ monitor: 'val_acc', patience: 1 }), new FakeModel(), [0.5, 0.6, 0.6, 0.7].map((v) => ({ val_acc: v })));
  close(acc.lr, [0.1, 0.1, 0.01, 0.01]);
  const min = lrs(reduceLROnPlateau({ monitor: 'val_acc', patience: 1, mode: 'min' }), new FakeModel(), [0.5, 0.6].map((v) => ({ val_acc: v })));
  close(min.lr, [0.1, 0.01]);
});

test('a missing monitor warns and leaves the rate; factor >= 1 is rejected', () => {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const { lr } = lrs(reduceLROnPlateau({ patience: 0 }), new FakeModel(), [{ loss: 1 }, { loss: 2 }]);
    close(lr, [0.1, 0.1]);
  } finally {
    console.warn = warn;
  }
  assert.throws(() => reduceLROnPlateau({ factor: 1 }), (e: unknown) => e instanceof ValidationError && e.arg === 'factor');
});

test.run();
