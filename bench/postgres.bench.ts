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
import { spaceFingerprint } from '../src/search/storage.js';
import { tpe } from '../src/search/tpe.js';
import { Trials } from '../src/search/trials.js';
import { Cluster } from '../tests/search/postgres/cluster.js';
import type { WorkerConfig } from '../tests/search/postgres/pg-worker.js';
import { pgSpace } from '../tests/search/postgres/study-fixture.js';
import { measureRound } from './measure.js';
import { commitSection } from './postgres-commit.js';

const SIZES = [100, 1000, 10000];
const WORKERS = [1, 2, 4];
const NEW_TRIALS = 300;
const WORKER = fileURLToPath(new URL('../tests/search/postgres/pg-worker.js', import.meta.url));
const cs = compileSpace(pgSpace);
const fingerprint = spaceFingerprint(cs.params);

/** A study named `name` holding n complete trials 0..n-1 at random points of pgSpace. */
async function seedStudy(db: pg.Client, url: string, name: string, n: number): Promise<void> {
  const storage = new PostgresStorage(url, { study: name });
  await storage.open(fingerprint); // creates the schema and the study
  await storage.close();
  await db.query(
    `INSERT INTO simdnet_trials (study_id, number, state, vals, loss, intermediate, worker, started_at, finished_at)
     SELECT s.id, g, 'complete', jsonb_build_object('x', x, 'o', o), (x - 0.3) ^ 2 + 0.1 * o, jsonb_build_array(jsonb_build_array(0, x * x)), 'seed', now(), now()
     FROM simdnet_studies s, LATERAL (SELECT g, random() * 4 - 2 AS x, (random() < 0.5)::int AS o FROM generate_series(0, $2 - 1) g) r
     WHERE s.name = $1`,
    [name, n],
  );
  await db.query('UPDATE simdnet_studies SET next_number = $2 WHERE name = $1', [name, n]);
}

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
if (SECTIONS.includes('commit')) await commitSection(seedStudy);

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
    // One trial's storage traffic as fmin sends it; the study grows by the trials measured here.
    const trip = await measureRound(
      {
        trip: async () => {
          await trials.sync();
          const claim = await storage.claim(Infinity);
          if (typeof claim !== 'object') throw new Error(`claim returned ${claim}`);
          await storage.append({ op: 'start', tid: claim.tid, vals: { x: 0.1, o: 0 }, time: Date.now() });
          for (let step = 0; step < 2; step++) await storage.append({ op: 'report', tid: claim.tid, step, value: 1 });
          await storage.append({ op: 'finish', tid: claim.tid, status: 'ok', loss: 1, result: {}, error: null, time: Date.now() });
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
