// Trial records and the events that build them. A search's history is an append-only sequence of
// events (start, report, finish); replaying it yields the trials, which is what makes the journal
// storage crash-safe (src/search/journal.ts): a trial whose 'finish' never reached the log simply
// is not finished, and is run again on resume under the same tid.
import type { Vals } from './compile.js';

/** 'running' until finished; 'ok' has a loss; 'fail' threw or returned status 'fail'; 'pruned' was stopped early. */
export type TrialStatus = 'running' | 'ok' | 'fail' | 'pruned';

/** One trial as the history holds it: its id, parameters, status, loss, result, error and timing. */
export interface TrialRecord {
  readonly tid: number;
  /** Internal values: option index for categorical parameters, the number for numeric ones. */
  readonly vals: Vals;
  /** The plain configuration the objective received. */
  readonly params: unknown;
  status: TrialStatus;
  /** The loss of an 'ok' trial; for a pruned trial its last reported value; null otherwise. */
  loss: number | null;
  /** Extra fields the objective returned next to `loss` and `status`. */
  result: Record<string, unknown>;
  /** The error message of a failed trial. */
  error: string | null;
  /** Intermediate values reported with trial.report(value, step), in report order. */
  readonly intermediate: [step: number, value: number][];
  readonly startedAt: number;
  finishedAt: number | null;
}

/**
 * One event of a search's append-only history (start, report, finish); replaying them rebuilds the trials,
 * which makes the journal crash-safe.
 */
export type TrialEvent =
  | { op: 'start'; tid: number; vals: Vals; time: number }
  | { op: 'report'; tid: number; step: number; value: number }
  | {
      op: 'finish';
      tid: number;
      status: Exclude<TrialStatus, 'running'>;
      loss: number | null;
      result: Record<string, unknown>;
      error: string | null;
      time: number;
    };

/** The last reported value at or before `step`, or undefined (Optuna reads intermediate values by step). */
export function valueAt(t: TrialRecord, step: number): number | undefined {
  for (let i = t.intermediate.length - 1; i >= 0; i--) if (t.intermediate[i][0] === step) return t.intermediate[i][1];
  return undefined;
}

/**
 * Applies one event to a tid-indexed map of records. A 'start' for a tid that is not finished
 * replaces it (the rerun of a trial interrupted by a crash); events for finished trials are ignored,
 * so no trial is ever counted twice.
 */
export function applyEvent(records: Map<number, TrialRecord>, e: TrialEvent, configOf: (vals: Vals) => unknown): void {
  const t = records.get(e.tid);
  if (t && t.status !== 'running') return;
  if (e.op === 'start') {
    records.set(e.tid, {
      tid: e.tid,
      vals: e.vals,
      params: configOf(e.vals),
      status: 'running',
      loss: null,
      result: {},
      error: null,
      intermediate: [],
      startedAt: e.time,
      finishedAt: null,
    });
  } else if (!t) {
    return;
  } else if (e.op === 'report') {
    t.intermediate.push([e.step, e.value]);
  } else {
    t.status = e.status;
    t.loss = e.loss;
    t.result = e.result;
    t.error = e.error;
    t.finishedAt = e.time;
  }
}
