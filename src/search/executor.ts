// Runs objectives for fmin. The local executor calls the function in this thread, `slots` at a time
// (useful for async objectives that wait on I/O or a child process); the worker executor
// (worker-pool.ts) runs a module's exported objective in worker threads for CPU-bound work.
import { fromThrown, toOutcome, type Objective, type Outcome, type TrialHandle } from './objective.js';

export interface Executor {
  /** How many trials may run at once. */
  readonly slots: number;
  /** Runs one trial; never rejects (a throw becomes a failed or pruned outcome). */
  run(params: unknown, handle: TrialHandle, lastValue: () => number | null): Promise<Outcome>;
  close(): Promise<void>;
}

export function localExecutor(fn: Objective, slots: number): Executor {
  return {
    slots,
    async run(params, handle, lastValue) {
      try {
        return toOutcome(await fn(params, handle));
      } catch (err) {
        return fromThrown(err, lastValue());
      }
    },
    async close() {},
  };
}
