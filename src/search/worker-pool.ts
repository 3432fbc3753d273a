// Parallel trials in worker threads: CPU-bound objectives get one core each (Optuna's n_jobs uses
// Python threads, which the GIL serialises; hyperopt needs MongoDB or Spark). The objective must be
// importable by a worker, so it is named, not passed: `fn: { module: '/abs/path/objective.js',
// export: 'objective' }` (the module is imported once per worker; module-level setup such as
// loading a dataset is shared by that worker's trials). Parameters and results cross threads by
// structured clone, so options in the space must be cloneable (numbers, strings, plain objects).
// The main thread alone suggests points and writes the storage, so no storage locking is needed.
// Node-only: worker_threads is imported when a pool is made, so importing simdnet in a browser works.
import type { Worker } from 'node:worker_threads';
import { ValidationError } from '../errors.js';
import type { Executor } from './executor.js';
import type { Outcome, TrialHandle } from './objective.js';

// Not a literal in `new URL(...)`: bundlers would otherwise bundle this Node-only worker (static
// node:worker_threads imports) into browser apps as a Web Worker (Vite does, and fails).
const WORKER_FILE = './worker.js';
import { nodeImport } from '../../bindings/nodeImport.js';

/**
 * An objective for worker-thread trials, named rather than passed so a worker can import it: `{ module:
 * '/abs/path/objective.js', export: 'objective' }` (Node).
 */
export interface WorkerObjective {
  /** Path (absolute, or relative to the working directory) or file: URL of an ES module. */
  module: string;
  /** The exported objective's name (default 'default'). */
  export?: string;
}

interface Slot {
  worker: Worker;
  flag: Int32Array;
}

export async function workerExecutor(spec: WorkerObjective, slots: number): Promise<Executor> {
  const exportName = spec.export ?? 'default';
  if (typeof exportName !== 'string') throw new ValidationError('fmin', 'fn.export', 'a string', exportName, 'ERR_INVALID_TYPE');
  const { Worker } = await nodeImport<typeof import('node:worker_threads')>('worker_threads');
  const idle: Slot[] = [];
  const spawn = (): Slot => {
    const sab = new SharedArrayBuffer(8);
    const module = spec.module.startsWith('file:') ? spec.module : new URL(spec.module, `file://${process.cwd()}/`).href;
    const worker = new Worker(new URL(WORKER_FILE, import.meta.url), { workerData: { module, export: exportName, flag: sab } });
    return { worker, flag: new Int32Array(sab) };
  };
  for (let i = 0; i < slots; i++) idle.push(spawn());

  const run = (params: unknown, handle: TrialHandle, lastValue: () => number | null): Promise<Outcome> => {
    const slot = idle.pop() as Slot; // fmin never runs more than `slots` trials at once
    return new Promise<Outcome>((resolve) => {
      const { worker, flag } = slot;
      const onMessage = (msg: { type: 'report'; value: number; step: number } | { type: 'done'; outcome: Outcome }) => {
        if (msg.type === 'report') {
          let prune = false;
          try {
            handle.report(msg.value, msg.step);
            prune = handle.shouldPrune();
          } finally {
            Atomics.store(flag, 1, prune ? 1 : 0);
            Atomics.add(flag, 0, 1);
            Atomics.notify(flag, 0);
          }
          return;
        }
        finish(msg.outcome, slot);
      };
      const onError = (err: Error) => {
        // The worker died (an uncaught error or an exit in the objective): fail the trial, replace it.
        void worker.terminate();
        finish({ status: 'fail', loss: null, result: {}, error: `worker error: ${err.message}` }, spawn());
      };
      const onExit = (code: number) => onError(new Error(`worker exited with code ${code}`));
      const finish = (outcome: Outcome, next: Slot) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        idle.push(next);
        resolve(outcome.status === 'pruned' && outcome.loss === null ? { ...outcome, loss: lastValue() } : outcome);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      try {
        worker.postMessage({ tid: handle.tid, seed: handle.seed, params });
      } catch (err) {
        // Parameters that cannot be structured-cloned (functions, class instances with methods...).
        finish({ status: 'fail', loss: null, result: {}, error: `parameters cannot be sent to a worker thread: ${(err as Error).message}` }, slot);
      }
    });
  };

  return {
    slots,
    run,
    async close() {
      await Promise.all(idle.splice(0).map((s) => s.worker.terminate()));
    },
  };
}
