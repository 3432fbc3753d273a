// `simdnet study NAME --storage postgresql://...`: prints a shared study's state (trials by state,
// the best trial, per-worker counts) without joining it, e.g. to watch a search running on many
// machines. Exit codes: the table in exit-codes.ts (shared with `simdnet search`).
import { SimdnetError } from '../errors.js';
import { studySummary } from '../search/postgres/study-summary.js';
import { EXIT, EXIT_HELP, exitCodeFor } from './exit-codes.js';

const HELP = `Usage: simdnet study NAME --storage postgresql://user@host/db [--json]

Prints the state of the shared study NAME: trials by state, the best trial, trials per worker.
  --storage URL   the PostgreSQL database the workers use (simdnet search --storage URL --study NAME)
  --json          the same as one JSON object
  --reconnect-timeout S  seconds to keep retrying an unreachable database (default 10); a refused
                  connection fails at once
  -h, --help      this text

${EXIT_HELP}`;

const STATES = ['complete', 'pruned', 'failed', 'running', 'pending'];

export async function runStudyCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  let name: string | null = null;
  let url: string | null = null;
  let json = false;
  let reconnectTimeout: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      out(HELP);
      return EXIT.ok;
    } else if (a === '--storage' && i + 1 < argv.length) url = argv[++i];
    else if (a === '--json') json = true;
    else if (a === '--reconnect-timeout' && i + 1 < argv.length && argv[i + 1].trim() !== '' && Number(argv[i + 1]) >= 0 && Number.isFinite(Number(argv[i + 1]))) reconnectTimeout = Number(argv[++i]);
    else if (!a.startsWith('-') && name === null) name = a;
    else {
      out(`simdnet study: unexpected ${a}\n\n${HELP}`);
      return EXIT.usage;
    }
  }
  if (name === null || url === null) {
    out(`simdnet study: needs a study NAME and --storage URL\n\n${HELP}`);
    return EXIT.usage;
  }
  let s;
  try {
    s = await studySummary(url, name, { reconnectTimeout, log: json ? undefined : out });
  } catch (err) {
    if (!(err instanceof SimdnetError)) throw err;
    out(`simdnet study: ${err.message}`);
    return exitCodeFor(err);
  }
  if (json) {
    out(JSON.stringify(s));
    return EXIT.ok;
  }
  const line = (states: Record<string, number>) => STATES.filter((k) => states[k]).map((k) => `${states[k]} ${k}`).join(', ') || 'none';
  const total = Object.values(s.states).reduce((a, b) => a + b, 0);
  out(`study ${s.name} (created ${s.createdAt.toISOString()}, retries ${s.retries})`);
  out(`trials: ${total} (${line(s.states)})`);
  out(s.best ? `best: trial ${s.best.number}, loss ${s.best.loss}, by ${s.best.worker}, vals ${JSON.stringify(s.best.vals)}` : 'best: none yet');
  out('workers:');
  for (const w of s.workers) out(`  ${w.worker}: ${line(w.states)}`);
  return EXIT.ok;
}
