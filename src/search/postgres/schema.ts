// The PostgreSQL schema of shared studies and its migrations. `simdnet_schema` holds one row per
// applied migration; opening a storage applies the missing ones under a transaction-scoped advisory
// lock (so workers starting together migrate once), and refuses a database migrated by a newer
// simdnet rather than guessing at columns it does not know.
//
// simdnet_studies: one row per study (by name). next_number is the next trial number; superseded
//   counts failed trials that were re-queued as a retry, so a study's budget used is
//   next_number - superseded. Claims update this row, which serialises number allocation: numbers
//   are handed out without gaps or duplicates.
// simdnet_trials: one row per trial number. state: pending (queued, e.g. a retry) -> running ->
//   complete | failed | pruned. vals (internal parameter values, null until the claimer suggested
//   them), intermediate ([[step, value], ...]), worker + claim token + heartbeat for ownership,
//   started_at / finished_at as the worker's clock, `changed` = the id of the transaction that last
//   changed the row other than by a heartbeat (for incremental sync, see postgres-storage.ts).
import type { PoolClient } from 'pg';
import { SimdnetError } from '../../errors.js';

const MIGRATIONS: string[] = [
  `CREATE TABLE simdnet_studies (
     id serial PRIMARY KEY,
     name text NOT NULL UNIQUE,
     fingerprint text NOT NULL,
     max_retries integer NOT NULL DEFAULT 0 CHECK (max_retries >= 0),
     next_number integer NOT NULL DEFAULT 0,
     superseded integer NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE TABLE simdnet_trials (
     study_id integer NOT NULL REFERENCES simdnet_studies (id) ON DELETE CASCADE,
     number integer NOT NULL,
     state text NOT NULL CHECK (state IN ('pending', 'running', 'complete', 'failed', 'pruned')),
     vals jsonb,
     loss double precision,
     result jsonb NOT NULL DEFAULT '{}',
     error text,
     intermediate jsonb NOT NULL DEFAULT '[]',
     worker text,
     claim uuid UNIQUE,
     attempt integer NOT NULL DEFAULT 0,
     retry_of integer,
     superseded boolean NOT NULL DEFAULT false,
     heartbeat timestamptz,
     started_at timestamptz,
     finished_at timestamptz,
     changed xid8 NOT NULL DEFAULT pg_current_xact_id(),
     PRIMARY KEY (study_id, number)
   );
   CREATE INDEX simdnet_trials_changed ON simdnet_trials (study_id, changed);
   CREATE INDEX simdnet_trials_open ON simdnet_trials (study_id, number) WHERE state IN ('pending', 'running');`,
];

/** The schema version this simdnet writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** An arbitrary constant naming simdnet's advisory lock (pg_advisory_xact_lock takes a bigint). */
const LOCK_KEY = 0x51d0e7;

/** Brings the database to SCHEMA_VERSION; throws ERR_UNSUPPORTED if it is already newer. */
export async function migrate(client: PoolClient, fn: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS simdnet_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM simdnet_schema');
    const current = rows[0].v ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new SimdnetError(
        'ERR_UNSUPPORTED',
        fn,
        `the database's simdnet schema is version ${current}, newer than this simdnet's (${SCHEMA_VERSION}); upgrade simdnet on this worker`,
      );
    }
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      await client.query(MIGRATIONS[v - 1]);
      await client.query('INSERT INTO simdnet_schema (version) VALUES ($1)', [v]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
