// `simdnet search`: runs a hyperparameter search from the command line with a progress display
// (trial n/N, best so far, ETA), a results table, the best configuration as values, and an HTML
// report. By default it searches the seed's MNIST space (src/cli/search-mnist.ts); `--objective`
// and `--space` name any module exports instead. Trials run in worker threads when --parallelism > 1
// and are journaled when --journal is given (rerun the same command to resume after a crash).
// `--storage postgresql://... --study NAME` makes this process one worker of a study shared through
// PostgreSQL: start the same command on as many machines as you like.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SimdnetError } from '../errors.js';
import { fmin } from '../search/fmin.js';
import { JournalStorage } from '../search/journal.js';
import type { Pruner } from '../search/pruner.js';
import { hyperbandPruner, medianPruner } from '../search/pruners.js';
import { progressLine, resultsTable, searchReportHtml } from '../search/report.js';
import type { TrialStorage } from '../search/storage.js';
import { Trials } from '../search/trials.js';
import { EXIT, EXIT_HELP, exitCodeFor } from './exit-codes.js';

const HELP = `Usage: simdnet search [options]

Searches hyperparameters with TPE (default: the seed's MNIST MLP space: units1, units2 in 64..1024,
dropout 0.25..0.75, an optional third layer, batch size 28..128, optimizer rmsprop/adam/sgd).

Options:
  --max-evals N        trials to run (default 50)
  --algo NAME          tpe | random | anneal (default tpe)
  --seed N             seed of the search (default 42): the suggestions, and with the trial id
                       each trial's seed (trial.seed), which the MNIST objective gives its model
                       and fit (weights, batch order, dropout)
  --parallelism N      trials at once, each in a worker thread (default 1)
  --journal PATH       append trials to PATH; rerunning the same command resumes
  --storage URL|PATH   a postgresql:// URL: join (or create) the shared study --study NAME, as one
                       of many workers; --max-evals counts the whole study's trials. A path: as --journal
  --study NAME         the shared study's name (with a postgresql:// --storage)
  --retries N          times a dead worker's trial is re-run (set when the study is created; default 0)
  --reconnect-timeout S  seconds to keep retrying an unreachable database before giving up (default
                       60); a refused first connection fails at once
  --report PATH        HTML report (default search-report.html)
  --pruner NAME        median | hyperband | none (default median)
  --preset NAME        MNIST data and epochs: fast (default: 6,000 training images, 2 epochs; a
                       50-trial search takes minutes) | full (60,000 images, 3 epochs) |
                       tiny (1,000 images, 2 epochs: a smoke test)
  --max-resource N     steps of the longest trial, for --pruner hyperband (default: the MNIST epochs)
  --objective M#NAME   objective exported as NAME by module M (path), instead of MNIST
  --space M#NAME       search space exported as NAME by module M (with --objective)
  --quiet              no progress lines
  -h, --help           this text

${EXIT_HELP}`;

interface Args {
  maxEvals: number;
  algo: 'tpe' | 'random' | 'anneal';
  seed: number;
  parallelism: number;
  journal: string | null;
  study: string | null;
  retries: number;
  reconnectTimeout: number | null;
  report: string;
  pruner: 'median' | 'hyperband' | 'none';
  preset: 'fast' | 'full' | 'tiny';
  objective: string | null;
  space: string | null;
  maxResource: number | null;
  quiet: boolean;
}

class UsageError extends Error {}

export function parseSearchArgs(argv: string[]): Args | null {
  const a: Args = { maxEvals: 50, algo: 'tpe', seed: 42, parallelism: 1, journal: null, study: null, retries: 0, reconnectTimeout: null, report: 'search-report.html', pruner: 'median', preset: 'fast', objective: null, space: null, maxResource: null, quiet: false };
  const int = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs an integer >= ${min}, got ${v ?? 'nothing'}`);
    return n;
  };
  const seconds = (flag: string, v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} needs a number of seconds >= 0, got ${v}`);
    return n;
  };
  const oneOf = <T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T => {
    if (!allowed.includes(v as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got ${v ?? 'nothing'}`);
    return v as T;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = argv[i + 1];
    const take = () => {
      i++;
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return null;
    else if (flag === '--max-evals') a.maxEvals = int(flag, take(), 1);
    else if (flag === '--algo') a.algo = oneOf(flag, take(), ['tpe', 'random', 'anneal'] as const);
    else if (flag === '--seed') a.seed = int(flag, take(), 0);
    else if (flag === '--parallelism') a.parallelism = int(flag, take(), 1);
    else if (flag === '--journal' || flag === '--storage') a.journal = take();
    else if (flag === '--study') a.study = take();
    else if (flag === '--retries') a.retries = int(flag, take(), 0);
    else if (flag === '--reconnect-timeout') a.reconnectTimeout = seconds(flag, take());
    else if (flag === '--report') a.report = take();
    else if (flag === '--pruner') a.pruner = oneOf(flag, take(), ['median', 'hyperband', 'none'] as const);
    else if (flag === '--preset') a.preset = oneOf(flag, take(), ['fast', 'full', 'tiny'] as const);
    else if (flag === '--objective') a.objective = take();
    else if (flag === '--space') a.space = take();
    else if (flag === '--max-resource') a.maxResource = int(flag, take(), 1);
    else if (flag === '--quiet') a.quiet = true;
    else throw new UsageError(`unknown option ${flag}`);
  }
  if ((a.objective === null) !== (a.space === null)) throw new UsageError('--objective and --space go together');
  if (isPostgresUrl(a.journal) !== (a.study !== null)) throw new UsageError('--study NAME goes with --storage postgresql://...');
  if (a.reconnectTimeout !== null && !isPostgresUrl(a.journal)) throw new UsageError('--reconnect-timeout goes with --storage postgresql://...');
  if (a.pruner === 'hyperband' && a.objective !== null && a.maxResource === null) throw new UsageError('--pruner hyperband with --objective needs --max-resource');
  return a;
}

function isPostgresUrl(spec: string | null): boolean {
  return spec !== null && /^postgres(ql)?:\/\//.test(spec);
}

/** A PostgreSQL study, a journal file or memory only. */
async function storageFor(args: Args): Promise<TrialStorage | undefined> {
  if (args.journal === null) return undefined;
  if (!isPostgresUrl(args.journal)) return new JournalStorage(args.journal);
  const { PostgresStorage } = await import('../search/postgres/postgres-storage.js');
  return new PostgresStorage(args.journal, { study: args.study as string, retries: args.retries, ...(args.reconnectTimeout !== null && { reconnectTimeout: args.reconnectTimeout }) });
}

/** "path/to/module.js#name" -> absolute file URL and export name. */
function splitRef(ref: string): { module: string; name: string } {
  const at = ref.lastIndexOf('#');
  if (at <= 0 || at === ref.length - 1) throw new UsageError(`expected MODULE#EXPORT, got ${ref}`);
  return { module: pathToFileURL(resolve(ref.slice(0, at))).href, name: ref.slice(at + 1) };
}

/** Runs the CLI; resolves to the process exit code. */
export async function runSearchCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  let args: Args | null;
  try {
    args = parseSearchArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    out(`simdnet search: ${err.message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (args === null) {
    out(HELP);
    return EXIT.ok;
  }
  let objective: { module: string; name: string };
  let space: unknown;
  let maxResource = args.maxResource ?? 1;
  if (args.objective !== null) {
    try {
      objective = splitRef(args.objective);
      const s = splitRef(args.space as string);
      space = (await import(s.module))[s.name];
    } catch (err) {
      out(`simdnet search: ${(err as Error).message}`);
      return EXIT.usage;
    }
  } else {
    // The MNIST objective reads its preset from the environment so worker threads see it too.
    process.env.SIMDNET_SEARCH_PRESET = args.preset;
    const mnist = new URL('./search-mnist.js', import.meta.url);
    objective = { module: mnist.href, name: 'objective' };
    try {
      const m = await import(mnist.href);
      space = m.space;
      maxResource = args.maxResource ?? m.PRESETS[args.preset].epochs;
    } catch (err) {
      out(`simdnet search: cannot load the MNIST search (${(err as Error).message}); use --objective and --space`);
      return EXIT.failed;
    }
  }
  const pruner: Pruner | undefined =
    args.pruner === 'median' ? medianPruner({ nStartupTrials: 5 }) : args.pruner === 'hyperband' ? hyperbandPruner({ maxResource }) : undefined;
  let trials: Trials;
  try {
    trials = new Trials(await storageFor(args));
  } catch (err) {
    out(`simdnet search: ${(err as Error).message}`);
    return err instanceof SimdnetError ? exitCodeFor(err) : EXIT.usage;
  }
  const started = Date.now();
  let startedFinished = -1;
  let result;
  try {
    result = await fmin({
      fn: args.parallelism > 1 ? { module: objective.module, export: objective.name } : (await import(objective.module))[objective.name],
      space,
      algo: args.algo,
      maxEvals: args.maxEvals,
      seed: args.seed,
      parallelism: args.parallelism,
      pruner,
      trials,
      onTrial: (t, all) => {
        if (startedFinished < 0) startedFinished = all.finished - 1;
        if (!args.quiet) out(`${progressLine(all, args.maxEvals, startedFinished, (Date.now() - started) / 1000)}  [trial ${t.tid} ${t.status}${t.loss !== null ? ' ' + t.loss.toPrecision(5) : ''}]`);
      },
    });
  } catch (err) {
    // A database that stayed away longer than the reconnect timeout, a newer schema, another space...
    if (!(err instanceof SimdnetError)) throw err;
    out(`simdnet search: ${err.message}`);
    return exitCodeFor(err);
  }
  out('\n' + resultsTable(result.trials));
  out(`\nbest configuration (loss ${result.bestLoss}):\n${JSON.stringify(result.best, null, 2)}`);
  const what = args.objective ?? `MNIST MLP, preset ${args.preset}; loss = -validation accuracy`;
  writeFileSync(args.report, searchReportHtml(result.trials, { title: 'simdnet search', notes: `${what}; algo ${args.algo}, seed ${args.seed}, ${args.maxEvals} evaluations` }));
  out(`report: ${resolve(args.report)}`);
  return EXIT.ok;
}

// Run directly: node dist/src/cli/search.js [options]
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  runSearchCli(process.argv.slice(2)).then((code) => process.exit(code));
}
