// TerminateOnNaN, LearningRateScheduler, History, lambdaCallback and formatPath.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { terminateOnNaN, learningRateScheduler, history, lambdaCallback } from '../../src/callbacks/index.js';
import { formatPath } from '../../src/callbacks/formatPath.js';
import { stepDecay } from '../../src/schedules/index.js';
import { ValidationError } from '../../src/errors.js';
import { FakeModel, run } from './fakeModel.js';

test('terminateOnNaN stops at the first NaN or Inf batch loss and names the epoch and batch', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    const lines: string[] = [];
    const cb = terminateOnNaN({ print: (l) => lines.push(l) });
    const m = new FakeModel();
    cb.setModel(m);
    cb.onTrainBegin();
    cb.onEpochBegin(2);
    cb.onBatchEnd(0, { loss: 0.5 });
    assert.is(m.stopTraining, false);
    cb.onBatchEnd(1, { loss: bad });
    assert.is(m.stopTraining, true);
    assert.equal(cb.stoppedAt, { epoch: 2, batch: 1, loss: bad });
    assert.equal(lines, [`Epoch 3, batch 1: invalid loss ${bad}, terminating training`]);
  }
  const cb = terminateOnNaN({ print: () => undefined });
  const m = new FakeModel();
  cb.setModel(m);
  cb.onBatchEnd(0, { accuracy: NaN });
  assert.is(m.stopTraining, false, 'only the loss is watched');
});

test('learningRateScheduler sets schedule(epoch, lr) at each epoch begin and logs learning_rate', async () => {
  const m = new FakeModel();
  const seen: [number, number][] = [];
  const cb = learningRateScheduler((epoch, lr) => {
    seen.push([epoch, lr]);
    return epoch < 2 ? lr : lr * 0.5;
  });
  const logs: Record<string, number>[] = [];
  const spy = lambdaCallback({ onEpochEnd: (_e, l) => void logs.push({ ...l }) });
  cb.setModel(m);
  for (let e = 0; e < 4; e++) {
    cb.onEpochBegin(e);
    const l = { loss: 1 };
    cb.onEpochEnd(e, l);
    spy.onEpochEnd!(e, l);
  }
  assert.equal(seen, [[0, 0.1], [1, 0.1], [2, 0.1], [3, 0.05]]);
  assert.is(m.learningRate, 0.025);
  assert.equal(logs.map((l) => l.learning_rate), [0.1, 0.1, 0.05, 0.025]);
  // a one-argument Schedule works as a function of the epoch
  const s = learningRateScheduler(stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 2 }));
  s.setModel(m);
  s.onEpochBegin(1);
  assert.is(m.learningRate, 0.05);
  const bad = learningRateScheduler(() => NaN);
  bad.setModel(m);
  assert.throws(() => bad.onEpochBegin(0), (e: unknown) => e instanceof ValidationError && e.arg === 'schedule');
});

test('history records every epoch log, as Keras History', async () => {
  const h = history();
  await run(h, new FakeModel(), [{ loss: 1, accuracy: 0.5 }, { loss: 0.5, accuracy: 0.7 }], 3);
  assert.equal(h.epoch, [3, 4]);
  assert.equal(h.history, { loss: [1, 0.5], accuracy: [0.5, 0.7] });
});

test('lambdaCallback keeps the given hooks and rejects unknown ones', () => {
  const cb = lambdaCallback({ onTrainBegin: () => undefined });
  assert.type(cb.onTrainBegin, 'function');
  assert.throws(() => lambdaCallback({ onEpochFinish: () => undefined } as never), (e: unknown) => e instanceof ValidationError && e.arg === 'onEpochFinish');
  assert.throws(() => lambdaCallback({ onEpochEnd: 3 } as never), (e: unknown) => e instanceof ValidationError && e.code === 'ERR_INVALID_TYPE');
});

test('formatPath fills Python-style placeholders as Keras does', () => {
  assert.is(formatPath('f', 'ckpt/{epoch:02d}-{val_loss:.2f}.model', { epoch: 7, val_loss: 0.31415 }), 'ckpt/07-0.31.model');
  assert.is(formatPath('f', '{epoch}-{loss:.2e}-{acc:6.3f}', { epoch: 12, loss: 0.0015, acc: 0.5 }), '12-1.50e-03- 0.500');
  assert.is(formatPath('f', 'plain', {}), 'plain');
  assert.throws(() => formatPath('f', '{val_acc}', { loss: 1 }), (e: unknown) => e instanceof ValidationError && e.arg === 'filepath');
  assert.throws(() => formatPath('f', '{loss:x}', { loss: 1 }), (e: unknown) => e instanceof ValidationError);
});

test.run();
