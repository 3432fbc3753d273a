// Connecting to PostgreSQL for shared studies: URL validation, loading the `pg` client, and retrying
// through the short outages a database restart or a network blip causes. `pg` (node-postgres, pure
// JavaScript) is an optional peer dependency: it is imported dynamically, only when a postgresql://
// storage is opened, so simdnet's browser and edge builds never see it.
import { SimdnetError, ValidationError } from '../../errors.js';
import type { Pool, PoolConfig } from 'pg';

/** Checks the URL's form (postgres:// or postgresql://, a host or a socket) without connecting. */
export function checkPostgresUrl(fn: string, url: unknown): string {
  const expected = "a 'postgresql://user@host[:port]/database' URL";
  if (typeof url !== 'string') throw new ValidationError(fn, 'url', expected, url, 'ERR_INVALID_TYPE');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError(fn, 'url', expected, url);
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') throw new ValidationError(fn, 'url', expected, url);
  // libpq puts a unix socket directory in ?host=/path; otherwise the URL needs a host.
  if (!parsed.hostname && !parsed.searchParams.get('host')) throw new ValidationError(fn, 'url', `${expected} (no host)`, url);
  if (parsed.port !== '' && !(Number(parsed.port) >= 1 && Number(parsed.port) <= 65535)) throw new ValidationError(fn, 'url', `${expected} (port 1..65535)`, url);
  return url;
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

/** A permanent server-side refusal as a typed error (wrong password, no such database...). */
export function permanentError(fn: string, url: string, err: unknown): SimdnetError {
  const e = err as { code?: string; message?: string };
  const where = redact(url);
  if (e.code?.startsWith('28') || e.code === '3D000') {
    return new SimdnetError('ERR_INVALID_ARGUMENT', fn, `PostgreSQL at ${where} refused the connection: ${e.message} (SQLSTATE ${e.code})`, { arg: 'url', cause: err });
  }
  return new SimdnetError('ERR_EXTERNAL', fn, `PostgreSQL at ${where}: ${e.message ?? String(err)}${e.code ? ` (SQLSTATE ${e.code})` : ''}`, { cause: err });
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Runs `op` until it succeeds, retrying transient errors with exponential backoff (0.1 s doubling
 * to 2 s) until `timeout` seconds have passed since the first failure; then throws ERR_UNAVAILABLE.
 * `op` receives the attempt number so non-idempotent operations can check whether an earlier
 * attempt committed before its reply was lost.
 */
export async function withRetry<T>(fn: string, url: string, timeout: number, op: (attempt: number) => Promise<T>): Promise<T> {
  let firstFailure = 0;
  let delay = 100;
  for (let attempt = 0; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      if (!isTransient(err)) throw err instanceof SimdnetError ? err : permanentError(fn, url, err);
      const now = Date.now();
      if (firstFailure === 0) firstFailure = now;
      if (now - firstFailure >= timeout * 1000) {
        throw new SimdnetError('ERR_UNAVAILABLE', fn, `PostgreSQL at ${redact(url)} unreachable for ${timeout} s: ${(err as Error).message}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
