// The execArgv a pool worker starts with (Node's worker_threads), issue 18 item 17.
// A Worker left to inherit process.execArgv inherits `--input-type`, which a worker started from a
// file refuses (ERR_INPUT_TYPE_NOT_ALLOWED, e.g. under `node --input-type=module -e ...`), so the
// pool passes execArgv explicitly. An explicit execArgv is validated, and Node refuses every V8
// option and per-process option in it (ERR_WORKER_INVALID_EXEC_ARGV naming them: `--expose-gc`,
// `--max-old-space-size=N`, `--stack-size=N`, `--title=x`, `--experimental-wasm-relaxed-simd`, ...;
// Node's worker_threads docs, `execArgv`: V8 options and options that affect the process are not
// supported; nodejs/node PR 25467: only per-isolate and per-environment options are allowed).
// Those options act on the whole process, workers included (a worker of `node --expose-gc` started
// with execArgv [] still has `gc`), so dropping them loses nothing. Which options Node counts as
// per-process is its own table, so the worker's constructor is asked: the refused flags it names are
// removed and the start retried; the answer is remembered for the next worker.

let known: { from: string; argv: string[] } | null = null;

/** The process's execArgv minus what a file-started worker refuses. */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const key = JSON.stringify(execArgv);
  if (known?.from === key) return known.argv;
  return execArgv.filter((a) => !a.startsWith('--input-type'));
}

/**
 * Constructs a worker with `make(execArgv)`, dropping the flags Node refuses until it accepts
 * (at most one retry per refused set; with an unreadable refusal, the last try is no flags at all).
 */
export function startWithExecArgv<W>(execArgv: readonly string[], make: (argv: string[]) => W): W {
  let argv = workerExecArgv(execArgv);
  for (;;) {
    try {
      const worker = make(argv);
      known = { from: JSON.stringify(execArgv), argv };
      return worker;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || argv.length === 0) throw err;
      const refused = refusedFlags((err as Error).message);
      const kept = argv.filter((a) => !refused.has(a));
      argv = kept.length < argv.length ? kept : [];
    }
  }
}

/** The flags in Node's "Initiated Worker with invalid execArgv flags: --a, --b=1" (lib/internal/worker.js). */
function refusedFlags(message: string): Set<string> {
  const list = message.slice(message.indexOf(':') + 1);
  return new Set(list.split(',').map((s) => s.trim()).filter(Boolean));
}
