// The thread pool starts under node flags that workers refuse in an explicit execArgv (issue 18
// item 17): `node --expose-gc` (a V8 option), `--stack-size` and `--max-old-space-size` (V8), and
// `--input-type=module -e` (refused by a file-started worker). A child process trains on 2 threads
// under each and must report 2 threads and the same loss as without flags (the split is
// bit-identical, tests/threads/train.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startWithExecArgv, workerExecArgv } from '../../bindings/threads/execArgv.js';

const script = fileURLToPath(new URL('./fixtures/trainSeeded.js', import.meta.url));
const run = (flags: string[], args = [script]) => {
  const r = spawnSync(process.execPath, [...flags, ...args], { timeout: 60000, encoding: 'utf8', env: { ...process.env, SIMDNET_THREADS: '2' } });
  assert.is(r.signal, null, `${flags.join(' ')}: killed by the timeout (stderr: ${r.stderr})`);
  assert.is(r.status, 0, `${flags.join(' ')}: ${r.stderr}`);
  const m = /threads (\d+) loss ([0-9.e-]+)/.exec(r.stdout);
  assert.ok(m, `${flags.join(' ')}: no result line in ${JSON.stringify(r.stdout)} (stderr: ${r.stderr})`);
  return { threads: Number(m![1]), loss: m![2], stderr: r.stderr };
};

test('node --expose-gc (and other V8 flags) trains on 2 threads, same loss as without flags', () => {
  const plain = run([]);
  assert.is(plain.threads, 2);
  for (const flags of [['--expose-gc'], ['--expose-gc', '--stack-size=2000', '--max-old-space-size=512', '--no-warnings']]) {
    const r = run(flags);
    assert.is(r.threads, 2, `${flags.join(' ')}: threads`);
    assert.is(r.loss, plain.loss, `${flags.join(' ')}: loss`);
    assert.not.match(r.stderr, /failed to start|ERR_WORKER/, r.stderr);
  }
});

test('node --expose-gc --input-type=module -e trains on 2 threads', () => {
  const code = readFileSync(script, 'utf8').replaceAll("'../../../src/index.js'", JSON.stringify(pathToFileURL(fileURLToPath(new URL('../../src/index.js', import.meta.url))).href));
  const r = run(['--expose-gc', '--input-type=module'], ['-e', code]);
  assert.is(r.threads, 2);
});

test('refused flags are dropped and the answer remembered; other errors pass through', () => {
  const argv = ['--expose-gc', '--input-type=module', '--no-warnings', '--title=x'];
  const tried: string[][] = [];
  const refuse = (a: string[]) => {
    tried.push(a);
    const bad = a.filter((f) => f === '--expose-gc' || f.startsWith('--title'));
    if (bad.length) throw Object.assign(new Error(`Initiated Worker with invalid execArgv flags: ${bad.join(', ')}`), { code: 'ERR_WORKER_INVALID_EXEC_ARGV' });
    return a;
  };
  assert.equal(startWithExecArgv(argv, refuse), ['--no-warnings']);
  assert.equal(tried, [['--expose-gc', '--no-warnings', '--title=x'], ['--no-warnings']]);
  assert.equal(workerExecArgv(argv), ['--no-warnings'], 'the next worker starts with the accepted list at once');
  const unreadable = () => {
    throw Object.assign(new Error('some other wording'), { code: 'ERR_WORKER_INVALID_EXEC_ARGV' });
  };
  let last: string[] = [];
  assert.throws(() => startWithExecArgv(['--a', '--b'], (a) => ((last = a), unreadable())));
  assert.equal(last, [], 'an unreadable refusal ends with a try without flags');
  assert.throws(() => startWithExecArgv([], () => {
    throw new TypeError('not an execArgv problem');
  }), /not an execArgv problem/);
});

test.run();
