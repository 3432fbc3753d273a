// A seeded gridSearch gives the same result bit for bit on 1 and 2 threads, with every call split
// and with the pool's policy deciding (issue 18 item 8): the thread count is not part of a search's
// result. It follows from the split kernels being bit-identical (tests/threads/train.test.ts); this
// checks it end to end over folds, dropout, shuffling and the refit, on shapes large enough that the
// dense GEMMs and the Adam step over the parameter arena are split.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { setThreads } from '../../bindings/threads/config.js';
import { MIN_WORK } from '../../bindings/threads/gemm.js';
import { MIN_ELEMENTS } from '../../bindings/threads/elementwise.js';
import { adam, dense, dropout, sequential, tensor, type Sequential } from '../../src/index.js';
import { gridSearch } from '../../src/search/search-cv.js';

const n = 256;
const features = 256;
const x = tensor(new Float32Array(n * features).map((_, i) => Math.sin(i * 0.37)), [n, features]);
const y = tensor(new Int32Array(n).map((_, i) => (i * 7) % 4), [n]);

async function search(threads: number, forced: boolean) {
  const effective = await setThreads(threads);
  const pool = (await ready()).pool;
  if (pool) pool.policy.adaptive = !forced;
  const posted0 = pool?.posted ?? 0;
  try {
    const r = await gridSearch({
      buildModel: (p: { units: number }) => {
        const m = sequential({ layers: [dense({ units: p.units, activation: 'relu', inputShape: [features] }), dropout({ rate: 0.3 }), dense({ units: 4, activation: 'softmax' })] });
        m.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
        return m;
      },
      paramGrid: { units: [160, 192] },
      x,
      y,
      cv: 2,
      shuffle: true,
      seed: 8,
      fitOptions: () => ({ epochs: 2, batchSize: 128, verbose: 0 }),
    });
    const refit = r.bestModel as Sequential;
    const weights = refit.getWeights();
    refit.dispose();
    return { scores: r.cvResults.splitTestScores, bestIndex: r.bestIndex, weights, effective, posted: (pool?.posted ?? 0) - posted0 };
  } finally {
    if (pool) pool.policy.adaptive = true;
  }
}

test('a seeded gridSearch is bit-identical on 1 and 2 threads (every call split, and as the policy decides)', async () => {
  const m = await ready();
  assert.ok(128 * 160 * features >= MIN_WORK, 'the first layer GEMMs are split');
  assert.ok(features * 160 + 160 + 160 * 4 + 4 >= MIN_ELEMENTS, 'the Adam step over the arena is split');
  const before = m.pool?.threads ?? 1;
  try {
    const one = await search(1, true);
    assert.ok(one.scores.flat().every(Number.isFinite));
    for (const forced of [true, false]) {
      const two = await search(2, forced);
      if (m.pool) assert.is(two.effective, 2);
      if (m.pool && forced) assert.ok(two.posted > 0, `2 threads: ${two.posted} split calls`);
      assert.equal(two.scores, one.scores, `fold scores (forced ${forced})`);
      assert.is(two.bestIndex, one.bestIndex);
      two.weights.forEach((w, i) => assert.ok(w.every((v, j) => Object.is(v, one.weights[i][j])), `refit weight tensor ${i} (forced ${forced})`));
    }
  } finally {
    await setThreads(before);
  }
});

test.run();
