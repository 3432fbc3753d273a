// Shared studies on a real PostgreSQL when things fail (a throwaway cluster, tests/search/postgres/
// suite.ts): a worker killed mid-trial (with and without retries), a database restart mid-search, and a
// database that stays away longer than reconnectTimeout.
import * as assert from 'uvu/assert';
import pg from 'pg';
import { SimdnetError } from '../../src/errors.js';
import { fmin } from '../../src/search/fmin.js';
import { PostgresStorage } from '../../src/search/postgres/postgres-storage.js';
import { Trials } from '../../src/search/trials.js';
import { finishedAt, gapless, rows, startWorker, until, type Row } from './postgres/rows.js';
import { pgObjective, pgSpace } from './postgres/study-fixture.js';
import { postgresSuite, runPostgresSuite } from './postgres/suite.js';

const t = postgresSuite('postgres outages');

t('kill -9 a worker mid-trial: its trial fails after the grace period, is retried, and the study completes', async ({ cluster, db }) => {
  const base = { url: cluster.url(), study: 'killed', maxEvals: 40, seed: 3, sleepMs: 20, retries: 1, heartbeatInterval: 0.2, gracePeriod: 1 };
  const victim = startWorker({ ...base, workerId: 'victim', hangAfter: 2 });
  const others = ['a', 'b'].map((workerId) => startWorker({ ...base, workerId }));
  let hung: Row | undefined;
  await until('the victim to hang in its third trial', async () => {
    const r = await rows(db, 'killed');
    hung = r.find((x) => x.worker === 'victim' && x.state === 'running' && x.vals !== null);
    return hung !== undefined && r.filter((x) => x.worker === 'victim' && x.state === 'complete').length === 2;
  });
  victim.child.kill('SIGKILL');
  await victim.done;
  for (const r of await Promise.all(others.map((w) => w.done))) assert.is(r.code, 0);
  const all = await rows(db, 'killed');
  assert.ok(gapless(all), 'numbers without gaps');
  const dead = all.find((r) => r.number === hung!.number)!;
  assert.is(dead.state, 'failed');
  assert.ok(dead.superseded, 'the failed trial is superseded by its retry');
  const retry = all.find((r) => r.retry_of === hung!.number);
  assert.ok(retry, 'a retry was queued');
  assert.is(retry!.state, 'complete');
  assert.equal(retry!.vals, dead.vals, 'the retry runs the same point');
  assert.ok(['a', 'b'].includes(retry!.worker as string));
  assert.is(all.filter((r) => r.state === 'complete').length, 40);
  assert.is(all.length, 41);
});

t('the database restarts mid-search: workers reconnect and finish, no trial lost or duplicated', async (ctx) => {
  const { cluster } = ctx;
  const base = { url: cluster.url(), study: 'restart', maxEvals: 60, seed: 5, sleepMs: 20 };
  const workers = ['r0', 'r1'].map((workerId) => startWorker({ ...base, workerId }));
  await until('10 trials', async () => (await rows(ctx.db, 'restart')).filter((r) => r.state === 'complete').length >= 10);
  await ctx.db.end();
  await cluster.stop();
  // Down longer than the workers' 2 s grace period: every heartbeat is stale when the server returns,
  // and still no live worker's trial may end up failed.
  await new Promise((r) => setTimeout(r, 2500));
  await cluster.start();
  ctx.db = new pg.Client({ connectionString: cluster.url() });
  await ctx.db.connect();
  for (const r of await Promise.all(workers.map((w) => w.done))) assert.is(r.code, 0);
  const all = await rows(ctx.db, 'restart');
  assert.is(all.length, 60);
  assert.ok(gapless(all));
  assert.ok(all.every((r) => r.state === 'complete'));
});

t('without retries a dead worker\'s trial stays failed and counts toward the budget', async ({ cluster, db }) => {
  const options = { study: 'noretry', heartbeatInterval: 0.1, gracePeriod: 0.4 };
  const a = new PostgresStorage(cluster.url(), options);
  const b = new PostgresStorage(cluster.url(), options);
  try {
    await a.open('f');
    await b.open('f');
    assert.equal(await a.claim(2), { tid: 0, vals: null });
    await a.append({ op: 'start', tid: 0, vals: { x: 1 }, time: 1000 });
    await a.close(); // its heartbeats stop, as if the process had died
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await b.claim(2), { tid: 1, vals: null }, 'no retry queued: a new number');
    const dead = (await rows(db, 'noretry'))[0];
    assert.is(dead.state, 'failed');
    assert.not.ok(dead.superseded);
    // The other worker's mirror learns of the failure (time: the database's clock at the reaping).
    const failedAt = Math.round(await finishedAt(db, 'noretry', 0));
    assert.equal(await b.sync(), [
      { op: 'start', tid: 0, vals: { x: 1 }, time: 1000 },
      { op: 'finish', tid: 0, status: 'fail', loss: null, result: {}, error: `no heartbeat from worker ${a.workerId} for 0.4 s`, time: failedAt },
    ]);
    await b.append({ op: 'finish', tid: 1, status: 'ok', loss: 2, result: {}, error: null, time: 2000 });
    assert.is(await b.claim(2), 'done', 'the failed trial used one of the 2');
  } finally {
    await a.close();
    await b.close();
  }
});

t('a database that stays away longer than reconnectTimeout ends the search with ERR_UNAVAILABLE', async (ctx) => {
  const { cluster } = ctx;
  let finished = 0;
  let stopping: Promise<void> | null = null;
  const search = fmin({
    fn: (p: { x: number; o: string }, trial) => pgObjective(p, trial, 10),
    space: pgSpace,
    maxEvals: 1000,
    trials: new Trials(new PostgresStorage(cluster.url(), { study: 'gone', heartbeatInterval: 0.2, gracePeriod: 2, reconnectTimeout: 0.5 })),
    onTrial: () => {
      if (++finished === 5) stopping = ctx.db.end().then(() => cluster.stop());
    },
  });
  const started = Date.now();
  try {
    await search;
    assert.unreachable('the search finished without its database');
  } catch (err) {
    assert.instance(err, SimdnetError);
    assert.is((err as SimdnetError).code, 'ERR_UNAVAILABLE');
    assert.match((err as Error).message, /unreachable for 0.5 s/);
  }
  assert.ok(Date.now() - started < 15000);
  await stopping;
  await cluster.start();
  ctx.db = new pg.Client({ connectionString: cluster.url() });
  await ctx.db.connect();
  assert.is((await rows(ctx.db, 'gone')).filter((r) => r.state === 'complete').length >= 5, true, 'finished trials kept');
});

runPostgresSuite(t, 'postgres outages');
