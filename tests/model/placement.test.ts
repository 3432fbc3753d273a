// Placement (src/model/placement.ts, issue 18 item 12): a model none of whose calls the pool would
// split trains on the single-thread twin of the threaded module (unshared memory, no pool), bit for
// bit as it trains on the pool; a model whose GEMMs split stays on the pool; a later, larger batch
// moves a model back (and a smaller one there again); forced splits (the policy off) keep every
// model on the pool.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready, type WasmModule } from '../../bindings/loader.js';
import { MIN_WORK } from '../../bindings/threads/gemm.js';
import { PLACEMENT } from '../../src/model/placement.js';
import { sequential, dense, adam, tensor } from '../../src/index.js';

type Sequential = ReturnType<typeof sequential>;

const moduleOf = (model: Sequential): WasmModule => model.engineFor('test').m;

function data(n: number, d: number, classes: number): [ReturnType<typeof tensor>, ReturnType<typeof tensor>] {
  const x = new Float32Array(n * d).map((_, i) => Math.sin(i * 0.37));
  const y = new Float32Array(n).map((_, i) => (i * 7) % classes);
  return [tensor(x, [n, d]), tensor(y, [n])];
}

/** Trains a fresh model of these layer sizes for each batch size in turn; returns it (not disposed) with its losses. */
async function train(sizes: number[], batches: number[], placement: boolean): Promise<{ model: Sequential; loss: number[]; modules: WasmModule[] }> {
  PLACEMENT.enabled = placement;
  try {
    const [x, y] = data(512, sizes[0], sizes[sizes.length - 1]);
    const model = sequential({
      seed: 7,
      layers: sizes.slice(1).map((units, i) => dense({ units, activation: i === sizes.length - 2 ? 'softmax' : 'relu', ...(i === 0 ? { inputShape: [sizes[0]] } : {}) })),
    });
    model.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
    const loss: number[] = [];
    const modules: WasmModule[] = [];
    for (const batchSize of batches) {
      const h = await model.fit(x, y, { epochs: 2, batchSize, verbose: 0, seed: 4 });
      loss.push(...h.history.loss);
      modules.push(moduleOf(model));
    }
    return { model, loss, modules };
  } finally {
    PLACEMENT.enabled = true;
  }
}

function assertSameWeights(a: Sequential, b: Sequential, label: string): void {
  const wa = a.getWeights(), wb = b.getWeights();
  wa.forEach((w, i) => assert.ok(w.every((v, j) => Object.is(v, wb[i][j])), `${label}: weight tensor ${i} differs`));
}

test('a model whose calls never split trains on the single-thread module, bit for bit as on the pool', async () => {
  const home = await ready();
  if (!home.pool) return; // single-threaded default (no SharedArrayBuffer, SIMDNET_WASM=debug): nothing to place
  const moves = PLACEMENT.moves;
  // 16 x 24 x 64 = 24,576 multiply-adds per GEMM, under MIN_WORK; 1,954 weights, under minElements.
  assert.ok(16 * 24 * 64 < MIN_WORK);
  const placed = await train([64, 24, 10], [16], true);
  const pooled = await train([64, 24, 10], [16], false);
  try {
    const m = placed.modules[0];
    assert.is(m.pool, undefined, 'the placed model has no pool');
    assert.not.ok(m.memory.buffer instanceof SharedArrayBuffer, 'the placed model is on unshared memory');
    assert.is(m.build, home.build);
    assert.is(PLACEMENT.moves, moves + 1);
    assert.is(pooled.modules[0], home, 'placement off: the model stays on the default module');
    assert.equal(placed.loss, pooled.loss);
    assertSameWeights(placed.model, pooled.model, 'twin vs pool');
    assert.ok(placed.loss[1] < placed.loss[0], `it trains: ${placed.loss}`);
  } finally {
    placed.model.dispose();
    pooled.model.dispose();
  }
});

test('a model whose GEMMs are long enough to split stays on the pool; so does every model when splits are forced', async () => {
  const home = await ready();
  if (!home.pool || home.pool.threads < 2) return;
  // 128 x 256 x 784 = 25.7M multiply-adds: well over SPLIT_MIN_MS (0.1 ms) unsplit on any machine.
  const big = await train([784, 256, 10], [128], true);
  big.model.dispose();
  assert.is(big.modules[0], home);
  // Every GEMM split (the floor at 0, the policy off, as the forced tests do): the small model stays too.
  home.pool.policy.adaptive = false;
  home.pool.minWork = 0;
  try {
    const forced = await train([64, 24, 10], [16], true);
    forced.model.dispose();
    assert.is(forced.modules[0], home, 'forced splits: the small model stays on the pool');
  } finally {
    home.pool.policy.adaptive = true;
    home.pool.minWork = MIN_WORK;
  }
});

test('a later fit with a batch that splits moves the model back to the pool, with its weights and optimizer state', async () => {
  const home = await ready();
  if (!home.pool || home.pool.threads < 2) return;
  // 2048-8-2 (16,412 weights): batch 4 is 65,536 multiply-adds (under MIN_WORK), batch 512 is 8.4M (about 0.5 ms).
  const placed = await train([2048, 8, 2], [4, 512, 4], true);
  const pooled = await train([2048, 8, 2], [4, 512, 4], false);
  try {
    assert.is(placed.modules[0].pool, undefined, 'batch 4: on the twin');
    assert.is(placed.modules[1], home, 'batch 512: back on the pool');
    assert.is(placed.modules[2], placed.modules[0], 'batch 4 after 512: on the twin again');
    assert.equal(placed.loss, pooled.loss);
    assertSameWeights(placed.model, pooled.model, 'moved there and back vs pool');
  } finally {
    placed.model.dispose();
    pooled.model.dispose();
  }
});

test.run();
