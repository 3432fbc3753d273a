// How many threads the default module (ready()) uses, and changing it later (setThreads).
// Default: SIMDNET_THREADS (environment) if set, else every core the runtime reports
// (os.availableParallelism in Node, navigator.hardwareConcurrency elsewhere) on the main thread, and
// 1 inside a worker thread: code already running in workers (parallel search trials) is parallel
// at that level, and a pool per worker would put more runnable threads than cores.
// Without SharedArrayBuffer (a browser page that is not cross-origin isolated) the default module
// is single-threaded, and one notice says why (bindings/log.ts: dropped unless a logger takes notices).
// One thread (ready({ threads: 1 }), SIMDNET_THREADS=1, a worker thread, a single core) loads the
// single-thread module, not the threads build at one thread: on shared memory every JavaScript copy
// into wasm memory is slower (bindings/threads/twin.ts says how much), and with one thread nothing
// can split. Then the count is fixed for the process: a later setThreads(n > 1) resolves to 1 and
// a notice says how to get n (a pool cannot be added under models already living in that memory).
import { loadedModule, type WasmModule } from '../loader.js';
import { ValidationError } from '../../src/errors.js';
import { MAX_THREADS } from './protocol.js';
import { instantiateThreaded, sharedMemoryAvailable, type ThreadsBuild } from './instantiate.js';
import { availableCores } from './cores.js';
import { notice } from '../log.js';
import { nodeImport } from '../nodeImport.js';

let requested: number | null = null;
let warned = false;
let fixedWarned = false;

function checkThreads(fn: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_THREADS) throw new ValidationError(fn, 'threads', `an integer in [1, ${MAX_THREADS}]`, n);
  return n;
}

/** Threads the default module gets when no count is given. */
export async function defaultThreads(): Promise<number> {
  if (requested !== null) return requested;
  let env: string | undefined;
  try {
    env = typeof process !== 'undefined' ? process.env?.SIMDNET_THREADS : undefined;
  } catch {
    env = undefined; // Deno without --allow-env
  }
  if (env !== undefined && env !== '') return checkThreads('ready', Number(env));
  const proc = typeof process !== 'undefined' ? process : undefined;
  if (proc?.versions?.node) {
    const wt = await nodeImport<typeof import('node:worker_threads')>('worker_threads');
    if (!wt.isMainThread) return 1;
  } else if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined') return 1;
  return availableCores();
}

/**
 * The threaded default module for `build`, or null when it must be single-threaded (no shared memory,
 * or the debug build). `threads` undefined: defaultThreads().
 */
export async function readyThreaded(build: string, threads: unknown): Promise<WasmModule | null> {
  const n = threads === undefined ? await defaultThreads() : checkThreads('ready', threads);
  if (build !== 'relaxed' && build !== 'plain') return null;
  if (n === 1) return null; // the single-thread module (see the top of this file)
  if (!sharedMemoryAvailable()) {
    if (n > 1) warnOnce('SharedArrayBuffer is not available (a browser page needs cross-origin isolation: COOP and COEP headers)');
    return null;
  }
  try {
    return await instantiateThreaded(build as ThreadsBuild, n);
  } catch (e) {
    // A runtime that cannot start module workers (or a bundle without worker.js) still trains.
    warnOnce(`cannot start worker threads (${(e as Error).message})`);
    return null;
  }
}

/**
 * Sets the number of threads of the default module (the caller plus n - 1 workers), now if it is
 * loaded and for the next ready() otherwise. Resolves to the count in effect: 1 where the module is
 * single-threaded (no SharedArrayBuffer, the debug build, or a module from ready({ bytes | url })).
 */
export async function setThreads(n: number): Promise<number> {
  checkThreads('setThreads', n);
  requested = n;
  const m = loadedModule();
  if (!m) return n;
  if (!m.pool) {
    if (n > 1 && !sharedMemoryAvailable()) warnOnce('SharedArrayBuffer is not available (a browser page needs cross-origin isolation: COOP and COEP headers)');
    else if (n > 1 && (m.build === 'relaxed' || m.build === 'plain') && !fixedWarned) {
      fixedWarned = true;
      notice(`simdnet: setThreads(${n}): the module was loaded single-threaded (ready({ threads: 1 }), SIMDNET_THREADS=1, a worker thread, one core, or ready({ module | bytes | url })), so training stays on one thread; for ${n} threads call setThreads(${n}) before the first ready(), or pass ready({ threads: ${n} })`);
    }
    return 1;
  }
  await m.pool.resize(n);
  return m.pool.threads;
}

function warnOnce(why: string): void {
  if (warned) return;
  warned = true;
  notice(`simdnet: ${why}, so training runs on one thread`);
}
