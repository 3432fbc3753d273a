// Helpers of the PostgreSQL tests (postgres.test.ts, postgresOutages.test.ts): reading a study's rows directly, starting
// worker processes (pg-worker.ts), polling for a condition.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { WorkerConfig } from './pg-worker.js';

const WORKER = fileURLToPath(new URL('./pg-worker.js', import.meta.url));

export interface Row {
  number: number;
  state: string;
  worker: string | null;
  vals: Record<string, number> | null;
  retry_of: number | null;
  superseded: boolean;
}

/** The study's trial rows by number; none while no worker has created the schema yet (SQLSTATE 42P01,
 *  undefined_table: a suite's first test may poll before its workers have opened the storage). */
export async function rows(db: pg.Client, study: string): Promise<Row[]> {
  try {
    return (await db.query('SELECT t.number, t.state, t.worker, t.vals, t.retry_of, t.superseded FROM simdnet_trials t JOIN simdnet_studies s ON s.id = t.study_id WHERE s.name = $1 ORDER BY number', [study])).rows;
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return [];
    throw err;
  }
}

/** Worker processes still running: killWorkers() ends them after each test (suite.ts), so a test that
 *  fails before killing or awaiting its workers (the kill -9 test's hanging victim) cannot leave a
 *  process behind that keeps `npm test` waiting forever. */
const live = new Set<ChildProcess>();

export function startWorker(config: WorkerConfig): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  live.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const done = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('exit', (code) => {
      live.delete(child);
      resolve({ code, out });
    }),
  );
  return { child, done };
}

/** SIGKILLs every worker process a test left running. */
export function killWorkers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

export const until = async (what: string, cond: () => Promise<boolean>, ms = 20000) => {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export const finishedAt = async (db: pg.Client, study: string, n: number): Promise<number> =>
  Number((await db.query('SELECT extract(epoch FROM finished_at) * 1000 AS ms FROM simdnet_trials t JOIN simdnet_studies s ON s.id = t.study_id WHERE s.name = $1 AND number = $2', [study, n])).rows[0].ms);

/** Numbers 0..n-1 exactly once each. */
export const gapless = (r: Row[]) => r.every((row, i) => row.number === i);
