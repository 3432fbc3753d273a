import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimdnetError } from '../../src/errors.js';
import { fmin } from '../../src/search/fmin.js';
import { JournalStorage } from '../../src/search/journal.js';
import { hp } from '../../src/search/space.js';
import { Trials } from '../../src/search/trials.js';
import { journalSearch } from './journal-search.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-journal-'));
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const summary = (t: Trials) => t.trials.map((r) => [r.tid, r.status, r.loss, r.vals]);

test('a journal search reopened from its file continues where it stopped', async () => {
  const path = join(dir, 'continue.jsonl');
  await fmin({ ...journalSearch, maxEvals: 12, trials: new Trials(new JournalStorage(path)) });
  const reopened = new Trials(new JournalStorage(path));
  let calls = 0;
  await fmin({ ...journalSearch, fn: (p) => (calls++, journalSearch.fn(p)), trials: reopened });
  assert.is(calls, 18);
  const straight = await fmin({ ...journalSearch });
  assert.equal(summary(reopened), summary(straight.trials), 'resumed search equals an uninterrupted one');
  assert.is(lines(path).filter((e) => e.op === 'finish').length, 30);
  assert.not.ok(existsSync(`${path}.lock`), 'lock released');
});

test('kill -9 mid-trial: rerun keeps every finished trial, reruns the interrupted one, counts none twice', async () => {
  const path = join(dir, 'killed.jsonl');
  const child = spawn(process.execPath, [fileURLToPath(new URL('./journal-child.js', import.meta.url)), path, '14'], { stdio: 'inherit' });
  // Wait until trial 14 (which never returns) has started, then kill the process without warning.
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (existsSync(path) && lines(path).some((e) => e.op === 'start' && e.tid === 14)) {
        clearInterval(poll);
        resolve();
      }
    }, 10);
    child.on('exit', () => reject(new Error('child exited early')));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  // Simulate a torn last write as well: half a line with no newline.
  appendFileSync(path, '{"op":"finish","tid":14,"sta');
  assert.not.ok(readFileSync(path, 'utf8').endsWith('\n'));
  assert.ok(existsSync(`${path}.lock`), 'the killed process left its lock');

  const trials = new Trials(new JournalStorage(path));
  const calls: number[] = [];
  await fmin({ ...journalSearch, fn: (p, trial) => (calls.push(trial.tid), journalSearch.fn(p)), trials });
  assert.equal(calls, [...Array(16).keys()].map((i) => 14 + i), 'only trials 14..29 run again');
  assert.is(trials.finished, 30);
  const finishes = lines(path).filter((e) => e.op === 'finish').map((e) => e.tid);
  assert.is(new Set(finishes).size, finishes.length, 'no trial finished twice in the journal');
  const straight = await fmin({ ...journalSearch });
  assert.equal(summary(trials), summary(straight.trials), 'same trials as an uninterrupted search');
});

test('a journal refuses another space, a live writer, and a corrupt file', async () => {
  const path = join(dir, 'guard.jsonl');
  await fmin({ fn: (x: number) => x, space: hp.uniform('x', 0, 1), maxEvals: 2, seed: 1, trials: new Trials(new JournalStorage(path)) });
  const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: SimdnetError) => e.code);
  assert.is(await code(fmin({ fn: (x: number) => x, space: hp.uniform('y', 0, 1), maxEvals: 3, seed: 1, trials: new Trials(new JournalStorage(path)) })), 'ERR_STATE');
  const holder = new JournalStorage(path);
  await new Trials(holder).open((await import('../../src/search/compile.js')).compileSpace(hp.uniform('x', 0, 1)));
  assert.is(await code(fmin({ fn: (x: number) => x, space: hp.uniform('x', 0, 1), maxEvals: 3, seed: 1, trials: new Trials(new JournalStorage(path)) })), 'ERR_STATE');
  await holder.close();
  appendFileSync(path, 'garbage\n');
  assert.is(await code(fmin({ fn: (x: number) => x, space: hp.uniform('x', 0, 1), maxEvals: 3, seed: 1, trials: new Trials(new JournalStorage(path)) })), 'ERR_CORRUPT_DATA');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
