// CsvLogger contents (Keras 3 layout: epoch then sorted keys, val_ columns added, NA, append) and
// ModelCheckpoint's save decisions and paths with a fake model.save.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLogger, modelCheckpoint } from '../../src/callbacks/index.js';
import { ValidationError } from '../../src/errors.js';
import { FakeModel, run } from './fakeModel.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-cb-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('csvLogger: header from the first epoch, val_ columns added with NA, one row per epoch', async () => {
  const file = join(dir, 'a.csv');
  await run(csvLogger({ filename: file }), new FakeModel(), [{ loss: 1, accuracy: 0.5 }, { loss: 0.5, accuracy: 0.75 }]);
  assert.is(readFileSync(file, 'utf8'), 'epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5,1,NA,NA\n1,0.75,0.5,NA,NA\n');
  await run(csvLogger({ filename: file, separator: ';' }), new FakeModel(), [{ val_loss: 2, loss: 1 }]);
  assert.is(readFileSync(file, 'utf8'), 'epoch;loss;val_loss\n0;1;2\n', 'overwritten, no val_ added when present');
});

test('csvLogger append: continues the file without a second header; header if empty or absent', async () => {
  const file = join(dir, 'b.csv');
  await run(csvLogger({ filename: file, append: true }), new FakeModel(), [{ loss: 3, val_loss: 4 }]);
  await run(csvLogger({ filename: file, append: true }), new FakeModel(), [{ loss: 2, val_loss: 3 }], 1);
  assert.is(readFileSync(file, 'utf8'), 'epoch,loss,val_loss\n0,3,4\n1,2,3\n');
  const empty = join(dir, 'c.csv');
  writeFileSync(empty, '');
  await run(csvLogger({ filename: empty, append: true }), new FakeModel(), [{ loss: 1 }]);
  assert.is(readFileSync(empty, 'utf8'), 'epoch,loss,val_loss\n0,1,NA\n');
});

test('csvLogger writes each row when its epoch ends (readable mid-training)', async () => {
  const file = join(dir, 'd.csv');
  const cb = csvLogger({ filename: file });
  await cb.onTrainBegin();
  assert.is(readFileSync(file, 'utf8'), '');
  await cb.onEpochEnd(0, { loss: 1, val_loss: 2 });
  assert.is(readFileSync(file, 'utf8'), 'epoch,loss,val_loss\n0,1,2\n');
  assert.throws(() => csvLogger({ filename: file, separator: ';;' }), (e: unknown) => e instanceof ValidationError && e.arg === 'separator');
});

test('modelCheckpoint saveBestOnly: saves only on improvement, paths formatted from epoch and logs', async () => {
  const m = new FakeModel();
  const cb = modelCheckpoint({ filepath: join(dir, 'ck', '{epoch:02d}-{val_loss:.2f}'), saveBestOnly: true });
  await run(cb, m, [1, 0.8, 0.9, 0.7].map((val_loss) => ({ val_loss })));
  assert.equal(m.saves, ['01-1.00', '02-0.80', '04-0.70'].map((p) => join(dir, 'ck', p)));
  assert.equal(cb.saved, m.saves);
  assert.is(cb.best, 0.7);
  const all = new FakeModel();
  await run(modelCheckpoint({ filepath: join(dir, 'all-{epoch}') }), all, [1, 0.8, 0.9].map((val_loss) => ({ val_loss })));
  assert.is(all.saves.length, 3);
  const thr = new FakeModel();
  await run(modelCheckpoint({ filepath: join(dir, 'thr'), saveBestOnly: true, initialValueThreshold: 0.75 }), thr, [1, 0.8, 0.9, 0.7].map((val_loss) => ({ val_loss })));
  assert.equal(thr.saves, [join(dir, 'thr')]);
  const acc = new FakeModel();
  await run(modelCheckpoint({ filepath: join(dir, 'acc-{epoch}'), monitor: 'val_accuracy', saveBestOnly: true }), acc, [0.5, 0.4, 0.6].map((val_accuracy) => ({ val_accuracy })));
  assert.equal(acc.saves, [join(dir, 'acc-1'), join(dir, 'acc-3')], 'auto mode maximises accuracy');
});

test('modelCheckpoint: saveFreq in batches, missing monitor saves (Keras 3), save errors propagate', async () => {
  const m = new FakeModel();
  const cb = modelCheckpoint({ filepath: join(dir, 'b-{epoch}-{batch}'), saveFreq: 2 });
  cb.setModel(m);
  cb.onEpochBegin(0);
  for (let b = 0; b < 5; b++) await cb.onBatchEnd(b, { loss: 1 });
  await cb.onEpochEnd(0, { loss: 1 });
  assert.equal(m.saves, [join(dir, 'b-1-2'), join(dir, 'b-1-4')]);
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const mm = new FakeModel();
    await run(modelCheckpoint({ filepath: join(dir, 'nomon'), saveBestOnly: true }), mm, [{ loss: 1 }]);
    assert.is(mm.saves.length, 1);
  } finally {
    console.warn = warn;
  }
  const f = new FakeModel();
  f.failSave = true;
  const c = modelCheckpoint({ filepath: join(dir, 'fail') });
  c.setModel(f);
  let err: unknown = null;
  await c.onEpochEnd(0, { val_loss: 1 }).catch((e: unknown) => (err = e));
  assert.instance(err, Error);
  assert.throws(() => modelCheckpoint({ filepath: '' }), (e: unknown) => e instanceof ValidationError && e.arg === 'filepath');
});

test.run();
