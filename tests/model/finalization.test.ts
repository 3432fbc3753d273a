// Undisposed models give their wasm memory back when garbage-collected (FinalizationRegistry in
// sequential.ts); a model still referenced keeps its memory; dispose() after a collection is fine.
// The collection is forced in a child process under --expose-gc (fixtures/gc-child.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('20 trained, undisposed, dropped models: their arena blocks are reclaimed after gc()', () => {
  const child = fileURLToPath(new URL('./fixtures/gc-child.js', import.meta.url));
  // One thread: the point is the arena, not the pool (SIMDNET_THREADS is read by ready()).
  const r = spawnSync(process.execPath, ['--expose-gc', child], { encoding: 'utf8', env: { ...process.env, SIMDNET_THREADS: '1' }, timeout: 120_000 });
  assert.is(r.status, 0, r.stderr);
  const { before, oneModel, alive, after, disposed } = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.ok(alive - before > 20 * 100_000, `20 models hold memory while alive: ${alive - before} bytes`);
  assert.is(after, before + oneModel, `after gc only the referenced model remains (before ${before}, one model ${oneModel}, alive ${alive}, after ${after})`);
  assert.is(disposed, before);
});

test.run();
