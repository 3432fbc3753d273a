// loadBatch: a batch gathered by shuffled indices lands in the plan's input and target slots exactly,
// through both copy paths of src/model/data.ts (the element loop for short rows, TypedArray.set from
// cached per-row views for rows of ROW_VIEW_MIN = 256 floats or more), repeatedly and from two
// different source arrays of the same shape (the row views are per array).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, sgd, tensor } from '../../src/index.js';
import { prepare, loadBatch } from '../../src/model/data.js';
import type { Engine } from '../../src/model/engine.js';
import { Rng } from '../../src/rng.js';

for (const features of [20, 255, 256, 784]) {
  test(`loadBatch copies shuffled rows of ${features} floats exactly (x and y, two sources, two passes)`, async () => {
    await ready();
    const n = 40;
    const batch = 16;
    const m = sequential({ seed: 1, layers: [dense({ units: 3, inputShape: [features] })] });
    m.compile({ optimizer: sgd(), loss: 'meanSquaredError' });
    const engine = m.engineFor('test') as Engine;
    const plan = engine.ensurePlan(batch);
    for (const offset of [0, 1000]) {
      const x = new Float32Array(n * features).map((_, i) => offset + i * 0.25);
      const y = new Float32Array(n * 3).map((_, i) => -offset - i);
      const data = prepare('test', engine, tensor(x, [n, features]), tensor(y, [n, 3]), null);
      const idx = new Rng(offset + features).shuffle(Int32Array.from({ length: n }, (_, i) => i));
      for (let pass = 0; pass < 2; pass++) {
        const start = pass * 7;
        loadBatch(engine, data, idx, start, batch);
        const heap = engine.heap();
        for (let r = 0; r < batch; r++) {
          const s = idx[start + r];
          const gotX = heap.subarray((plan.input >>> 2) + r * features, (plan.input >>> 2) + (r + 1) * features);
          const firstBad = gotX.findIndex((v, j) => v !== x[s * features + j]);
          assert.is(firstBad, -1, `offset ${offset} pass ${pass} row ${r} (sample ${s}): x[${firstBad}]`);
          const gotY = Array.from(heap.subarray((plan.targets >>> 2) + r * 3, (plan.targets >>> 2) + (r + 1) * 3));
          assert.equal(gotY, Array.from(y.subarray(s * 3, s * 3 + 3)), `offset ${offset} pass ${pass} row ${r}: y`);
        }
      }
    }
    m.dispose();
  });
}

test.run();
