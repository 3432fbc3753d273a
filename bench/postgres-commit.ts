// What a trial costs in storage time as a function of the database's commit latency (issue 18 item
// 20): the chaos run measured 16 ms per trial with one worker and 24-30 ms with two on a default
// cluster, 6 ms with synchronous_commit=off, where the other PostgreSQL benches run with fsync=off.
// For each server setting below, a fresh throwaway cluster on loopback, and:
// - commit: p50 of one autocommit UPDATE of a one-row table (the WAL flush a commit waits for);
//   read: p50 of `SELECT 1` (one round trip, no commit);
// - sequential trip: one trial's statements sent one after another and awaited (sync, claim, start,
//   2 reports, finish: 5 commits), through PostgresStorage directly;
// - fmin workers (tests/search/postgres/pg-worker.ts, 100 TPE trials each run, a study already
//   holding 100): the time a worker spends outside the objective per trial (from one trial's
//   objective returning to the next one's being called: finish written, sync, claim, TPE suggest,
//   start recorded), measured in the worker, averaged over workers; the objective's own time (and
//   its timers' lateness on a loaded machine) is not in it. With sleepMs 0 the objective returns at
//   once, so its start and reports are still being written when fmin waits for the finish; with
//   20 ms they are written while it sleeps and only what fmin waits for remains.
// Heartbeats at the default 5 s interval. Process CPU time is not separable here (the server does
// the waiting); the load average is printed with every row.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { compileSpace } from '../src/search/compile.js';
import { PostgresStorage } from '../src/search/postgres/postgres-storage.js';
import { Trials } from '../src/search/trials.js';
import { Cluster } from '../tests/search/postgres/cluster.js';
import type { WorkerConfig } from '../tests/search/postgres/pg-worker.js';
import { pgSpace } from '../tests/search/postgres/study-fixture.js';
import { measureRound } from './measure.js';
import { seedStudy, trialTrip } from './postgres-study.js';

const SETTINGS: { name: string; settings: Record<string, string> }[] = [
  { name: 'fsync on, synchronous_commit on (defaults)', settings: { fsync: 'on', synchronous_commit: 'on' } },
  { name: 'fsync on, synchronous_commit off', settings: { fsync: 'on', synchronous_commit: 'off' } },
  { name: 'fsync off (the tests\' cluster)', settings: { fsync: 'off' } },
];
const RUNS: { workers: number; sleepMs: number }[] = [
  { workers: 1, sleepMs: 0 },
  { workers: 2, sleepMs: 0 },
  { workers: 1, sleepMs: 20 },
  { workers: 2, sleepMs: 20 },
];
const SEEDED = 100;
const NEW_TRIALS = 100;

const WORKER = fileURLToPath(new URL('../tests/search/postgres/pg-worker.js', import.meta.url));

/** Runs one worker process; resolves to its ms outside the objective per trial (pg-worker's gapMs) and its trial count. */
function runWorker(config: WorkerConfig): Promise<{ gapMs: number | null; calls: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`worker exited with ${code}`))));
  });
}

export async function commitSection(): Promise<void> {
  const cs = compileSpace(pgSpace);
  console.log('\nStorage time per trial against commit latency (ms; fmin columns: time a worker spends outside the objective per trial)');
  console.log(`\n| server | load | commit p50 | read p50 | sequential trip p50 | ${RUNS.map((r) => `fmin ${r.workers}w, objective ${r.sleepMs} ms`).join(' | ')} |`);
  console.log(`|---|---|---|---|---|${RUNS.map(() => '---').join('|')}|`);
  for (const { name, settings } of SETTINGS) {
    const cluster = await Cluster.create(settings);
    const db = new pg.Client({ connectionString: cluster.url() });
    await db.connect();
    try {
      await db.query('CREATE TABLE bench_commit (n bigint); INSERT INTO bench_commit VALUES (0)');
      const base = await measureRound(
        // async functions, so tinybench awaits each query (a plain arrow returning a promise would be timed as sync).
        {
          commit: async () => {
            await db.query('UPDATE bench_commit SET n = n + 1');
          },
          read: async () => {
            await db.query('SELECT 1');
          },
        },
        { time: 1000, iterations: 50 },
      );
      await seedStudy(db, cluster.url(), 'trip', SEEDED);
      const storage = new PostgresStorage(cluster.url(), { study: 'trip' });
      const trials = new Trials(storage);
      await trials.open(cs);
      const trip = await measureRound(
        // async, so tinybench awaits the trip (a plain arrow returning a promise would be timed as sync).
        {
          trip: async () => {
            await trialTrip(trials, storage);
          },
        },
        { time: 1000, iterations: 20 },
      );
      await trials.close();
      const cells: string[] = [];
      for (const { workers, sleepMs } of RUNS) {
        const study = `fmin-${workers}-${sleepMs}`;
        await seedStudy(db, cluster.url(), study, SEEDED);
        const config = { url: cluster.url(), study, maxEvals: SEEDED + NEW_TRIALS, seed: 1, sleepMs, heartbeatInterval: 5, gracePeriod: 30 };
        const gaps = await Promise.all(Array.from({ length: workers }, (_, i) => runWorker({ ...config, workerId: `w${i}` })));
        const { rows } = await db.query("SELECT count(*)::int AS n FROM simdnet_trials t JOIN simdnet_studies s ON s.id = t.study_id WHERE s.name = $1 AND t.worker <> 'seed'", [study]);
        if (rows[0].n !== NEW_TRIALS) throw new Error(`${study}: ${rows[0].n} new trials, expected ${NEW_TRIALS}`);
        // Weighted by gaps: a worker that ran n trials measured n - 1 of them.
        const n = gaps.reduce((a, g) => a + Math.max(0, g.calls - 1), 0);
        cells.push((gaps.reduce((a, g) => a + (g.gapMs ?? 0) * Math.max(0, g.calls - 1), 0) / n).toFixed(1));
      }
      console.log(`| ${name} | ${loadavg()[0].toFixed(1)} | ${base.commit.toFixed(2)} | ${base.read.toFixed(2)} | ${trip.trip.toFixed(1)} | ${cells.join(' | ')} |`);
    } finally {
      await db.end();
      await cluster.destroy();
    }
  }
}
