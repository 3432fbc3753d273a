// `simdnet playbook --data mnist|spam|FILE [--limit N] [--budget 30m|40runs] [--seeds K]
// [--report PATH] [--json PATH]`: runs the playbook (src/playbook/) and prints the arms table, the
// final model's test metric and the chosen configuration as code; writes the HTML report and the
// JSON (whose `arms` and `final` fields scripts may depend on). Exit codes: 0 done, 1 a failure
// while training, 2 bad usage or bad input (unknown strategy, budget too small, ...).
import { parseArgs } from 'node:util';
import { SimdnetError } from '../errors.js';
import { writeAtomic } from '../io/writeAtomic.js';
import { playbook, type PlaybookOptions } from '../playbook/playbook.js';
import { playbookJson } from '../playbook/results.js';
import { playbookReportHtml } from '../playbook/report.js';
import type { MetricName } from '../playbook/run.js';
import { STRATEGY_NAMES, type StrategyName } from '../playbook/arms.js';
import { configCode } from '../playbook/config.js';

export const HELP = `Usage: simdnet playbook --data mnist|spam|FILE [options]

Trains the base model (images: the Keras mnist_cnn CNN; vectors and text: an MLP) with Keras
defaults on K seeds, then one arm per strategy (data size, L1, L2, dropout, early stopping, batch
norm, activations, LR schedules, optimizers, augmentation), each paired with the baseline by seed;
prunes losing arms; searches the helpful ones with TPE; retrains the best configuration and
evaluates it once on the test set. A wall-clock budget is planned from one timed epoch and
re-estimated from every run's measured time.

Options:
  --data SOURCE        mnist, spam, or a .csv / .jsonl file (a 'text' column makes a text task)
  --label-column NAME  the label column of a file (default label)
  --limit N            use N training samples (training + validation) of the source
  --model mlp|cnn      the base model family (default: cnn for images, mlp otherwise)
  --budget B           wall clock (30m, 90s, 2h) or runs (40runs) (default 40runs)
  --seeds K            seeds per configuration (default 3)
  --epochs N           epochs per run (default 10)
  --final-epochs N     epoch cap of the final model: early stopping on the validation metric picks
                       its epochs E, then it is refitted on training + validation rows for E
                       epochs and tested once (default: --converge-epochs)
  --converge-epochs N  epoch cap of augmentation and its control, which stop early on the
                       validation loss (default 4 x epochs)
  --batch-size N       (default 32, Keras)
  --metric NAME        accuracy | loss | mae (default accuracy; loss for regression)
  --strategies LIST    comma-separated subset of ${STRATEGY_NAMES.join(', ')}
  --study-size N       training rows per study run (default: all, or what the time budget allows)
  --no-search          skip the TPE search
  --seed N             seed of the split and of every run (default 1)
  --journal PATH       journal prefix (PATH.arms.jsonl, ...); rerun the same command to resume
  --storage URL        postgresql://... : share the study with other processes (with --study NAME)
  --study NAME         the shared study's name
  --parallelism N      runs at once in worker threads (default 1)
  --report PATH        HTML report (default playbook-report.html)
  --json PATH          JSON result
  --quiet              no progress lines
  -h, --help           this text`;

const OPTIONS = {
  data: { type: 'string' }, model: { type: 'string' }, 'label-column': { type: 'string' }, limit: { type: 'string' }, budget: { type: 'string' },
  seeds: { type: 'string' }, epochs: { type: 'string' }, 'final-epochs': { type: 'string' }, 'converge-epochs': { type: 'string' }, 'batch-size': { type: 'string' },
  metric: { type: 'string' }, strategies: { type: 'string' }, 'study-size': { type: 'string' }, 'no-search': { type: 'boolean' },
  seed: { type: 'string' }, journal: { type: 'string' }, storage: { type: 'string' }, study: { type: 'string' },
  parallelism: { type: 'string' }, report: { type: 'string' }, json: { type: 'string' }, quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

export async function runPlaybookCli(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
    if (a.help) {
      out(HELP);
      return 0;
    }
    if (!a.data) throw new UsageError('--data is required');
    if (a.model !== undefined && a.model !== 'mlp' && a.model !== 'cnn') throw new UsageError(`--model is mlp or cnn, got ${a.model}`);
    if ((a.storage === undefined) !== (a.study === undefined)) throw new UsageError('--storage postgresql://... and --study NAME go together');
  } catch (e) {
    out(`simdnet playbook: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const int = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new UsageError(`${flag} needs an integer, got ${v}`);
    return n;
  };
  let options: PlaybookOptions;
  try {
    options = {
      data: a.data as string, model: a.model as 'mlp' | 'cnn' | undefined, limit: int('--limit', a.limit), labelColumn: a['label-column'], budget: a.budget,
      seeds: int('--seeds', a.seeds), epochs: int('--epochs', a.epochs), finalEpochs: int('--final-epochs', a['final-epochs']), convergeEpochs: int('--converge-epochs', a['converge-epochs']),
      batchSize: int('--batch-size', a['batch-size']), metric: a.metric as MetricName | undefined, studySize: int('--study-size', a['study-size']),
      strategies: a.strategies ? (a.strategies.split(',').map((s) => s.trim()) as StrategyName[]) : undefined,
      search: a['no-search'] ? false : undefined, seed: int('--seed', a.seed), journal: a.journal,
      parallelism: int('--parallelism', a.parallelism), onProgress: a.quiet ? undefined : (l) => out(l),
    };
    if (a.storage) {
      const { PostgresStorage } = await import('../search/postgres/postgres-storage.js');
      const url = a.storage;
      const study = a.study as string;
      options.storage = (phase) => new PostgresStorage(url, { study: `${study}-${phase}` });
    }
  } catch (e) {
    out(`simdnet playbook: ${(e as Error).message}`);
    return 2;
  }
  for (const k of Object.keys(options) as (keyof PlaybookOptions)[]) if (options[k] === undefined) delete options[k];
  let result;
  try {
    result = await playbook(options);
  } catch (e) {
    if (!(e instanceof SimdnetError)) throw e;
    out(`simdnet playbook: ${e.message}`);
    // Bad input is exit 2: a wrong option value, and a --data file that is missing or malformed
    // (ragged CSV rows, a line that is not JSON); anything else is a failed run.
    const badFile = e.code === 'ERR_CORRUPT_DATA' || (e.code === 'ERR_IO' && e.message.includes(`cannot read '${a.data}'`));
    return e.code === 'ERR_INVALID_ARGUMENT' || e.code === 'ERR_INVALID_TYPE' || e.code === 'ERR_SHAPE_MISMATCH' || badFile ? 2 : 1;
  }
  const f = (v: number | null) => (v === null || !Number.isFinite(v) ? '-' : v.toFixed(4));
  out('\n| strategy | setting | baseline | mean | mean diff | 95% CI | verdict | runs |\n|---|---|---|---|---|---|---|---|');
  for (const r of result.arms) out(`| ${r.strategy} | ${r.setting}${r.against === 'control' ? ' (vs control)' : ''} | ${f(r.baseline)} | ${f(r.mean)} | ${f(r.meanDiff)} | [${f(r.ci[0])}, ${f(r.ci[1])}] | ${r.verdict} | ${r.runs} |`);
  const c = result.control;
  if (c) out(`\ncontrol (the baseline up to ${c.config.epochs} epochs, early stopping; stopped after ${c.epochs.join(', ')}): ${f(c.mean)}, ${f(c.meanDiff)} [${f(c.ci[0])}, ${f(c.ci[1])}] against the baseline`);
  const sel = result.final.selection;
  out(`\nfinal model (${result.final.chosenBy}): test ${result.metric} ${f(result.final.testMetric)} on ${result.task.testRows} test samples, trained on ${result.final.samples} (training + validation) for ${sel.bestEpoch} epochs: the best epoch of ${sel.epochsRun} (cap ${sel.cap}) on ${sel.samples} training rows, validation ${f(result.final.valMetric)}`);
  const pace = result.budget.pace ? ` (runs took ${result.budget.pace.factor.toFixed(2)}x the planned time, over ${result.budget.pace.runs} runs)` : '';
  out(`budget used: ${result.budget.runs} runs, ${(result.budget.seconds / 60).toFixed(1)} min${pace}\n`);
  out(configCode(result.final.config, result.task.kind, result.task.inputShape, result.task.head));
  const report = a.report ?? 'playbook-report.html';
  await writeAtomic('simdnet playbook', report, playbookReportHtml(result, `simdnet playbook: ${a.data}`));
  out(`report: ${report}`);
  if (a.json) {
    await writeAtomic('simdnet playbook', a.json, JSON.stringify(playbookJson(result), null, 2) + '\n');
    out(`json: ${a.json}`);
  }
  return 0;
}
