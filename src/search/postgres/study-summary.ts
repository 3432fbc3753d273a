// A read-only look at a shared study (what `simdnet study NAME --storage URL` prints): trials by
// state, the best trial, and per-worker counts, straight from the database (no space needed).
import { SimdnetError } from '../../errors.js';
import { checkPostgresUrl, checkStudyName, createPool, withRetry } from './connection.js';

/**
 * A read-only summary of a shared study (what `simdnet study NAME --storage URL` prints): trials by state,
 * the best trial and per-worker counts.
 */
export interface StudySummary {
  name: string;
  createdAt: Date;
  /** Times a dead worker's trial is re-queued (set when the study was created). */
  retries: number;
  /** Trials by state: pending, running, complete, failed, pruned. */
  states: Record<string, number>;
  best: { number: number; loss: number; vals: Record<string, number>; worker: string | null } | null;
  /** Per worker id: trials by state. */
  workers: { worker: string; states: Record<string, number> }[];
}

const FN = 'studySummary';

/** Reads a study's state; ERR_STATE if no study of that name exists. */
export async function studySummary(url: string, name: string, options: { reconnectTimeout?: number; log?: (line: string) => void } = {}): Promise<StudySummary> {
  checkPostgresUrl(FN, url);
  checkStudyName(FN, name);
  const pool = await createPool(FN, url, { maxConnections: 1 });
  // A look from outside, never a worker that connected before: a refused connection fails at once.
  const retry = <T>(op: () => Promise<T>) => withRetry(FN, url, { timeout: options.reconnectTimeout ?? 10, firstConnection: true, log: options.log }, op);
  try {
    const study = (await retry(() => pool.query('SELECT id, created_at, max_retries FROM simdnet_studies WHERE name = $1', [name]).catch(noSchema))).rows[0];
    if (study === undefined) throw new SimdnetError('ERR_STATE', FN, `no study named '${name}' in this database`);
    const counts = (await retry(() => pool.query<{ worker: string | null; state: string; n: number }>('SELECT worker, state, count(*)::int AS n FROM simdnet_trials WHERE study_id = $1 GROUP BY worker, state', [study.id]))).rows;
    const best = (
      await retry(() =>
        pool.query("SELECT number, loss, vals, worker FROM simdnet_trials WHERE study_id = $1 AND state = 'complete' ORDER BY loss, number LIMIT 1", [study.id]),
      )
    ).rows[0];
    const states: Record<string, number> = {};
    const byWorker = new Map<string, Record<string, number>>();
    for (const c of counts) {
      states[c.state] = (states[c.state] ?? 0) + c.n;
      // Pending trials have no worker yet; they are counted in `states` only.
      if (c.worker === null) continue;
      const w = byWorker.get(c.worker) ?? {};
      w[c.state] = c.n;
      byWorker.set(c.worker, w);
    }
    return {
      name,
      createdAt: study.created_at,
      retries: study.max_retries,
      states,
      best: best ? { number: best.number, loss: best.loss, vals: best.vals, worker: best.worker } : null,
      workers: [...byWorker].sort((a, b) => a[0].localeCompare(b[0])).map(([worker, s]) => ({ worker, states: s })),
    };
  } finally {
    await pool.end().catch(() => {});
  }
}

/** An undefined table (42P01): the database never held a simdnet study. */
function noSchema(err: { code?: string }): never {
  if (err.code === '42P01') throw new SimdnetError('ERR_STATE', FN, 'this database holds no simdnet studies');
  throw err;
}
