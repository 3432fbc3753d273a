// Placement for dataset fits (src/model/placement.ts, issue 18 item 12): fitDataset and fit(dataset)
// pull the first batch ahead (datasetEpochs.ts peek) and place the model at its size as fit does for
// arrays, so a small model trained on a dataset leaves the pool too, bit for bit the same training;
// the pulled batch is trained on first, so a one-shot generator loses nothing, even when the model
// takes its input shape from it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready, type WasmModule } from '../../bindings/loader.js';
import { PLACEMENT } from '../../src/model/placement.js';
import { sequential, dense, adam, tensor } from '../../src/index.js';

type Sequential = ReturnType<typeof sequential>;

/** 8 batches of 16 rows of 64 features, 10 classes; the same numbers on every call. */
function* batches(count = 8): Generator<{ xs: ReturnType<typeof tensor<Float32Array>>; ys: ReturnType<typeof tensor> }> {
  for (let b = 0; b < count; b++) {
    const xs = new Float32Array(16 * 64).map((_, i) => Math.sin((b * 16 * 64 + i) * 0.37));
    const ys = new Float32Array(16).map((_, i) => ((b * 16 + i) * 7) % 10);
    yield { xs: tensor(xs, [16, 64]), ys: tensor(ys, [16]) };
  }
}

function model(inputShape: boolean): Sequential {
  const m = sequential({ seed: 7, layers: [dense({ units: 24, activation: 'relu', ...(inputShape ? { inputShape: [64] } : {}) }), dense({ units: 10, activation: 'softmax' })] });
  m.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

const moduleOf = (m: Sequential): WasmModule => m.engineFor('test').m;

async function withPlacement<T>(on: boolean, body: () => Promise<T>): Promise<T> {
  PLACEMENT.enabled = on;
  try {
    return await body();
  } finally {
    PLACEMENT.enabled = true;
  }
}

test('fitDataset of a small model trains on the single-thread twin, bit for bit as on the pool', async () => {
  const home = await ready();
  if (!home.pool) return; // single-threaded default: nothing to place
  const moves = PLACEMENT.moves;
  const placed = model(true), pooled = model(true);
  try {
    // Re-iterable (an array of batches): every epoch iterates it afresh.
    const data = [...batches()];
    const a = await withPlacement(true, () => placed.fitDataset(data, { epochs: 2, verbose: 0 }));
    const b = await withPlacement(false, () => pooled.fitDataset(data, { epochs: 2, verbose: 0 }));
    assert.is(moduleOf(placed).pool, undefined, 'the placed model has no pool');
    assert.is(moduleOf(pooled), home, 'placement off: the model stays on the default module');
    assert.is(PLACEMENT.moves, moves + 1);
    assert.equal(a.history.loss, b.history.loss);
    const wa = placed.getWeights(), wb = pooled.getWeights();
    wa.forEach((w, i) => assert.ok(w.every((v, j) => Object.is(v, wb[i][j])), `weight tensor ${i} differs`));
    assert.ok(a.history.loss[1] < a.history.loss[0], `it trains: ${a.history.loss}`);
  } finally {
    placed.dispose();
    pooled.dispose();
  }
});

test('fit(one-shot generator) on a model without inputShape: built and placed from the first batch, which it trains on', async () => {
  const home = await ready();
  const steps: number[] = [];
  const counting = { onBatchEnd: (batch: number) => { steps.push(batch); } };
  const fromGenerator = model(false), fromArray = model(true);
  try {
    const h = await fromGenerator.fit(batches(), { epochs: 1, verbose: 0, callbacks: [counting] });
    const ref = await fromArray.fitDataset([...batches()], { epochs: 1, verbose: 0 });
    assert.equal(steps, [0, 1, 2, 3, 4, 5, 6, 7], 'all 8 batches of the generator trained');
    assert.equal(h.history.loss, ref.history.loss);
    if (home.pool) assert.is(moduleOf(fromGenerator).pool, undefined, 'placed on the twin');
  } finally {
    fromGenerator.dispose();
    fromArray.dispose();
  }
});

test('an empty dataset is still a typed error after the peek', async () => {
  const m = model(true);
  try {
    await m.fitDataset([], { epochs: 1, verbose: 0 }).then(
      () => assert.unreachable('an empty dataset trained'),
      (e: { code?: string; message: string }) => assert.match(e.message, /got none/),
    );
  } finally {
    m.dispose();
  }
});

test.run();
