// Shared studies on PostgreSQL (loopback, a throwaway cluster as in the tests), for studies already
// holding 100, 1,000 and 10,000 finished trials (inserted by SQL: uniform random points of the test
// space, so TPE models real histories):
// (1) opening the study (reading every trial into the worker's mirror);
// (2) TPE suggest latency over that history (hyperopt's defaults; 2 parameters);
// (3) the storage round trip of one trial: sync + claim + start + 2 reports + finish, no objective;
// (4) throughput of 1, 2 and 4 worker processes running 300 more trials of an objective that does
//     nothing (sleepMs 0), timed from the trials' own start/finish times in the database, so process
//     start-up and the initial read are excluded. This machine has 2 cores shared with other jobs:
//     more workers than free cores cannot scale, and the figures swing between runs;
// (5) commit latency (bench/postgres-commit.ts): the storage cost per trial with fsync and
//     synchronous_commit on (PostgreSQL's defaults), synchronous_commit off, and fsync off.
// BENCH_PG=latency,throughput,commit picks sections (default: all).
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Rng } from '../src/rng.js';
import { compileSpace } from '../src/search/compile.js';
import { PostgresStorage } from '../src/search/postgres/postgres-storage.js';
import { tpe } from '../src/search/tpe.js';
import { Trials } from '../src/search/trials.js';
import { Cluster } from '../tests/search/postgres/cluster.js';
import type { WorkerConfig } from '../tests/search/postgres/pg-worker.js';
import { pgSpace } from '../tests/search/postgres/study-fixture.js';
import { measureRound } from './measure.js';
import { commitSection } from './postgres-commit.js';
import { seedStudy, trialTrip } from './postgres-study.js';

const SIZES = [100, 1000, 10000];
const WORKERS = [1, 2, 4];
const NEW_TRIALS = 300;
const WORKER = fileURLToPath(new URL('../tests/search/postgres/pg-worker.js', import.meta.url));
const cs = compileSpace(pgSpace);

function runWorker(config: WorkerConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
  });
}

const SECTIONS = (process.env.BENCH_PG ?? 'latency,throughput,commit').split(',');
const cluster = await Cluster.create();
const db = new pg.Client({ connectionString: cluster.url() });
await db.connect();
try {
  console.log(`PostgreSQL ${(await db.query('SHOW server_version')).rows[0].server_version} on loopback; ${cpus()[0].model}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}`);
  if (SECTIONS.includes('latency')) await latencySection();
  if (SECTIONS.includes('throughput')) await throughputSection();
} finally {
  await db.end();
  await cluster.destroy();
}
if (SECTIONS.includes('commit')) await commitSection();

async function latencySection(): Promise<void> {
  console.log('\n| trials in study | open (read all) ms | TPE suggest ms (p50) | storage round trip per trial ms (p50) |');
  console.log('|---|---|---|---|');
  for (const n of SIZES) {
    const url = cluster.url();
    await seedStudy(db, url, `latency-${n}`, n);
    const storage = new PostgresStorage(url, { study: `latency-${n}` });
    const trials = new Trials(storage);
    const t0 = performance.now();
    await trials.open(cs);
    const openMs = performance.now() - t0;
    const algo = tpe();
    let tid = n;
    const suggest = await measureRound({ suggest: () => algo.suggest({ cs, history: trials.trials, tid, rng: new Rng(tid++) }) }, { time: 500, iterations: 5 });
    // One trial's storage traffic as fmin sends it (postgres-study.ts); the study grows by the trials measured here.
    const trip = await measureRound(
      // async, so tinybench awaits the trip (a plain arrow returning a promise would be timed as sync).
      {
        trip: async () => {
          await trialTrip(trials, storage);
        },
      },
      { time: 500, iterations: 20 },
    );
    await trials.close();
    console.log(`| ${n.toLocaleString('en')} | ${openMs.toFixed(0)} | ${suggest.suggest.toFixed(2)} | ${trip.trip.toFixed(2)} |`);
  }
}

async function throughputSection(): Promise<void> {
  console.log(`\nThroughput: ${NEW_TRIALS} more TPE trials of an empty objective, worker processes on this machine`);
  console.log(`\n| trials in study | ${WORKERS.map((k) => `${k} worker${k > 1 ? 's' : ''} trials/s`).join(' | ')} |`);
  console.log(`|---|${WORKERS.map(() => '---').join('|')}|`);
  for (const n of SIZES) {
    const cells: string[] = [];
    for (const k of WORKERS) {
      const study = `throughput-${n}-${k}`;
      await seedStudy(db, cluster.url(), study, n);
      const config = { url: cluster.url(), study, maxEvals: n + NEW_TRIALS, seed: 1, sleepMs: 0 };
      await Promise.all(Array.from({ length: k }, (_, i) => runWorker({ ...config, workerId: `w${i}` })));
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, extract(epoch FROM max(finished_at) - min(started_at))::float8 AS s
         FROM simdnet_trials t JOIN simdnet_studies s ON s.id = t.study_id WHERE s.name = $1 AND t.worker <> 'seed'`,
        [study],
      );
      if (rows[0].n !== NEW_TRIALS) throw new Error(`${study}: ${rows[0].n} new trials, expected ${NEW_TRIALS}`);
      cells.push((rows[0].n / rows[0].s).toFixed(0));
    }
    console.log(`| ${n.toLocaleString('en')} | ${cells.join(' | ')} |`);
  }
}
