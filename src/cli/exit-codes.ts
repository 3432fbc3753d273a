// One exit-code table for `simdnet search` and `simdnet study` (docs/distributed-search.md repeats
// it), so a script can tell "fix the command" from "try again later" the same way for both:
//   0  done
//   1  the run failed: the study, journal or objective could not be used (another space, a newer
//      schema, no such study, trials that all failed...)
//   2  usage: an unknown option, a missing or malformed value (a URL of the wrong form, a study name
//      with a tab), a module or export that cannot be loaded
//   3  the database is unreachable: the first connection was refused, or an outage outlasted
//      --reconnect-timeout (worth retrying later)
//   4  the database refused us: wrong user or password, no such database (fix the URL)
import { SimdnetError } from '../errors.js';
import { ServerRefusedError } from '../search/postgres/connection.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, unavailable: 3, refused: 4 } as const;

/** The exit code for an error that ended a command (anything but a SimdnetError is a failed run). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ServerRefusedError) return EXIT.refused;
  if (!(err instanceof SimdnetError)) return EXIT.failed;
  if (err.code === 'ERR_UNAVAILABLE') return EXIT.unavailable;
  if (err.code === 'ERR_INVALID_ARGUMENT' || err.code === 'ERR_INVALID_TYPE') return EXIT.usage;
  return EXIT.failed;
}

/** The table as the CLIs' --help prints it. */
export const EXIT_HELP = `Exit codes: 0 done, 1 failed, 2 bad usage, 3 database unreachable (retry later), 4 database refused the login or database`;
