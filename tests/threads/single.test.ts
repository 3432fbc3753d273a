// One thread loads the single-thread module (bindings/threads/config.ts, issue 18 item 12): with
// ready({ threads: 1 }) or SIMDNET_THREADS=1 the default module is the plain build on unshared
// memory, not the threads build at one thread (whose shared memory makes every JavaScript copy into
// it slower); a later setThreads(2) then resolves to 1 and a notice says how to get 2. Each case runs
// in a child process: the test process has its default module loaded already.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sharedMemoryAvailable } from '../../bindings/threads/instantiate.js';

const script = fileURLToPath(new URL('./fixtures/oneThread.js', import.meta.url));

function run(env: Record<string, string>): { pool: boolean; shared: boolean; build: string; after: number; loss: number[]; notices: string[] } {
  const r = spawnSync(process.execPath, [script], { timeout: 60000, encoding: 'utf8', env: { ...process.env, SIMDNET_WASM: '', ...env } });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

for (const [label, env] of [
  ['ready({ threads: 1 })', { ONE_THREAD: 'option', SIMDNET_THREADS: '' }],
  ['SIMDNET_THREADS=1', { SIMDNET_THREADS: '1' }],
] as const) {
  test(`${label} loads the single-thread module; setThreads(2) afterwards stays at 1 with a notice`, () => {
    if (!sharedMemoryAvailable()) return; // no threads build here either way
    const r = run(env);
    assert.is(r.pool, false, 'no pool');
    assert.is(r.shared, false, 'unshared memory');
    assert.ok(r.build === 'relaxed' || r.build === 'plain', r.build);
    assert.ok(r.loss.every(Number.isFinite), `it trains: ${r.loss}`);
    assert.is(r.after, 1);
    assert.ok(r.notices.some((n) => /setThreads\(2\).*loaded single-threaded.*before the first ready\(\)/.test(n)), `notices: ${JSON.stringify(r.notices)}`);
  });
}

test('the default (2 threads) still loads the threads build with its pool', () => {
  if (!sharedMemoryAvailable()) return;
  const r = run({ SIMDNET_THREADS: '2' });
  assert.is(r.pool, true);
  assert.is(r.shared, true);
  assert.is(r.after, 2);
});

test.run();
