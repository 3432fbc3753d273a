// A study shared by many workers through PostgreSQL (Optuna's RDBStorage, hyperopt's MongoTrials):
// `new Trials(new PostgresStorage('postgresql://user@host/db', { study: 'mnist' }))`. Every
// statement here is a single autocommit statement, so a connection lost mid-way leaves nothing
// half-done, and each is retried through database restarts (connection.ts):
// - claim: a queued (pending) trial is taken with SELECT ... FOR UPDATE SKIP LOCKED, so workers never
//   take the same one; otherwise a new number comes from the study row's counter, incremented only
//   while the study's budget allows (one UPDATE, serialised by the row lock: no gaps, no duplicates).
//   A random claim token makes a retried claim find its own earlier, committed attempt.
// - heartbeats: every heartbeatInterval seconds a worker touches its running trials; any claim
//   first fails running trials whose heartbeat is older than gracePeriod (by the database's clock,
//   so worker clocks need not agree; not within gracePeriod of a server restart, which stopped every
//   heartbeat) and, if the study allows retries, queues a copy as pending.
// - sync: rows whose `changed` transaction id is >= the xmin of the previous read's snapshot; every
//   transaction below that xmin had finished when that read ran, so no committed change is missed
//   (the transactional-outbox reading pattern); a few rows may be read twice, which is harmless.
import { SimdnetError, ValidationError } from '../../errors.js';
import { checkInt, checkKeys, checkNumber } from '../../validate.js';
import type { Pool } from 'pg';
import { checkFingerprint, type Claim, type SharedTrialStorage } from '../storage.js';
import type { TrialEvent, TrialStatus } from '../trial.js';
import { checkPostgresUrl, checkStudyName, createPool, withRetry } from './connection.js';
import { redactUrl } from './redact.js';
import { migrate } from './schema.js';
import { nodeImport } from '../../../bindings/nodeImport.js';
import { warn } from '../../../bindings/log.js';

/** Options of `new PostgresStorage(url, options)`: the study name, reconnection, pool size, heartbeat and retries. */
export interface PostgresStorageOptions {
  /** The study's name: workers opening the same name join the same study. */
  study: string;
  /**
   * Seconds to keep retrying an unreachable server (a restart, a network outage) before failing with
   * ERR_UNAVAILABLE (default 60). A new worker's first connection is not retried when it is refused
   * or the host is unknown: that fails at once (connection.ts).
   */
  reconnectTimeout?: number;
  /** Where outage lines ("retrying for up to 60 s", "reachable again") and lost-trial warnings go (default console.warn). */
  log?: (line: string) => void;
  /** Largest number of connections this worker opens (default 2: claims and heartbeats overlap). */
  maxConnections?: number;
  /** Seconds between a worker's heartbeats (default 5). */
  heartbeatInterval?: number;
  /** Seconds without a heartbeat after which a running trial is marked failed (default 30). */
  gracePeriod?: number;
  /** Times a dead worker's trial is re-queued; fixed by whoever creates the study (default 0). */
  retries?: number;
  /** This worker's id in the trials table (default host:pid:random). */
  workerId?: string;
}

interface TrialRow {
  number: number;
  state: 'running' | 'complete' | 'failed' | 'pruned';
  vals: Record<string, number>;
  loss: number | null;
  result: Record<string, unknown>;
  error: string | null;
  intermediate: [number, number][];
  started: number;
  finished: number | null;
}

const STATUS_TO_STATE: Record<Exclude<TrialStatus, 'running'>, string> = { ok: 'complete', fail: 'failed', pruned: 'pruned' };
const STATE_TO_STATUS = { complete: 'ok', failed: 'fail', pruned: 'pruned' } as const;
const KEYS = ['study', 'heartbeatInterval', 'gracePeriod', 'retries', 'workerId', 'reconnectTimeout', 'maxConnections', 'log'];
const FN = 'PostgresStorage';

/**
 * A study shared by many processes and machines through PostgreSQL (Optuna's RDBStorage): workers claim
 * trials without overlap and see each other's results; needs the optional `pg` package (Node).
 */
export class PostgresStorage implements SharedTrialStorage {
  readonly shared = true;
  readonly study: string;
  readonly pollInterval: number;
  private id: string;
  private readonly heartbeatInterval: number;
  private readonly gracePeriod: number;
  private readonly retries: number;
  private readonly reconnectTimeout: number;
  private readonly log: (line: string) => void;
  /** The connection string itself; `url` is its redacted form (no password in logs or inspect output). */
  readonly #connection: string;
  /** Whether this worker ever connected: until then a refused connection fails fast. */
  private connected = false;
  /** Since when an outage was announced (connection.ts withRetry), 0 when none is. */
  private readonly outage = { since: 0 };
  private pool: Pool | null = null;
  private studyId = 0;
  private cursor = '0';
  private lastReap = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** This worker's running trials -> reports stored so far (the next report's index). */
  private readonly mine = new Map<number, number>();
  /** Trials this worker ran whose result the study no longer accepted (failed for lack of heartbeat). */
  readonly lostTrials: number[] = [];

  constructor(
    url: string,
    private readonly options: PostgresStorageOptions,
  ) {
    this.#connection = checkPostgresUrl(FN, url);
    if (options === null || typeof options !== 'object') throw new ValidationError(FN, 'options', 'an options object with a study name', options, 'ERR_INVALID_TYPE');
    checkKeys(FN, options, KEYS);
    this.study = checkStudyName(FN, options.study);
    this.heartbeatInterval = checkNumber(FN, 'heartbeatInterval', options.heartbeatInterval ?? 5, 0.05, 3600);
    this.gracePeriod = checkNumber(FN, 'gracePeriod', options.gracePeriod ?? 30, 0, 86400, { minExclusive: true });
    if (this.gracePeriod <= this.heartbeatInterval) throw new ValidationError(FN, 'gracePeriod', `more than heartbeatInterval (${this.heartbeatInterval} s)`, this.gracePeriod);
    this.retries = checkInt(FN, 'retries', options.retries ?? 0, 0, 1000);
    this.reconnectTimeout = checkNumber(FN, 'reconnectTimeout', options.reconnectTimeout ?? 60, 0);
    if (options.maxConnections !== undefined) checkInt(FN, 'maxConnections', options.maxConnections, 1, 100);
    if (options.workerId !== undefined && (typeof options.workerId !== 'string' || options.workerId === '')) throw new ValidationError(FN, 'workerId', 'a non-empty string', options.workerId);
    if (options.log !== undefined && typeof options.log !== 'function') throw new ValidationError(FN, 'log', 'a function (line: string) => void', options.log, 'ERR_INVALID_TYPE');
    this.log = options.log ?? ((line) => warn(line)); // setLogger's warn (bindings/log.ts): console.warn by default
    this.id = options.workerId ?? '';
    this.pollInterval = Math.min(1000, this.heartbeatInterval * 1000);
  }

  /** The connection URL with its password masked (redact.ts). */
  get url(): string {
    return redactUrl(this.#connection);
  }

  get workerId(): string {
    return this.id;
  }

  async open(fingerprint: string): Promise<TrialEvent[]> {
    if (this.pool !== null) await this.close();
    if (this.id === '') {
      const { hostname } = await nodeImport<typeof import('node:os')>('os');
      this.id = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
    }
    const pool = await createPool(FN, this.#connection, this.options);
    this.pool = pool;
    try {
      await this.retry(async () => {
        const client = await pool.connect();
        try {
          await migrate(client, FN);
          client.release();
        } catch (err) {
          client.release(true);
          throw err;
        }
      }, !this.connected);
      this.connected = true;
      const row = await this.retry(async () => {
        await pool.query('INSERT INTO simdnet_studies (name, fingerprint, max_retries) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [this.study, fingerprint, this.retries]);
        return (await pool.query<{ id: number; fingerprint: string }>('SELECT id, fingerprint FROM simdnet_studies WHERE name = $1', [this.study])).rows[0];
      });
      checkFingerprint(FN, row.fingerprint, fingerprint, `use another study name (--study NAME), or delete study '${this.study}'`);
      this.studyId = row.id;
      this.cursor = '0';
      const events = await this.sync();
      this.timer = setInterval(() => void this.heartbeat(), this.heartbeatInterval * 1000);
      (this.timer as { unref?: () => void }).unref?.();
      return events;
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  async sync(): Promise<TrialEvent[]> {
    const pool = this.openPool('sync');
    const { rows } = await this.retry(() =>
      pool.query<{ xmin: string; rows: TrialRow[] }>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
           coalesce((SELECT json_agg(t ORDER BY t.number) FROM (
             SELECT number, state, vals, loss, result, error, intermediate,
                    (extract(epoch FROM started_at) * 1000)::float8 AS started,
                    (extract(epoch FROM finished_at) * 1000)::float8 AS finished
             FROM simdnet_trials
             WHERE study_id = $1 AND changed >= $2::xid8 AND vals IS NOT NULL AND state <> 'pending') t), '[]'::json) AS rows`,
        [this.studyId, this.cursor],
      ),
    );
    this.cursor = rows[0].xmin;
    const events: TrialEvent[] = [];
    for (const r of rows[0].rows) {
      if (this.mine.has(r.number)) continue; // this worker's own running trial: its local record is current
      events.push({ op: 'start', tid: r.number, vals: r.vals, time: Math.round(r.started) });
      for (const [step, value] of r.intermediate) events.push({ op: 'report', tid: r.number, step, value });
      if (r.state !== 'running') {
        const status = STATE_TO_STATUS[r.state];
        events.push({ op: 'finish', tid: r.number, status, loss: r.loss, result: r.result, error: r.error, time: Math.round(r.finished ?? r.started) });
      }
    }
    return events;
  }

  async claim(limit: number): Promise<Claim> {
    const pool = this.openPool('claim');
    if (Date.now() - this.lastReap >= this.heartbeatInterval * 1000) await this.reap();
    const token = crypto.randomUUID();
    const claimed = await this.retry(async (attempt) => {
      if (attempt > 0) {
        // The earlier attempt may have committed before its reply was lost.
        const found = await pool.query<{ number: number; vals: Record<string, number> | null }>('SELECT number, vals FROM simdnet_trials WHERE claim = $1', [token]);
        if (found.rows.length) return found.rows[0];
      }
      // One round trip: the queued trial if any (the new-number branch sees `queued` and stands
      // aside), otherwise a new number within the budget.
      const { rows } = await pool.query<{ number: number; vals: Record<string, number> | null }>(
        `WITH queued AS (
           UPDATE simdnet_trials SET state = 'running', worker = $3, claim = $4, heartbeat = now(), changed = pg_current_xact_id()
           WHERE study_id = $1 AND number = (
             SELECT number FROM simdnet_trials WHERE study_id = $1 AND state = 'pending' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
           RETURNING number, vals),
         n AS (
           UPDATE simdnet_studies SET next_number = next_number + 1
           WHERE id = $1 AND next_number - superseded < $2 AND NOT EXISTS (SELECT 1 FROM queued)
           RETURNING next_number - 1 AS number),
         fresh AS (
           INSERT INTO simdnet_trials (study_id, number, state, worker, claim, heartbeat)
           SELECT $1, number, 'running', $3, $4, now() FROM n RETURNING number, vals)
         SELECT number, vals FROM queued UNION ALL SELECT number, vals FROM fresh`,
        [this.studyId, Number.isFinite(limit) ? limit : 2147483647, this.id, token],
      );
      return rows[0] ?? null;
    });
    if (claimed !== null) {
      this.mine.set(claimed.number, 0);
      return { tid: claimed.number, vals: claimed.vals };
    }
    const open = await this.retry(() => pool.query("SELECT 1 FROM simdnet_trials WHERE study_id = $1 AND state IN ('pending', 'running') LIMIT 1", [this.studyId]));
    return open.rows.length ? 'wait' : 'done';
  }

  async append(e: TrialEvent): Promise<void> {
    return this.appendBatch([e]);
  }

  /**
   * Events in order; each run of events of one trial (start, reports, finish, as Trials batches them
   * while a write is in flight) is one UPDATE, so one commit: a fast trial costs two commits (claim,
   * then start + reports + finish) instead of one per event. Every statement is idempotent, so a
   * retry after a lost reply stores nothing twice: reports are appended only while the list still
   * has the length this worker last stored, and a finish recognises its own earlier commit.
   */
  async appendBatch(events: TrialEvent[]): Promise<void> {
    const pool = this.openPool('append');
    for (let i = 0; i < events.length; ) {
      const tid = events[i].tid;
      let j = i;
      while (j < events.length && events[j].tid === tid) j++;
      await this.writeTrial(pool, tid, events.slice(i, j));
      i = j;
    }
  }

  private async writeTrial(pool: Pool, tid: number, events: TrialEvent[]): Promise<void> {
    let start: Extract<TrialEvent, { op: 'start' }> | null = null;
    let finish: Extract<TrialEvent, { op: 'finish' }> | null = null;
    const reports: [number, number][] = [];
    for (const e of events) {
      if (e.op === 'start') start = e;
      else if (e.op === 'report') reports.push([e.step, e.value]);
      else finish = e;
    }
    const index = this.mine.get(tid) ?? 0;
    const state = finish ? STATUS_TO_STATE[finish.status] : null;
    const changed = await this.update(
      pool,
      `UPDATE simdnet_trials SET
         vals = coalesce($3::jsonb, vals), started_at = coalesce(to_timestamp($4::float8 / 1000), started_at),
         intermediate = CASE WHEN jsonb_array_length(intermediate) = $6::int THEN intermediate || $5::jsonb ELSE intermediate END,
         state = coalesce($7::text, state), loss = CASE WHEN $7::text IS NULL THEN loss ELSE $8::float8 END,
         result = coalesce($9::jsonb, result), error = CASE WHEN $7::text IS NULL THEN error ELSE $10::text END,
         finished_at = coalesce(to_timestamp($11::float8 / 1000), finished_at), changed = pg_current_xact_id()
       WHERE study_id = $1 AND number = $2 AND worker = $12
         AND (state = 'running' OR ($7::text IS NOT NULL AND state = $7::text AND finished_at = to_timestamp($11::float8 / 1000)))`,
      [
        this.studyId, tid, start ? JSON.stringify(start.vals) : null, start?.time ?? null, JSON.stringify(reports), index,
        state, finish?.loss ?? null, finish ? JSON.stringify(finish.result) : null, finish?.error ?? null, finish?.time ?? null, this.id,
      ],
    );
    if (finish) this.mine.delete(tid);
    else if (this.mine.has(tid)) this.mine.set(tid, index + reports.length);
    if (changed === 0 && !this.lostTrials.includes(tid)) {
      this.lostTrials.push(tid);
      this.log(`${FN}: trial ${tid} of study '${this.study}' was failed by another worker (no heartbeat from ${this.id} for ${this.gracePeriod} s); its result is not stored`);
    }
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    const pool = this.pool;
    this.pool = null;
    this.mine.clear();
    if (pool !== null) await pool.end().catch(() => {});
  }

  /** Fails running trials without a recent heartbeat and queues retries as the study allows. */
  private async reap(): Promise<void> {
    const pool = this.openPool('claim');
    this.lastReap = Date.now();
    await this.retry(() =>
      pool.query(
        `WITH dead AS (
           UPDATE simdnet_trials t SET state = 'failed', finished_at = now(), changed = pg_current_xact_id(),
             error = 'no heartbeat from worker ' || coalesce(t.worker, '?') || ' for ' || $2::text || ' s',
             superseded = t.attempt < s.max_retries
           FROM simdnet_studies s
           WHERE s.id = $1 AND t.study_id = $1 AND t.state = 'running' AND t.heartbeat < now() - make_interval(secs => $2::float8)
             -- After a database restart every heartbeat is old: give live workers a grace period to reconnect.
             AND pg_postmaster_start_time() < now() - make_interval(secs => $2::float8)
           RETURNING t.number, t.vals, t.attempt, t.superseded),
         retry AS (SELECT number, vals, attempt, (row_number() OVER (ORDER BY number) - 1)::int AS k FROM dead WHERE superseded),
         s AS (
           UPDATE simdnet_studies SET next_number = next_number + (SELECT count(*) FROM retry), superseded = superseded + (SELECT count(*) FROM retry)
           WHERE id = $1 AND EXISTS (SELECT 1 FROM retry)
           RETURNING next_number - (SELECT count(*) FROM retry) AS first)
         INSERT INTO simdnet_trials (study_id, number, state, vals, attempt, retry_of)
         SELECT $1, s.first + retry.k, 'pending', retry.vals, retry.attempt + 1, retry.number FROM retry, s`,
        [this.studyId, this.gracePeriod],
      ),
    );
  }

  /** Keeps this worker's running trials alive; a failed beat is skipped (the next one retries). */
  private async heartbeat(): Promise<void> {
    if (this.pool === null || this.mine.size === 0) return;
    // By number, not by worker id alone: a restarted worker given the same id must not keep its dead
    // predecessor's trials alive.
    await this.pool
      .query("UPDATE simdnet_trials SET heartbeat = now() WHERE study_id = $1 AND worker = $2 AND state = 'running' AND number = ANY($3::int[])", [this.studyId, this.id, [...this.mine.keys()]])
      .catch(() => {});
  }

  private async update(pool: Pool, sql: string, params: unknown[]): Promise<number> {
    return (await this.retry(() => pool.query(sql, params))).rowCount ?? 0;
  }

  private retry<T>(op: (attempt: number) => Promise<T>, firstConnection = false): Promise<T> {
    return withRetry(FN, this.#connection, { timeout: this.reconnectTimeout, firstConnection, log: this.log, outage: this.outage }, op);
  }

  private openPool(method: string): Pool {
    if (this.pool === null) throw new SimdnetError('ERR_STATE', `${FN}.${method}`, 'the storage is not open');
    return this.pool;
  }
}
