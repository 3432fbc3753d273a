// Lifecycle of the thread pool: resizing, dispose (memory returned, workers gone), a trap inside a
// worker reported as an error on the caller, static data untouched by re-instantiation on the shared
// memory, runEverywhere's thread count, idle polling switched off above the core count, threads option
// and setThreads validation, and a process that trains with threads exiting on its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { instantiateThreaded, POOL_EXPORTS } from '../../bindings/threads/instantiate.js';
import { IDLE_SPIN_MICROS } from '../../bindings/threads/pool.js';
import { setThreads } from '../../bindings/threads/config.js';
import { ready } from '../../bindings/loader.js';
import { SimdnetError, ValidationError } from '../../src/errors.js';

test('resize up and down, then dispose returns every block to the arena', async () => {
  const m = await instantiateThreaded('plain', 1);
  const base = m.arena.bytesInUse;
  await m.pool!.resize(3);
  assert.is(m.pool!.threads, 3);
  assert.is(m.arena.bytesInUse, base + 2 * m.exports.gemmWorkspaceBytes(), 'one packing workspace per worker');
  await m.pool!.resize(2);
  assert.is(m.pool!.threads, 2);
  m.pool!.dispose();
  m.pool!.dispose(); // idempotent
  assert.is(m.arena.bytesInUse, 0, 'control block and workspaces freed');
  try {
    await m.pool!.resize(2);
    assert.unreachable('a disposed pool refuses to grow');
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_DISPOSED');
  }
});

test('workers re-apply the data segments on the shared memory: the static data below heapBase never changes', async () => {
  const m = await instantiateThreaded('relaxed', 1);
  const heapBase = m.exports.heapBase() >>> 0;
  const before = new Uint8Array(m.memory.buffer, 0, heapBase).slice();
  // Dirty the data with a big GEMM and a tanh epilogue (the math tables), then start 3 workers.
  const [M, N, K] = [256, 256, 256];
  const a = m.arena.alloc(M * K * 4), b = m.arena.alloc(K * N * 4), c = m.arena.alloc(M * N * 4), ws = m.arena.alloc(m.exports.gemmWorkspaceBytes());
  m.arena.f32(a, M * K).fill(0.1);
  m.arena.f32(b, K * N).fill(-0.2);
  m.exports.sgemm(0, 0, M, N, K, 1, a, K, b, N, 0, c, N, 0, 9, 0, ws);
  await m.pool!.resize(4);
  m.exports.sgemm(0, 0, M, N, K, 1, a, K, b, N, 0, c, N, 0, 9, 0, ws);
  const after = new Uint8Array(m.memory.buffer, 0, heapBase);
  assert.ok(before.every((v, i) => v === after[i]), 'bytes below heapBase are constant, so re-writing them is a no-op');
  m.pool!.dispose();
});

test('a trap inside a worker surfaces as ERR_WASM_TRAP on the caller, and the pool keeps working', async () => {
  const m = await instantiateThreaded('plain', 2);
  m.pool!.policy.adaptive = false; // split every call: its first call would run on one thread (policy.ts)
  try {
    const [M, N, K] = [512, 64, 256]; // M > N: split by rows; the worker gets rows 256..511
    const a = m.arena.alloc(M * K * 4), b = m.arena.alloc(K * N * 4), ws = m.arena.alloc(m.exports.gemmWorkspaceBytes());
    const c = m.arena.alloc(M * N * 4);
    const end = m.memory.buffer.byteLength;
    // C placed so that the caller's half fits in memory and the worker's half runs past its end.
    const cBad = end - (M / 2) * N * 4 - 64;
    assert.throws(() => m.exports.sgemm(0, 0, M, N, K, 1, a, K, b, N, 0, cBad, N, 0, 0, 0, ws), (e: unknown) => e instanceof SimdnetError && e.code === 'ERR_WASM_TRAP');
    m.arena.f32(a, M * K).fill(1);
    m.arena.f32(b, K * N).fill(2);
    m.exports.sgemm(0, 0, M, N, K, 1, a, K, b, N, 0, c, N, 0, 0, 0, ws);
    const out = m.arena.f32(c, M * N);
    assert.ok(out.every((v) => v === 2 * K), 'the next call runs on both threads and is right');
  } finally {
    m.pool!.dispose();
  }
});

test('runEverywhere refuses more parts than the pool has threads (it would wait forever)', async () => {
  const m = await instantiateThreaded('plain', 2);
  try {
    const probe = POOL_EXPORTS.indexOf('peakProbe');
    assert.is(m.pool!.runEverywhere(probe, [0, 1, 0], 2), m.exports.peakProbe(0, 1, 0));
    for (const bad of [3, 0, 1.5]) {
      try {
        m.pool!.runEverywhere(probe, [0, 1, 0], bad);
        assert.unreachable(`runEverywhere with ${bad} threads must throw`);
      } catch (e) {
        assert.instance(e, ValidationError);
        assert.is((e as ValidationError).arg, 'threads');
      }
    }
  } finally {
    m.pool!.dispose();
  }
});

test('idle threads poll before sleeping only while the pool has no more threads than cores', async () => {
  const cores = os.availableParallelism();
  const m = await instantiateThreaded('plain', 1);
  try {
    assert.is(m.pool!.spinMicros, IDLE_SPIN_MICROS);
    await m.pool!.resize(cores);
    assert.is(m.pool!.spinMicros, IDLE_SPIN_MICROS, `${cores} threads on ${cores} cores`);
    await m.pool!.resize(cores + 1);
    assert.is(m.pool!.spinMicros, 0, `${cores + 1} threads on ${cores} cores`);
    // Jobs still complete with sleeping workers (the blocking path).
    const c = m.pool!.runEverywhere(POOL_EXPORTS.indexOf('peakProbe'), [1000, 0.5, 1], cores + 1);
    assert.is(c, m.exports.peakProbe(1000, 0.5, 1));
    await m.pool!.resize(2);
    assert.is(m.pool!.spinMicros, cores >= 2 ? IDLE_SPIN_MICROS : 0);
  } finally {
    m.pool!.dispose();
  }
});

test('threads option and setThreads validate their argument', async () => {
  for (const bad of [0, -1, 1.5, 65, NaN, '2']) {
    await setThreads(bad as number).then(
      () => assert.unreachable(`setThreads(${String(bad)}) must throw`),
      (e: unknown) => assert.instance(e, ValidationError),
    );
    await ready({ threads: bad as number }).then(
      () => assert.unreachable(`ready({ threads: ${String(bad)} }) must throw`),
      (e: unknown) => assert.instance(e, ValidationError),
    );
  }
  await instantiateThreaded('debug' as 'plain', 2).then(
    () => assert.unreachable('debug has no threads build'),
    (e: unknown) => assert.instance(e, ValidationError),
  );
});

test('setThreads resizes the default module; ready({ threads }) too', async () => {
  const m = await ready();
  if (!m.pool) return; // single-threaded default (SIMDNET_WASM=debug): nothing to resize
  const before = m.pool.threads;
  assert.is(await setThreads(3), 3);
  assert.is(m.pool.threads, 3);
  await ready({ threads: 2 });
  assert.is(m.pool.threads, 2);
  assert.is(await setThreads(before), before);
});

test('a process that trains with 2 threads exits on its own (no worker keeps it alive)', () => {
  const script = fileURLToPath(new URL('./fixtures/trainAndExit.js', import.meta.url));
  const r = spawnSync(process.execPath, [script], { timeout: 30000, encoding: 'utf8', env: { ...process.env, SIMDNET_THREADS: '2' } });
  assert.is(r.signal, null, `killed by the timeout: the process did not exit (stderr: ${r.stderr})`);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /threads 2 loss [0-9.]+/);
});

test.run();
