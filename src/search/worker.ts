// The worker-thread side of the parallel executor (worker-pool.ts). It imports the objective module
// named in workerData once, then runs trials on request. trial.report posts the value and blocks
// (Atomics.wait) until the main thread has recorded it and stored its pruning decision in the
// shared flag, so trial.shouldPrune() is synchronous and exact, as in a single-threaded search.
// Shared flag (Int32Array(2)): [0] answer sequence number, [1] 1 if the trial should be pruned.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { fromThrown, toOutcome, type Objective, type TrialHandle } from './objective.js';

interface Init {
  module: string;
  export: string;
  flag: SharedArrayBuffer;
}

const init = workerData as Init;
const flag = new Int32Array(init.flag);
const url = init.module.startsWith('file:') ? init.module : pathToFileURL(init.module).href;
const loaded: Promise<Objective> = import(url).then((m) => {
  const f = m[init.export];
  if (typeof f !== 'function') throw new Error(`module ${init.module} has no exported function '${init.export}'`);
  return f as Objective;
});

parentPort!.on('message', async (msg: { tid: number; seed: number; params: unknown }) => {
  let last: number | null = null;
  const handle: TrialHandle = {
    tid: msg.tid,
    seed: msg.seed,
    report(value, step) {
      const seq = Atomics.load(flag, 0);
      parentPort!.postMessage({ type: 'report', value, step });
      Atomics.wait(flag, 0, seq);
      last = value;
    },
    shouldPrune: () => Atomics.load(flag, 1) === 1,
  };
  Atomics.store(flag, 1, 0);
  let outcome;
  try {
    const fn = await loaded;
    outcome = toOutcome(await fn(msg.params, handle));
  } catch (err) {
    outcome = fromThrown(err, last);
  }
  parentPort!.postMessage({ type: 'done', outcome });
});
