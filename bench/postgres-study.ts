// What the PostgreSQL benches (postgres.bench.ts, postgres-commit.ts) both do to a study: seed it
// with finished trials by SQL, and send one trial's storage traffic as fmin sends it.
import pg from 'pg';
import { compileSpace } from '../src/search/compile.js';
import { PostgresStorage } from '../src/search/postgres/postgres-storage.js';
import { spaceFingerprint } from '../src/search/storage.js';
import type { Trials } from '../src/search/trials.js';
import { pgSpace } from '../tests/search/postgres/study-fixture.js';

const fingerprint = spaceFingerprint(compileSpace(pgSpace).params);

/**
 * A study named `name` holding n complete trials 0..n-1 at uniform random points of pgSpace (so TPE
 * models a real history).
 */
export async function seedStudy(db: pg.Client, url: string, name: string, n: number): Promise<void> {
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

/**
 * One trial's storage round trip, no objective: sync, claim, start, 2 reports, finish (5 commits),
 * each statement awaited before the next. `trials` is open on `storage`; the study grows by one trial.
 */
export async function trialTrip(trials: Trials, storage: PostgresStorage): Promise<void> {
  await trials.sync();
  const claim = await storage.claim(Infinity);
  if (typeof claim !== 'object') throw new Error(`claim returned ${claim}`);
  await storage.append({ op: 'start', tid: claim.tid, vals: { x: 0.1, o: 0 }, time: Date.now() });
  for (let step = 0; step < 2; step++) await storage.append({ op: 'report', tid: claim.tid, step, value: 1 });
  await storage.append({ op: 'finish', tid: claim.tid, status: 'ok', loss: 1, result: {}, error: null, time: Date.now() });
}
