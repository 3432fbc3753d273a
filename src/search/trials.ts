// The history of a search (hyperopt's Trials, Optuna's Study trials): trial records kept in memory
// and mirrored to a TrialStorage. Pass the same Trials (or the same journal file) to fmin again to
// continue a search: maxEvals counts every finished trial, as hyperopt's max_evals does.
import type { CompiledSpace, Vals } from './compile.js';
import { buildConfig } from './compile.js';
import { isShared, MemoryStorage, spaceFingerprint, type TrialStorage } from './storage.js';
import { applyEvent, type TrialEvent, type TrialRecord, type TrialStatus } from './trial.js';

/**
 * The history of a search (hyperopt's Trials): trial records in memory, mirrored to a TrialStorage; pass
 * the same Trials (or journal) to fmin again to continue a search.
 */
export class Trials {
  readonly storage: TrialStorage;
  private records = new Map<number, TrialRecord>();
  private space: unknown = undefined;
  private writes: Promise<void> = Promise.resolve();
  /** Events recorded but not yet handed to the storage (the next queued write takes them all). */
  private queued: TrialEvent[] = [];
  private writeError: unknown = null;
  private syncing: Promise<void> | null = null;
  private lastSyncSoon = 0;

  /** `storage`: where events go (default: memory only; `new JournalStorage(path)` for a file). */
  constructor(storage: TrialStorage = new MemoryStorage()) {
    this.storage = storage;
  }

  /** Every trial, by tid (including 'running' ones of an ongoing search). */
  get trials(): TrialRecord[] {
    return [...this.records.values()].sort((a, b) => a.tid - b.tid);
  }

  get length(): number {
    return this.records.size;
  }

  /** Losses by tid: null for trials that have none (failed, running). */
  losses(): (number | null)[] {
    return this.trials.map((t) => t.loss);
  }

  statuses(): TrialStatus[] {
    return this.trials.map((t) => t.status);
  }

  /** Finished trials ('ok', 'fail', 'pruned'): what maxEvals counts. */
  get finished(): number {
    let n = 0;
    for (const t of this.records.values()) if (t.status !== 'running') n++;
    return n;
  }

  /** The 'ok' trial with the lowest loss (the earliest on ties), or null. */
  get best(): TrialRecord | null {
    let best: TrialRecord | null = null;
    for (const t of this.trials) if (t.status === 'ok' && (best === null || (t.loss as number) < (best.loss as number))) best = t;
    return best;
  }

  get(tid: number): TrialRecord | undefined {
    return this.records.get(tid);
  }

  /** Loads the stored history for this space (fmin calls it before searching). */
  async open(cs: CompiledSpace): Promise<void> {
    const events = await this.storage.open(spaceFingerprint(cs.params));
    this.space = cs.space;
    this.records.clear();
    for (const e of events) applyEvent(this.records, e, this.configOf);
    // Trials left running by a crashed or stopped search are not finished: forget them so their
    // tids are run again (their later 'start' event replaces them). In a shared storage they are
    // other workers' live trials: keep them (TPE treats them as pending).
    if (isShared(this.storage)) return;
    for (const [tid, t] of this.records) if (t.status === 'running') this.records.delete(tid);
  }

  /** Pulls other workers' changes from a shared storage (a no-op otherwise). */
  async sync(): Promise<void> {
    if (!isShared(this.storage)) return;
    for (const e of await this.storage.sync()) applyEvent(this.records, e, this.configOf);
  }

  /**
   * Starts a sync unless one is under way or the last one started less than `minInterval` ms ago
   * (used after a report, so pruners see other workers' reports without a query per report).
   */
  syncSoon(minInterval = 0): void {
    if (this.syncing !== null || Date.now() - this.lastSyncSoon < minInterval) return;
    this.lastSyncSoon = Date.now();
    this.syncing = this.sync()
      .catch((err) => {
        this.writeError ??= err;
      })
      .finally(() => {
        this.syncing = null;
      });
  }

  /**
   * Applies an event now and queues its write; `flush()` waits for the queued writes. Events recorded
   * while a write is in flight are written together by the next one (storage.appendBatch where the
   * storage has it): with a database, commits rather than statements are what a trial waits for.
   */
  record(e: TrialEvent): void {
    applyEvent(this.records, e, this.configOf);
    this.queued.push(e);
    if (this.queued.length > 1) return; // the write queued for the first of them takes this one too
    this.writes = this.writes
      .then(() => {
        const batch = this.queued;
        this.queued = [];
        return this.write(batch);
      })
      .catch((err) => {
        this.writeError ??= err;
      });
  }

  private async write(batch: TrialEvent[]): Promise<void> {
    if (batch.length > 1 && this.storage.appendBatch) return this.storage.appendBatch(batch);
    for (const e of batch) await this.storage.append(e);
  }

  /** Resolves when every recorded event is stored; rethrows the first storage error. */
  async flush(): Promise<void> {
    await this.writes;
    await this.syncing;
    if (this.writeError !== null) {
      const err = this.writeError;
      this.writeError = null;
      throw err;
    }
  }

  /** Flushes and closes the storage (fmin calls it when the search ends; open() reopens). */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.storage.close();
    }
  }

  private configOf = (vals: Vals): unknown => buildConfig(this.space, vals);
}
