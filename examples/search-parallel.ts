// A parallel, pruned, resumable search: TPE over learning rate and momentum of a gradient-descent
// objective (examples/search-objective.ts) run in worker threads, successive-halving pruning on the
// reported losses, and a journal file: interrupt it (Ctrl-C or kill -9) and run it again to resume.
// Run: npm run build && node dist/examples/search-parallel.js [parallelism]
import { fileURLToPath } from 'node:url';
import { fmin, hp, JournalStorage, Trials, successiveHalvingPruner, resultsTable } from '../src/index.js';

const parallelism = Number(process.argv[2] ?? 2);
const started = Date.now();
const { best, bestLoss, trials } = await fmin({
  fn: { module: fileURLToPath(new URL('./search-objective.js', import.meta.url)), export: 'descend' },
  space: { lr: hp.loguniform('lr', Math.log(1e-4), Math.log(1)), momentum: hp.uniform('momentum', 0, 0.99), steps: 90 },
  algo: 'tpe',
  maxEvals: 60,
  seed: 7,
  parallelism,
  pruner: successiveHalvingPruner({ minResource: 10, reductionFactor: 3 }),
  trials: new Trials(new JournalStorage('search-parallel.jsonl')),
  onTrial: (t, all) => console.log(`trial ${all.finished}/60: ${t.status} ${t.loss ?? t.error}`),
});
console.log(resultsTable(trials, 5));
console.log(`best ${JSON.stringify(best)} loss ${bestLoss} in ${((Date.now() - started) / 1000).toFixed(1)} s with parallelism ${parallelism}`);
