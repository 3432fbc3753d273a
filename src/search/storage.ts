// Where a search's events live. With a TrialStorage, one fmin is the only writer of a search (its
// worker threads send their results to it), so the storage needs no locking: it must append events
// durably and in order, and replay them on open. The journal file (journal.ts) is the embedded
// default. A SharedTrialStorage (PostgreSQL, postgres/postgres-storage.ts) is written by many fmin
// processes at once: it also hands out trial numbers (claim) and returns the others' events (sync).
import { SimdnetError } from '../errors.js';
import type { Vals } from './compile.js';
import type { TrialEvent } from './trial.js';

/**
 * Where a search's events live, for one writer (the fmin that owns the search): appends them durably and
 * in order, and replays them on open. JournalStorage is the default.
 */
export interface TrialStorage {
  /**
   * Opens the storage for a search over the space with this fingerprint and returns every event
   * already stored, in order. Throws a SimdnetError ('ERR_STATE') if the stored search was over a
   * different space.
   */
  open(fingerprint: string): Promise<TrialEvent[]>;
  /** Appends one event; when the promise resolves the event survives a crash of this process. */
  append(event: TrialEvent): Promise<void>;
  /**
   * Optional: appends several events, in order, in fewer writes than one append each (PostgreSQL:
   * one statement, so one commit, per trial). Trials uses it for events recorded while an earlier
   * write was in flight; the same durability as append when it resolves.
   */
  appendBatch?(events: TrialEvent[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a claim returns: a trial this worker now owns (its vals are null when fmin must suggest them,
 * set when it is a retry of a dead worker's trial), 'wait' (the budget is used up but other workers'
 * trials are still running and may yet fail and be retried), or 'done' (the study is finished).
 */
export type Claim = { tid: number; vals: Vals | null } | 'wait' | 'done';

/**
 * A storage shared by several workers (processes, machines): trial numbers are handed out by the
 * storage, not by fmin, and each worker mirrors the others' trials with sync(). Implemented by
 * PostgresStorage (src/search/postgres/); fmin switches to claim/sync when `shared` is true.
 */
export interface SharedTrialStorage extends TrialStorage {
  readonly shared: true;
  /** This worker's id as stored with its trials (host:pid:random). */
  readonly workerId: string;
  /** Milliseconds to wait before claiming again after 'wait'. */
  readonly pollInterval: number;
  /** Events that other workers stored since the last open() or sync(). */
  sync(): Promise<TrialEvent[]>;
  /** Atomically takes the next trial, unless `limit` trials (failed-and-retried ones aside) exist. */
  claim(limit: number): Promise<Claim>;
}

export function isShared(storage: TrialStorage): storage is SharedTrialStorage {
  return (storage as Partial<SharedTrialStorage>).shared === true;
}

/** The default storage: events kept in memory only (a `Trials` object without a file). */
export class MemoryStorage implements TrialStorage {
  private events: TrialEvent[] = [];
  private fingerprint: string | null = null;

  async open(fingerprint: string): Promise<TrialEvent[]> {
    if (this.fingerprint === null) this.fingerprint = fingerprint;
    checkFingerprint('MemoryStorage.open', this.fingerprint, fingerprint, 'use a new Trials object');
    return this.events.slice();
  }

  async append(event: TrialEvent): Promise<void> {
    this.events.push(event);
  }

  async close(): Promise<void> {}
}


/** ERR_STATE when a storage's trials belong to another space; `remedy` says what to use instead (it depends on the storage). */
export function checkFingerprint(fn: string, stored: string, given: string, remedy: string): void {
  if (stored !== given) {
    throw new SimdnetError('ERR_STATE', fn, `the stored trials belong to a different search space (fingerprint ${stored}, this space ${given}); ${remedy}`);
  }
}

/** A stable description of a space's parameters (labels, kinds, bounds, options count). */
export function spaceFingerprint(params: readonly { label: string; expr: object; conds: readonly object[] }[]): string {
  const text = JSON.stringify(params.map((p) => [p.label, p.expr, p.conds]));
  let h = 0x811c9dc5; // FNV-1a, 32 bit
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
