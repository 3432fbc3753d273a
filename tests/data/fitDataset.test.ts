// The streaming path end to end: fixed-size records read from files on disk, zipped, decoded,
// shuffled through a buffer, batched and prefetched, trained with model.fitDataset; every epoch
// re-reads the files and sees every sample once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataset, encodeIdx, type Sample } from '../../src/data/index.js';
import { sequential } from '../../src/model/sequential.js';
import { dense } from '../../src/layers/dense.js';
import { Rng } from '../../src/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-fitds-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('fitDataset learns from records streamed off disk with shuffle buffer and prefetch', async () => {
  // 300 samples of 4 bytes; class 1 when the first two bytes sum above the last two
  const n = 300;
  const rng = new Rng(9);
  const x = Uint8Array.from({ length: n * 4 }, () => rng.int(256));
  const y = Uint8Array.from({ length: n }, (_, i) => +(x[4 * i] + x[4 * i + 1] > x[4 * i + 2] + x[4 * i + 3]));
  writeFileSync(join(dir, 'x.idx'), encodeIdx([n, 4], x));
  writeFileSync(join(dir, 'y.idx'), encodeIdx([n], y));
  const ds = dataset.zip(
    dataset.fromRecords(join(dir, 'x.idx'), { recordBytes: 4, headerBytes: 12, chunkBytes: 64 }),
    dataset.fromRecords(join(dir, 'y.idx'), { recordBytes: 1, headerBytes: 8 }),
  )
    .map(([r, l]): Sample => ({ xs: Float32Array.from(r, (v) => v / 255 - 0.5), ys: l[0] }))
    .shuffle(64, 3)
    .batch(32)
    .prefetch(2);
  const model = sequential({ seed: 1, layers: [dense({ units: 16, activation: 'relu', inputShape: [4] }), dense({ units: 2, activation: 'softmax' })] });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const batchesPerEpoch: number[] = [];
  let seen = 0;
  const history = await model.fitDataset(ds, {
    epochs: 25,
    verbose: 0,
    seed: 1,
    callbacks: [{ onEpochBegin: () => void (seen = 0), onBatchBegin: () => void seen++, onEpochEnd: () => void batchesPerEpoch.push(seen) }],
  });
  assert.equal(batchesPerEpoch, Array(25).fill(Math.ceil(n / 32)), 'batches per epoch');
  const acc = history.history.accuracy;
  assert.ok(acc[acc.length - 1] > 0.9, `final training accuracy ${acc[acc.length - 1]}`);
  assert.ok(history.history.loss[24] < history.history.loss[0]);
  model.dispose();
});

test.run();
