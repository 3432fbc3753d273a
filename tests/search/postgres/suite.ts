// The uvu suite shared by the PostgreSQL test files: a throwaway cluster (cluster.ts) started before
// the suite's tests and destroyed after them, a client connected to it for reading rows back, and
// the worker processes a test started killed after it (rows.ts killWorkers).
// SIMDNET_SKIP_POSTGRES=1 skips the suite (and says so).
import { suite, type Test } from 'uvu';
import pg from 'pg';
import { Cluster, SKIP } from './cluster.js';
import { killWorkers } from './rows.js';

export interface PostgresContext {
  cluster: Cluster;
  db: pg.Client;
}

export function postgresSuite(name: string): Test<PostgresContext> {
  const t = suite<PostgresContext>(name);
  t.before(async (ctx) => {
    try {
      ctx.cluster = await Cluster.create();
    } catch (err) {
      // uvu counts the suite's tests as failed but does not print a hook's error: say why here.
      console.error(`\npostgres tests FAILED to start: ${(err as Error).message}\n`);
      throw err;
    }
    ctx.db = new pg.Client({ connectionString: ctx.cluster.url() });
    await ctx.db.connect();
  });

  // uvu runs after.each also when the test failed: no worker process outlives its test.
  t.after.each(() => killWorkers());
  t.after(async (ctx) => {
    await ctx.db?.end();
    await ctx.cluster?.destroy();
  });
  return t;
}

/** Runs the suite, or says that it was skipped. */
export function runPostgresSuite(t: Test<PostgresContext>, name: string): void {
  if (SKIP) console.log(`${name}: SKIPPED (SIMDNET_SKIP_POSTGRES=1)`);
  else t.run();
}
