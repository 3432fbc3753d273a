// Training on the default module with 1, 2 and 4 threads: the same seeds give bit-identical losses
// and weights, because the kernels split across threads, sgemm and the elementwise ones, split
// bit-identically (gemm.test.ts, elementwise.test.ts); the rest (losses, reductions, dropout's random
// draws) runs on the calling thread in the same order as before. The shapes are large enough that
// every dense GEMM and the Adam step over the parameter arena are split.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { setThreads } from '../../bindings/threads/config.js';
import { MIN_WORK } from '../../bindings/threads/gemm.js';
import { MIN_ELEMENTS } from '../../bindings/threads/elementwise.js';
import { sequential, dense, dropout, adam, tensor } from '../../src/index.js';

// forced: every call above the floors is split (the pool's adaptive policy off); else the default
// policy decides call by call (bindings/threads/policy.ts), which must not change a bit either.
async function train(threads: number, forced = true): Promise<{ loss: number[]; weights: Float32Array[]; effective: number; posted: number }> {
  const effective = await setThreads(threads);
  const pool = (await ready()).pool;
  if (pool) pool.policy.adaptive = !forced;
  const posted0 = pool?.posted ?? 0;
  const n = 512;
  const x = new Float32Array(n * 96).map((_, i) => Math.sin(i * 0.37));
  const labels = new Float32Array(n).map((_, i) => (i * 7) % 10);
  const m = sequential({
    seed: 3,
    layers: [dense({ units: 192, activation: 'relu', inputShape: [96] }), dropout({ rate: 0.2 }), dense({ units: 160, activation: 'tanh' }), dense({ units: 10, activation: 'softmax' })],
  });
  m.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
  const h = await m.fit(tensor(x, [n, 96]), tensor(labels, [n]), { epochs: 3, batchSize: 128, verbose: 0, seed: 4 });
  const weights = m.getWeights();
  m.dispose();
  if (pool) pool.policy.adaptive = true;
  return { loss: h.history.loss, weights, effective, posted: (pool?.posted ?? 0) - posted0 };
}

test('the same seeds train to bit-identical weights on 1, 2 and 4 threads (every call split, and as the policy decides)', async () => {
  const m = await ready();
  assert.ok(128 * 192 * 96 >= MIN_WORK && 96 * 192 * 128 >= MIN_WORK, 'the first layer GEMMs are split');
  assert.ok(96 * 192 + 192 + 192 * 160 + 160 + 160 * 10 + 10 >= MIN_ELEMENTS, 'the Adam step over the arena is split');
  const before = m.pool?.threads ?? 1;
  try {
    const one = await train(1);
    for (const [t, forced] of [[2, true], [4, true], [2, false]] as const) {
      const r = await train(t, forced);
      if (m.pool) assert.is(r.effective, t);
      // 12 steps, each with split GEMMs and the split Adam step when forced.
      if (m.pool && forced) assert.ok(r.posted >= 12 * 4, `${t} threads: ${r.posted} split calls`);
      assert.equal(r.loss, one.loss, `${t} threads: losses`);
      r.weights.forEach((w, i) => {
        const same = w.every((v, j) => Object.is(v, one.weights[i][j]));
        assert.ok(same, `${t} threads: weight tensor ${i} differs from 1 thread`);
      });
    }
    assert.ok(one.loss[2] < one.loss[0], `it trains: ${one.loss}`);
  } finally {
    await setThreads(before);
  }
});

test.run();
