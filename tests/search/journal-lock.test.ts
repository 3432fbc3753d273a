// The journal lock cannot be fooled by PID reuse (issue 18 item 15): a lock left by a dead writer is
// taken over even when its pid is now the resumer's own (PID 1 in a container) or another live
// process's; a live writer, in this process or another, still keeps a second one out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimdnetError } from '../../src/errors.js';
import { fmin } from '../../src/search/fmin.js';
import { JournalStorage } from '../../src/search/journal.js';
import { STALE_MS, startTime } from '../../src/search/journal-lock.js';
import { hp } from '../../src/search/space.js';
import { Trials } from '../../src/search/trials.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-journal-lock-'));
let n = 0;
const fresh = () => join(dir, `j${n++}.jsonl`);
const search = (path: string) => fmin({ fn: (x: number) => (x - 0.3) ** 2, space: hp.uniform('x', 0, 1), maxEvals: 3, seed: 7, trials: new Trials(new JournalStorage(path)) });
const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: SimdnetError) => `${e.code}: ${e.message}`);
const lockOf = (path: string) => JSON.parse(readFileSync(`${path}.lock`, 'utf8'));

/** A node process that stays alive until killed; resolves once it runs. */
async function sleeper(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("up\\n"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return child;
}
const stop = async (child: ChildProcess) => {
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.on('exit', r));
};

test('a dead writer whose pid is now the resumer itself (old bare-pid lock): resume goes ahead', async () => {
  const path = fresh();
  writeFileSync(`${path}.lock`, String(process.pid)); // what a killed PID-1 writer left on main
  assert.is(await outcome(search(path)), 'ok');
  assert.not.ok(existsSync(`${path}.lock`), 'the taken-over lock is released at the end');
});

test('a dead writer with this process\'s pid, host and start time but not its token: taken over', async () => {
  const path = fresh();
  const dead = { pid: process.pid, host: hostname(), start: startTime(fs, process.pid), token: 'written-by-a-dead-process' };
  writeFileSync(`${path}.lock`, JSON.stringify(dead));
  const storage = new JournalStorage(path);
  await storage.open('fp');
  const mine = lockOf(path);
  assert.is(mine.pid, process.pid);
  assert.is.not(mine.token, dead.token, 'the lock now holds the resumer\'s token');
  await storage.close();
  assert.not.ok(existsSync(`${path}.lock`));
});

test('a dead writer whose pid now belongs to another live process (another start time): taken over', async () => {
  const other = await sleeper();
  try {
    const path = fresh();
    const real = startTime(fs, other.pid!);
    assert.ok(real !== null, '/proc gives the start time on Linux');
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), start: `${Number(real) - 1000}`, token: 'dead' }));
    assert.is(await outcome(search(path)), 'ok');
  } finally {
    await stop(other);
  }
});

test('a live writer in another process blocks, with its pid in the message; after it is killed, resume works', async () => {
  const path = fresh();
  const holder = spawn(process.execPath, [fileURLToPath(new URL('./journal-holder.js', import.meta.url)), path], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
    holder.on('exit', () => reject(new Error('holder exited early')));
  });
  try {
    const blocked = await outcome(new JournalStorage(path).open('holder-fingerprint'));
    assert.match(blocked, /^ERR_STATE: .* is in use by process \d+ on /);
    assert.ok(blocked.includes(`process ${holder.pid} `), blocked);
  } finally {
    await stop(holder);
  }
  assert.ok(existsSync(`${path}.lock`), 'kill -9 left the lock');
  const storage = new JournalStorage(path);
  await storage.open('holder-fingerprint');
  await storage.close();
});

test('a live writer in this process blocks a second JournalStorage on the same file', async () => {
  const path = fresh();
  const first = new JournalStorage(path);
  await first.open('fp');
  assert.match(await outcome(new JournalStorage(path).open('fp')), /^ERR_STATE: .* in use by this process/);
  await first.close();
  const second = new JournalStorage(path);
  await second.open('fp');
  await second.close();
});

test('a lock from another host counts by its heartbeat: fresh blocks, older than STALE_MS is taken over', async () => {
  const path = fresh();
  writeFileSync(`${path}.lock`, JSON.stringify({ pid: 4242, host: 'another-machine', start: '1', token: 'remote' }));
  assert.match(await outcome(search(path)), /^ERR_STATE: .* in use by process 4242 on another-machine/);
  const old = new Date(Date.now() - STALE_MS - 1000);
  utimesSync(`${path}.lock`, old, old);
  assert.is(await outcome(search(path)), 'ok');
});

test('the holder refreshes its lock on append (the heartbeat a remote resumer reads)', async () => {
  const path = fresh();
  const storage = new JournalStorage(path);
  await storage.open('fp');
  const old = new Date(Date.now() - STALE_MS - 1000);
  utimesSync(`${path}.lock`, old, old);
  await storage.append({ op: 'start', tid: 0, vals: {}, time: 0 });
  assert.ok(Date.now() - fs.statSync(`${path}.lock`).mtimeMs < STALE_MS, 'append refreshed the mtime');
  await storage.close();
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
