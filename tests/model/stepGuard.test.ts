// The step guard with the optimizer's undo journal (src/model/stepGuard.ts, issue 18 item 2) where
// fitGuards.test.ts does not reach: weights outside the optimizer (batch-norm moving statistics) next
// to an overflowing update, Keras's per-tensor clipnorm (one journaled call per tensor), every
// optimizer, and the optimizer split across two threads (each part journals and counts its block).
// In each case the model after the NonFiniteError must equal, bit for bit, the same model stopped by a
// callback after the last good step, and the error must count the same non-finite weights.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { setThreads } from '../../bindings/threads/config.js';
import { NonFiniteError, rmsprop, sgd, adam, adagrad, adamax, nadam, type Optimizer } from '../../src/index.js';
import { MIN_ELEMENTS } from '../../bindings/threads/elementwise.js';
import { guardModel, regression, weightsAfter, type Make } from './guardSetup.js';

const { x, y } = regression(64);

/** Fits until the NonFiniteError; returns the bad batch, the counted weights and the weights kept. */
async function explode(make: Make): Promise<{ bad: number; count: number; w: Float32Array[]; iterations: number }> {
  const m = make();
  let err: unknown = null;
  await m.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0, seed: 1 }).catch((e) => (err = e));
  assert.instance(err, NonFiniteError, `no NonFiniteError (${err})`);
  const msg = (err as Error).message;
  const at = /epoch 1, batch (\d+)/.exec(msg);
  // An overflowing update, or (after a huge but finite one) a NaN loss at the next batch.
  const count = /would have made (\d+) of \d+ weights non-finite/.exec(msg);
  assert.ok(at && (count || /the loss became NaN/.test(msg)), msg);
  const w = m.getWeights();
  const iterations = m.optimizer().iterations;
  m.dispose();
  return { bad: Number(at![1]), count: count ? Number(count[1]) : -1, w, iterations };
}

const CASES: [string, () => Optimizer, boolean][] = [
  ['rmsprop + batch norm', () => rmsprop({ learningRate: 1e38 }), true],
  ['rmsprop, per-tensor clipnorm', () => rmsprop({ learningRate: 1e38, clipnorm: 1 }), false],
  ['rmsprop momentum centered + batch norm', () => rmsprop({ learningRate: 1e38, momentum: 0.5, centered: true }), true],
  ['sgd momentum', () => sgd({ learningRate: 1e37, momentum: 0.9 }), false],
  ['adam amsgrad', () => adam({ learningRate: 1e38, amsgrad: true }), false],
  ['adagrad', () => adagrad({ learningRate: 1e38 }), false],
  ['adamax', () => adamax({ learningRate: 1e38 }), true],
  ['nadam', () => nadam({ learningRate: 1e38 }), false],
];

test('an overflowing step is undone exactly: every optimizer, moving statistics, per-tensor clipnorm', async () => {
  await ready();
  let updates = 0;
  for (const [label, opt, bn] of CASES) {
    const make = guardModel(opt, bn);
    const r = await explode(make);
    assert.ok(r.w.every((a) => a.every(Number.isFinite)), `${label}: weights finite`);
    assert.ok(r.count === -1 || r.count > 0, `${label}: a counted update or a NaN loss`);
    if (r.count > 0) updates++;
    assert.equal(r.w, await weightsAfter(make, r.bad, x, y), `${label}: weights as after batch ${r.bad - 1}`);
    assert.is(r.iterations, r.bad, `${label}: the undone step is not counted`);
  }
  assert.ok(updates >= 3, `${updates} cases undid an overflowing update (the others a NaN loss after a huge finite one)`);
});

test('the optimizer split across 2 threads journals and counts every part as one thread does', async () => {
  const m = await ready();
  if (!m.pool) return; // single-threaded runtime: nothing to split
  const threads = m.pool.threads;
  try {
    for (const [label, opt, bn] of CASES) {
      const make = guardModel(opt, bn);
      await setThreads(1);
      const one = await explode(make);
      await setThreads(2);
      m.pool.minElements = 0; // split the 193-weight optimizer call
      m.pool.policy.adaptive = false;
      const posted = m.pool.posted;
      const two = await explode(make);
      assert.ok(m.pool.posted > posted, `${label}: nothing was split`);
      assert.is(two.bad, one.bad, `${label}: bad batch`);
      assert.is(two.count, one.count, `${label}: non-finite count`);
      assert.equal(two.w, one.w, `${label}: weights kept`);
    }
  } finally {
    m.pool.policy.adaptive = true;
    await setThreads(threads);
    m.pool.minElements = MIN_ELEMENTS;
  }
});

test.run();
