// "The test set is touched once, by the final model" (issue 17 item 4), counted rather than
// assumed: every Sequential.evaluate / predict call is spied on, and a call counts as touching the
// test set when its x is the caller's xTest buffer (prepareTask keeps a Float32Array test tensor
// as given). A whole study with arms, halving, the TPE search and the final model must touch it
// exactly once; resuming the finished study from its journal must not touch it again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { playbook, type PlaybookOptions } from '../../src/playbook/index.js';
import { Sequential } from '../../src/model/sequential.js';
import { Rng } from '../../src/rng.js';

function blobs(n: number, d: number, seed: number) {
  const rng = new Rng(seed);
  const y = Int32Array.from({ length: n }, () => rng.int(2));
  const x = new Float32Array(n * d).map((_, i) => (y[Math.floor(i / d)] ? 0.5 : -0.5) + rng.uniform() - 0.5);
  return { x: { data: x, shape: [n, d] }, y: { data: y, shape: [n] } };
}

const train = blobs(160, 5, 11);
const held = blobs(40, 5, 12);
let touches = 0;
let calls = 0;
const proto = Sequential.prototype as unknown as Record<'evaluate' | 'predict', (this: unknown, x: unknown, ...rest: unknown[]) => unknown>;
for (const name of ['evaluate', 'predict'] as const) {
  const original = proto[name];
  proto[name] = function (this: unknown, x: unknown, ...rest: unknown[]) {
    calls++;
    if ((x as { data?: unknown } | null)?.data === held.x.data) touches++;
    return original.call(this, x, ...rest);
  };
}

const options = (journal: string): PlaybookOptions => ({
  data: { ...train, xTest: held.x, yTest: held.y }, model: { family: 'mlp', hidden: [16] }, epochs: 3, seeds: 2,
  strategies: { l2: [1e-3], dropout: [0.2], optimizer: ['sgd'] }, budget: '14runs', journal,
});

test('a full study evaluates on the test set exactly once, and a resume not at all', async () => {
  const journal = join(mkdtempSync(join(tmpdir(), 'simdnet-playbook-once-')), 'pb');
  const r = await playbook(options(journal));
  assert.ok(calls > r.budget.runs, `every run evaluated on the validation part (${calls} calls, ${r.budget.runs} runs)`);
  assert.is(touches, 1, `test-set evaluations in a whole study: ${touches}`);
  assert.is(r.task.testRows, 40);
  touches = 0;
  const again = await playbook(options(journal));
  assert.is(touches, 0, 'the resumed study reuses the journaled test number');
  assert.is(again.final.testMetric, r.final.testMetric);
});

test.run();
