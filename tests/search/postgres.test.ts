// Shared studies on a real PostgreSQL (a throwaway cluster, tests/search/postgres/suite.ts): worker
// processes claiming trials concurrently, read-back, other workers' running trials and reports, the
// typed errors and the CLI. Dead workers and database outages: postgresOutages.test.ts.
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runSearchCli } from '../../src/cli/search.js';
import { runStudyCli } from '../../src/cli/study.js';
import { SimdnetError, ValidationError } from '../../src/errors.js';
import { fmin } from '../../src/search/fmin.js';
import { TrialPruned } from '../../src/search/objective.js';
import { medianPruner } from '../../src/search/pruners.js';
import { PostgresStorage } from '../../src/search/postgres/postgres-storage.js';
import { SCHEMA_VERSION } from '../../src/search/postgres/schema.js';
import { Trials } from '../../src/search/trials.js';
import type { TrialEvent } from '../../src/search/trial.js';
import { gapless, rows, startWorker, until } from './postgres/rows.js';
import { pgObjective, pgSpace } from './postgres/study-fixture.js';
import { postgresSuite, runPostgresSuite } from './postgres/suite.js';

const t = postgresSuite('postgres');

t('4 worker processes share a study: exactly maxEvals distinct complete trials, numbered without gaps', async ({ cluster, db }) => {
  const base = { url: cluster.url(), study: 'four', maxEvals: 200, seed: 7, sleepMs: 2 };
  const workers = ['w0', 'w1', 'w2', 'w3'].map((workerId) => startWorker({ ...base, workerId }));
  const results = await Promise.all(workers.map((w) => w.done));
  for (const r of results) assert.is(r.code, 0, `worker exit ${r.code}`);
  const all = await rows(db, 'four');
  assert.is(all.length, 200);
  assert.ok(gapless(all), 'numbers 0..199');
  assert.ok(all.every((r) => r.state === 'complete' && r.vals !== null));
  const perWorker = new Map<string, number>();
  for (const r of all) perWorker.set(r.worker as string, (perWorker.get(r.worker as string) ?? 0) + 1);
  assert.is(perWorker.size, 4, `every worker ran trials: ${JSON.stringify([...perWorker])}`);
  // Every worker's final mirror saw the whole study.
  for (const r of results) assert.is(JSON.parse(r.out).finished, 200);
  // Distinct points: TPE with other workers' running trials as liars does not repeat itself.
  assert.is(new Set(all.map((r) => r.vals!.x)).size, 200);
});

t('results read back equal what was written (params, losses, reports, states, times)', async ({ cluster }) => {
  const storage = new PostgresStorage(cluster.url(), { study: 'readback', heartbeatInterval: 0.2, gracePeriod: 2 });
  const written = await fmin({
    fn: (p: { x: number; o: string }, trial) => (p.x > 1.5 ? { status: 'fail' as const } : pgObjective(p, trial, 0)),
    space: pgSpace,
    maxEvals: 25,
    seed: 11,
    pruner: medianPruner({ nStartupTrials: 3 }),
    trials: new Trials(storage),
  });
  const reread = new Trials(new PostgresStorage(cluster.url(), { study: 'readback' }));
  await reread.open((await import('../../src/search/compile.js')).compileSpace(pgSpace, 'test'));
  await reread.close();
  const plain = (tr: Trials) => tr.trials.map((r) => ({ ...r }));
  assert.is(reread.length, 25);
  assert.equal(plain(reread), plain(written.trials));
});

t('a batch of one trial\'s events is one statement; sent again (a retry after a lost reply) it stores nothing twice', async ({ cluster, db }) => {
  const lines: string[] = [];
  const a = new PostgresStorage(cluster.url(), { study: 'batch', heartbeatInterval: 0.2, gracePeriod: 2, log: (l) => lines.push(l) });
  const b = new PostgresStorage(cluster.url(), { study: 'batch' });
  try {
    await a.open('f');
    await b.open('f');
    const claim = await a.claim(10);
    assert.equal(claim, { tid: 0, vals: null });
    const events: TrialEvent[] = [
      { op: 'start', tid: 0, vals: { x: 0.5 }, time: 1000 },
      { op: 'report', tid: 0, step: 0, value: 3 },
      { op: 'report', tid: 0, step: 1, value: 2 },
      { op: 'finish', tid: 0, status: 'ok', loss: 1, result: { note: 'n' }, error: null, time: 2000 },
    ];
    const stored = async () => (await db.query("SELECT state, intermediate, result FROM simdnet_trials t JOIN simdnet_studies s ON s.id = t.study_id WHERE s.name = 'batch'")).rows;
    await a.appendBatch(events);
    assert.equal(await stored(), [{ state: 'complete', intermediate: [[0, 3], [1, 2]], result: { note: 'n' } }]);
    await a.appendBatch(events);
    assert.equal(await stored(), [{ state: 'complete', intermediate: [[0, 3], [1, 2]], result: { note: 'n' } }], 'reports stored once');
    assert.equal(await b.sync(), events, 'another worker reads the four events back');
    assert.equal(a.lostTrials, [], 'the repeat recognises its own commit');
    assert.equal(lines, []);
  } finally {
    await a.close();
    await b.close();
  }
});

t('another worker running trial is visible to sync (what TPE counts as a pending point)', async ({ cluster }) => {
  const a = new PostgresStorage(cluster.url(), { study: 'pending', heartbeatInterval: 0.2, gracePeriod: 2 });
  const b = new PostgresStorage(cluster.url(), { study: 'pending', heartbeatInterval: 0.2, gracePeriod: 2 });
  try {
    await a.open('f');
    assert.equal(await b.open('f'), []);
    const claim = await a.claim(10);
    assert.equal(claim, { tid: 0, vals: null });
    assert.equal(await b.sync(), [], 'a claimed trial without vals is not a point yet');
    await a.append({ op: 'start', tid: 0, vals: { x: 0.5 }, time: 1000 });
    assert.equal(await b.sync(), [{ op: 'start', tid: 0, vals: { x: 0.5 }, time: 1000 }]);
    assert.equal(await b.sync(), [], 'nothing new');
    assert.equal(await b.claim(10), { tid: 1, vals: null });
    assert.is(await b.claim(2), 'wait', 'budget used, trials still running');
    await a.append({ op: 'finish', tid: 0, status: 'ok', loss: 1, result: {}, error: null, time: 2000 });
    await b.append({ op: 'finish', tid: 1, status: 'ok', loss: 2, result: {}, error: null, time: 2000 });
    assert.is(await a.claim(2), 'done');
  } finally {
    await a.close();
    await b.close();
  }
});

t("a running trial's pruner reads reports that other workers write meanwhile", async ({ cluster, db }) => {
  const storage = () => new Trials(new PostgresStorage(cluster.url(), { study: 'prune', heartbeatInterval: 0.1, gracePeriod: 2 }));
  // B's only trial reports 5 every 20 ms for up to 200 steps; nothing to compare with at first.
  const b = fmin({
    fn: async (_p: unknown, trial) => {
      for (let step = 0; step < 200; step++) {
        trial.report(5, step);
        if (trial.shouldPrune()) throw new TrialPruned();
        await new Promise((r) => setTimeout(r, 20));
      }
      return 5;
    },
    space: pgSpace,
    maxEvals: 1,
    pruner: medianPruner({ nStartupTrials: 3 }),
    trials: storage(),
  });
  await until("B's trial to run", async () => (await rows(db, 'prune')).some((r) => r.state === 'running' && r.vals !== null));
  // A (another worker, the same study) finishes 4 trials that report 1 at every step.
  await fmin({
    fn: (_p: unknown, trial) => {
      for (let step = 0; step < 200; step++) trial.report(1, step);
      return 1;
    },
    space: pgSpace,
    maxEvals: 5,
    trials: storage(),
  });
  const mine = (await b).trials.get(0)!;
  assert.is(mine.status, 'pruned', 'B saw A\'s reports through syncs during its trial');
  assert.ok(mine.intermediate.length < 200);
});

t('typed errors: bad URL, unreachable server, missing database, other space, newer schema', async ({ cluster }) => {
  for (const url of ['mysql://h/db', 'not a url', 'postgresql://', 'postgresql://h:99999/db']) {
    assert.throws(() => new PostgresStorage(url, { study: 's' }), (e: unknown) => e instanceof ValidationError && e.arg === 'url', url);
  }
  assert.throws(() => new PostgresStorage(cluster.url(), { study: '' }), (e: unknown) => e instanceof ValidationError && e.arg === 'study');
  assert.throws(() => new PostgresStorage(cluster.url(), { study: 's', heartbeatInterval: 5, gracePeriod: 5 }), (e: unknown) => e instanceof ValidationError && e.arg === 'gracePeriod');
  const code = async (storage: PostgresStorage, fingerprint = 'f') => {
    try {
      await storage.open(fingerprint);
      await storage.close();
      return 'opened';
    } catch (err) {
      assert.instance(err, SimdnetError);
      return (err as SimdnetError).code;
    }
  };
  const closedPort = cluster.port === 1 ? 2 : 1; // nothing listens on port 1 here (privileged, unused)
  assert.is(await code(new PostgresStorage(`postgresql://simdnet@127.0.0.1:${closedPort}/postgres`, { study: 's', reconnectTimeout: 0.3 })), 'ERR_UNAVAILABLE');
  assert.is(await code(new PostgresStorage(cluster.url('no_such_db'), { study: 's' })), 'ERR_INVALID_ARGUMENT');
  assert.is(await code(new PostgresStorage(cluster.url().replace('simdnet@', 'nobody@'), { study: 's' })), 'ERR_INVALID_ARGUMENT');
  assert.is(await code(new PostgresStorage(cluster.url(), { study: 'space' }), 'one'), 'opened');
  assert.is(await code(new PostgresStorage(cluster.url(), { study: 'space' }), 'other'), 'ERR_STATE');
  // The remedy for PostgreSQL is another study name, not "a new Trials or file".
  // (The line before proved this open is refused; the message is checked here, and a resolve fails.)
  const mismatch = await new PostgresStorage(cluster.url(), { study: 'space' }).open('other').then(
    () => null,
    (err: Error) => err,
  );
  assert.instance(mismatch, Error, 'a different space on an existing study is refused');
  assert.match((mismatch as Error).message, /use another study name \(--study NAME\)/);
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE newer');
  await admin.end();
  const newer = new pg.Client({ connectionString: cluster.url('newer') });
  await newer.connect();
  await newer.query('CREATE TABLE simdnet_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  await newer.query('INSERT INTO simdnet_schema (version) VALUES ($1)', [SCHEMA_VERSION + 1]);
  await newer.end();
  const storage = new PostgresStorage(cluster.url('newer'), { study: 's' });
  try {
    await storage.open('f');
    assert.unreachable('opened a newer schema');
  } catch (err) {
    assert.is((err as SimdnetError).code, 'ERR_UNSUPPORTED');
    assert.match((err as Error).message, `version ${SCHEMA_VERSION + 1}`);
  }
});

t('CLI: two `simdnet search --storage URL --study NAME` workers share a study; `simdnet study` shows it', async ({ cluster }) => {
  const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
  const report = join(tmpdir(), `simdnet-pg-cli-${process.pid}.html`);
  const argv = ['--objective', `${here('./postgres/study-fixture.js')}#slowQuadratic`, '--space', `${here('./postgres/study-fixture.js')}#pgSpace`, '--storage', cluster.url(), '--study', 'cli', '--max-evals', '16', '--report', report, '--quiet'];
  const lines: string[] = [];
  const codes = await Promise.all([runSearchCli(argv, () => {}), runSearchCli(argv, (l) => lines.push(l))]);
  rmSync(report, { force: true });
  assert.equal(codes, [0, 0]);
  assert.match(lines.join('\n'), /16 ok, 0 pruned, 0 failed/);
  const shown: string[] = [];
  assert.is(await runStudyCli(['cli', '--storage', cluster.url()], (l) => shown.push(l)), 0);
  const text = shown.join('\n');
  assert.match(text, /^trials: 16 \(16 complete\)$/m);
  assert.match(text, /^best: trial \d+, loss [0-9.e-]+, by /m);
  const perWorker = [...text.matchAll(/^  \S+: (\d+) complete$/gm)].map((m) => Number(m[1]));
  assert.is(perWorker.length, 2, text);
  assert.ok(perWorker.every((n) => n > 0), text);
  assert.is(perWorker[0] + perWorker[1], 16);
  assert.is(await runStudyCli(['nope', '--storage', cluster.url()], () => {}), 1);
  assert.is(await runStudyCli(['cli', '--storage', 'mysql://x/y'], () => {}), 2);
  // A refused login: exit code 4 from both commands (one table, src/cli/exit-codes.ts), no password shown.
  const refused = cluster.url().replace('simdnet@', 'nobody:s3cret@');
  const said: string[] = [];
  assert.is(await runStudyCli(['cli', '--storage', refused], (l) => said.push(l)), 4);
  const objective = ['--objective', `${here('./postgres/study-fixture.js')}#slowQuadratic`, '--space', `${here('./postgres/study-fixture.js')}#pgSpace`];
  assert.is(await runSearchCli([...objective, '--storage', refused, '--study', 'cli', '--quiet'], (l) => said.push(l)), 4);
  assert.is(said.length, 2, said.join('\n'));
  for (const l of said) {
    assert.match(l, /refused the connection/);
    assert.not.match(l, 's3cret');
  }
  const usage: string[] = [];
  assert.is(await runSearchCli(['--storage', cluster.url()], (l) => usage.push(l)), 2);
  assert.match(usage[0], /--study NAME goes with --storage postgresql/);
});

runPostgresSuite(t, 'postgres');
