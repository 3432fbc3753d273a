// A worker process for the PostgreSQL tests (postgres.test.ts, postgresOutages.test.ts): joins a
// study and runs fmin on a cheap objective, then prints one JSON line with what it ran. argv[2] is a
// JSON WorkerConfig. With `hangAfter: n` its (n+1)-th trial never returns, so the parent can kill -9
// it mid-trial.
import { fmin } from '../../../src/search/fmin.js';
import { PostgresStorage } from '../../../src/search/postgres/postgres-storage.js';
import { Trials } from '../../../src/search/trials.js';
import { pgSpace, pgObjective } from './study-fixture.js';

export interface WorkerConfig {
  url: string;
  study: string;
  workerId: string;
  maxEvals: number;
  seed: number;
  sleepMs: number;
  retries?: number;
  heartbeatInterval?: number;
  gracePeriod?: number;
  hangAfter?: number;
}

const config = JSON.parse(process.argv[2]) as WorkerConfig;
let ran = 0;
// Time outside the objective between its first entry and last exit, over the gaps between trials:
// what fmin and the storage cost per trial (bench/postgres-commit.ts), the objective's own timers excluded.
let inside = 0;
let first = 0;
let last = 0;
let calls = 0;
const storage = new PostgresStorage(config.url, {
  study: config.study,
  workerId: config.workerId,
  retries: config.retries ?? 0,
  heartbeatInterval: config.heartbeatInterval ?? 0.25,
  gracePeriod: config.gracePeriod ?? 2,
  reconnectTimeout: 30,
});
const result = await fmin({
  fn: async (p: { x: number; o: string }, trial) => {
    if (config.hangAfter !== undefined && ran++ >= config.hangAfter) await new Promise(() => setInterval(() => {}, 1000));
    const t0 = performance.now();
    if (calls === 0) first = t0;
    try {
      return await pgObjective(p, trial, config.sleepMs);
    } finally {
      last = performance.now();
      inside += last - t0;
      calls++;
    }
  },
  space: pgSpace,
  algo: 'tpe',
  maxEvals: config.maxEvals,
  seed: config.seed,
  trials: new Trials(storage),
});
const own = result.trials.trials.filter((t) => t.status !== 'running').length;
const gapMs = calls > 1 ? (last - first - inside) / (calls - 1) : null;
process.stdout.write(JSON.stringify({ workerId: config.workerId, finished: own, lost: storage.lostTrials, calls, gapMs }) + '\n');
