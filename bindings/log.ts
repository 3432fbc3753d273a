// Where simdnet's own messages go. Two kinds:
// - notices about the environment (e.g. "no SharedArrayBuffer, so one thread"): `info`, dropped by
//   default, so a page that is not cross-origin isolated gets a clean console;
// - warnings about the caller's own training run, which Keras also prints (a monitored metric that is
//   missing, a dataset that ran out mid-epoch, a search trial failed by another worker): `warn`,
//   console.warn by default. A normal run prints neither.
// `setLogger(console)` shows both, `setLogger(null)` silences both, or pass any `{ warn, info }`.
import { ValidationError } from '../src/errors.js';

/** Receives simdnet's messages; `info` may be left out (notices are then dropped). */
export interface Logger {
  warn(message: string): void;
  info?(message: string): void;
}

const DEFAULT: Logger = { warn: (m) => console.warn(m) };
let current: Logger | null = DEFAULT;

/** Sets where simdnet's warnings and notices go: a logger, `null` for none, `undefined` for the default. */
export function setLogger(logger: Logger | null | undefined, fn = 'setLogger'): void {
  if (logger === undefined) {
    current = DEFAULT;
    return;
  }
  if (logger !== null && (typeof logger !== 'object' || typeof logger.warn !== 'function' || (logger.info !== undefined && typeof logger.info !== 'function'))) {
    throw new ValidationError(fn, 'logger', 'an object with warn(message) and optionally info(message), or null', logger, 'ERR_INVALID_TYPE');
  }
  current = logger;
}

/** A warning about the caller's run (console.warn by default). */
export function warn(message: string): void {
  current?.warn(message);
}

/** A notice about the environment (dropped by default). */
export function notice(message: string): void {
  current?.info?.(message);
}
