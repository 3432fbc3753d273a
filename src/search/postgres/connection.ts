// Connecting to PostgreSQL for shared studies: URL validation, loading the `pg` client, and retrying
// through the short outages a database restart or a network blip causes. `pg` (node-postgres, pure
// JavaScript) is an optional peer dependency: it is imported dynamically, only when a postgresql://
// storage is opened, so simdnet's browser and edge builds never see it.
import { SimdnetError, ValidationError } from '../../errors.js';
import type { Pool, PoolConfig } from 'pg';
import { redactError, redactText, redactUrl } from './redact.js';

/** Checks the URL's form (postgres:// or postgresql://, a host or a socket) without connecting. */
export function checkPostgresUrl(fn: string, url: unknown): string {
  const expected = "a 'postgresql://user@host[:port]/database' URL";
  if (typeof url !== 'string') throw new ValidationError(fn, 'url', expected, url, 'ERR_INVALID_TYPE');
  // Every message below quotes the URL without its password (redact.ts).
  const shown = redactUrl(url);
  // WHATWG URL parsing refuses a port above 65535 outright: look at it first to say so.
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):(\d+)/i.exec(url)?.[1];
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) throw new ValidationError(fn, 'url', `${expected} (port 1..65535)`, shown);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError(fn, 'url', expected, shown);
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') throw new ValidationError(fn, 'url', expected, shown);
  // libpq puts a unix socket directory in ?host=/path; otherwise the URL needs a host.
  if (!parsed.hostname && !parsed.searchParams.get('host')) throw new ValidationError(fn, 'url', `${expected} (no host)`, shown);
  return url;
}

/**
 * Checks a study name: 1 to 200 characters, no control characters (tabs, newlines, NUL...), and no
 * leading or trailing white space, so that a stray space or a pasted tab cannot silently start a new
 * study next to the intended one (names are compared exactly).
 */
export function checkStudyName(fn: string, name: unknown): string {
  const expected = 'a study name of 1 to 200 characters without control characters (tabs, newlines) or leading/trailing spaces';
  if (typeof name !== 'string') throw new ValidationError(fn, 'study', expected, name, 'ERR_INVALID_TYPE');
  if (name.length === 0 || name.length > 200 || /\p{Cc}/u.test(name) || name.trim() !== name) throw new ValidationError(fn, 'study', expected, name);
  return name;
}

/** Imports `pg` on first use; a clear error when the optional dependency is not installed. */
export async function loadPg(fn: string): Promise<typeof import('pg')> {
  // A specifier in a variable, with the bundlers' ignore hints: a browser bundle of simdnet must not
  // try to resolve (or fail on) a package it never loads.
  const specifier = 'pg';
  try {
    const m = await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
    return (m.default ?? m) as typeof import('pg');
  } catch (err) {
    throw new SimdnetError('ERR_UNSUPPORTED', fn, "PostgreSQL storage needs the 'pg' package: npm install pg", { cause: err });
  }
}

export async function createPool(fn: string, url: string, options: { maxConnections?: number }): Promise<Pool> {
  const pg = await loadPg(fn);
  const config: PoolConfig = {
    connectionString: url,
    max: options.maxConnections ?? 2,
    connectionTimeoutMillis: 5000,
    keepAlive: true,
    application_name: 'simdnet',
  };
  const pool = new pg.Pool(config);
  // An idle connection the server closes (a restart) is an 'error' event: the pool drops that
  // client and the next query opens a new one; without a listener Node would crash the process.
  pool.on('error', () => {});
  return pool;
}

/**
 * True for errors that a later attempt may not see: the connection was refused, reset or closed,
 * the server is shutting down or starting (SQLSTATE class 08, 57P01-57P03), too many connections
 * (53300), a serialization conflict or deadlock (40001, 40P01). Errors with any other SQLSTATE
 * (syntax, constraint, authentication, missing database) are permanent.
 */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '40001', '40P01'].includes(code);
  }
  // Node socket errors (ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, ENOENT for a missing socket...)
  // and pg's own connection messages. Anything else (a bug, a SimdnetError) is not retried.
  if (err instanceof SimdnetError || !(err instanceof Error)) return false;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true;
  return /Connection terminated|connection error|timeout exceeded when trying to connect|Connection ended|not queryable/i.test(err.message);
}

/**
 * A permanent server-side refusal as a typed error (wrong password, no such database...). Every
 * error made here and in withRetry keeps the driver's error as `cause` only through redactError.
 */
export function permanentError(fn: string, url: string, err: unknown): SimdnetError {
  const e = err as { code?: string; message?: string };
  const where = redactUrl(url);
  const said = redactText(e.message ?? String(err), url);
  if (e.code?.startsWith('28') || e.code === '3D000') {
    return new ServerRefusedError(fn, `PostgreSQL at ${where} refused the connection: ${said} (SQLSTATE ${e.code})`, redactError(err, url));
  }
  return new SimdnetError('ERR_EXTERNAL', fn, `PostgreSQL at ${where}: ${said}${e.code ? ` (SQLSTATE ${e.code})` : ''}`, { cause: redactError(err, url) });
}

/** The server refused this login or database (SQLSTATE class 28, 3D000): the URL is wrong, not the network. */
export class ServerRefusedError extends SimdnetError {
  constructor(fn: string, message: string, cause: unknown) {
    super('ERR_INVALID_ARGUMENT', fn, message, { arg: 'url', cause });
  }
}

export interface RetryOptions {
  /** Seconds to keep retrying after the first failure. */
  timeout: number;
  /**
   * The first connection of a new worker: a refused connection or an unknown host (nothing listens
   * there: a wrong URL or a server that is down) fails at once instead of retrying, so a mistyped
   * port costs no minute of silence. Once a worker has connected, the same errors mean a restart and
   * are retried.
   */
  firstConnection?: boolean;
  /** Where the "retrying" and "reachable again" lines go (default console.warn). */
  log?: (line: string) => void;
  /**
   * Shared by the concurrent operations of one storage (a claim and a heartbeat fail together in an
   * outage): the first to fail announces the outage, the first to succeed announces its end.
   */
  outage?: { since: number };
}

/** Node's socket errors for "nothing listens there" (an AggregateError when a name has several addresses). */
function isRefusal(err: unknown): boolean {
  const e = err as { code?: unknown; errors?: unknown[] } | null;
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === 'ENOENT') return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every(isRefusal);
}

/**
 * Runs `op` until it succeeds, retrying transient errors with exponential backoff (0.1 s doubling
 * to 2 s) until `timeout` seconds have passed since the first failure; then throws ERR_UNAVAILABLE.
 * The first failure of an outage logs one line saying what failed and for how long it retries, and
 * success after it one line saying how long the outage lasted. `op` receives the attempt number so
 * non-idempotent operations can check whether an earlier attempt committed before its reply was lost.
 */
export async function withRetry<T>(fn: string, url: string, options: RetryOptions, op: (attempt: number) => Promise<T>): Promise<T> {
  const { timeout, firstConnection = false, log = (line: string) => console.warn(line), outage = { since: 0 } } = options;
  let firstFailure = 0;
  let delay = 100;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await op(attempt);
      if (outage.since !== 0) log(`${fn}: PostgreSQL at ${redactUrl(url)} reachable again after ${((Date.now() - outage.since) / 1000).toFixed(1)} s`);
      outage.since = 0;
      return result;
    } catch (err) {
      if (!isTransient(err)) throw err instanceof SimdnetError ? err : permanentError(fn, url, err);
      const said = redactText((err as Error).message, url);
      if (firstConnection && isRefusal(err)) {
        throw new SimdnetError('ERR_UNAVAILABLE', fn, `PostgreSQL at ${redactUrl(url)} refused the first connection (${said}): is the server running, and are host and port right?`, { cause: redactError(err, url) });
      }
      const now = Date.now();
      if (firstFailure === 0) firstFailure = now;
      if (outage.since === 0 && timeout > 0) {
        outage.since = now;
        log(`${fn}: PostgreSQL at ${redactUrl(url)} not reachable (${said}); retrying for up to ${timeout} s`);
      }
      if (now - firstFailure >= timeout * 1000) {
        throw new SimdnetError('ERR_UNAVAILABLE', fn, `PostgreSQL at ${redactUrl(url)} unreachable for ${timeout} s: ${said}`, { cause: redactError(err, url) });
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
