// A seeded search is repeatable bit for bit (issue 18 item 8): gridSearch / randomSearch with `seed`
// over models built without any seed (random initialisation that compile already drew, dropout,
// shuffled batches, a validationSplit, shuffled folds) give the same fold scores, the same best and
// the same refitted model twice; fmin (TPE) with CV through trial.seed likewise. Before, the seed
// reached the folds and the sampling but neither fit nor the weights compile had built.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { adam, dense, dropout, sequential, tensor, type Callback, type Sequential, type TrainingModel } from '../../src/index.js';
import { gridSearch, randomSearch, type BuildContext, type SearchCvResult } from '../../src/search/search-cv.js';
import { fmin } from '../../src/search/fmin.js';
import { tpe } from '../../src/search/tpe.js';
import { hp } from '../../src/search/space.js';
import { fitSeed, objectiveSeed } from '../../src/search/cv-seeds.js';
import { fileURLToPath } from 'node:url';

const n = 60;
const x = tensor(new Float32Array(n * 4).map((_, i) => Math.sin(i * 1.7) + 0.1 * (i % 5)), [n, 4]);
const y = tensor(new Float32Array(n).map((_, i) => Math.cos(i * 0.3) + x.data[i * 4] * 0.5), [n, 1]);

interface P {
  units: number;
  rate: number;
}
/** No seed anywhere: initialisation (drawn by compile: inputShape), dropout and shuffling are random unless the search seeds them. */
const build = (p: P) => {
  const m = sequential({ layers: [dense({ units: p.units, activation: 'relu', inputShape: [4] }), dropout({ rate: p.rate }), dense({ units: 1 })] });
  m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
  return m;
};
/** The same without an inputShape: built by the first fit. */
const buildLazy = (p: P) => {
  const m = sequential({ layers: [dense({ units: p.units, activation: 'relu' }), dropout({ rate: p.rate }), dense({ units: 1 })] });
  m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
  return m;
};
const fitOptions = () => ({ epochs: 3, batchSize: 16, verbose: 0, validationSplit: 0.25 });
const paramGrid = { units: [4, 8], rate: [0.2, 0.4] };
const grid = (seed: number | undefined, buildModel = build) => gridSearch({ buildModel, paramGrid, x, y, cv: 3, shuffle: true, seed, fitOptions });

/** Everything a search reports, as plain data (fit and score times excepted: they are clocks). */
function outcome<Q>(r: SearchCvResult<Q>) {
  const { params, splitTestScores, meanTestScore, stdTestScore, rankTestScore, errors } = r.cvResults;
  return { params, splitTestScores, meanTestScore, stdTestScore, rankTestScore, errors, bestIndex: r.bestIndex, bestParams: r.bestParams, bestScore: r.bestScore, scoring: r.scoring, seed: r.seed };
}

function refitOutputs(r: SearchCvResult<P>): number[] {
  const m = r.bestModel as Sequential;
  const out = Array.from(m.predict(x).data);
  m.dispose();
  return out;
}

test('gridSearch with a seed: the same fold scores, best and refitted model, run after run', async () => {
  await ready();
  const a = await grid(11);
  const b = await grid(11);
  assert.ok(a.cvResults.splitTestScores.flat().every(Number.isFinite), 'every fit trained');
  assert.equal(outcome(b), outcome(a), 'the whole search, bit for bit');
  assert.equal(refitOutputs(b), refitOutputs(a), 'the refitted model');
  const c = await grid(12);
  assert.not.equal(c.cvResults.splitTestScores, a.cvResults.splitTestScores, 'another seed, other fits: the seed is what decides');
  refitOutputs(c);
});

test('gridSearch with a seed over models built by their first fit is repeatable too', async () => {
  const a = await grid(5, buildLazy);
  const b = await grid(5, buildLazy);
  assert.equal(outcome(b), outcome(a));
  assert.equal(refitOutputs(b), refitOutputs(a));
});

test('randomSearch with a seed is repeatable bit for bit; without, it draws a seed and reports it', async () => {
  const run = (seed?: number) =>
    randomSearch({ buildModel: build, paramDistributions: { units: hp.choice('units', [3, 5, 9]), rate: hp.uniform('rate', 0, 0.5) }, nIter: 3, x, y, cv: 3, seed, fitOptions, refit: false });
  const a = await run(4);
  const b = await run(4);
  assert.equal(outcome(b), outcome(a));
  assert.is(a.seed, 4);
  const drawn = await run();
  const other = await run();
  assert.ok(Number.isInteger(drawn.seed) && drawn.seed >= 0 && drawn.seed < 2 ** 32, `drawn seed ${drawn.seed}`);
  assert.not.equal(other.cvResults.params, drawn.cvResults.params, "without a seed, each call samples afresh (sklearn's random_state=None)");
  assert.equal(outcome(await run(drawn.seed)), outcome(drawn), 'the reported seed repeats the unseeded search');
});

test('fmin (TPE past its startup trials) with a CV objective seeded by trial.seed is repeatable bit for bit', async () => {
  const run = () =>
    fmin({
      fn: async (p: P, trial) => {
        const r = await gridSearch({ buildModel: build, paramGrid: { units: [p.units], rate: [p.rate] }, x, y, cv: 3, seed: trial.seed, fitOptions, refit: false });
        return -r.bestScore;
      },
      space: { units: hp.choice('units', [3, 6]), rate: hp.uniform('rate', 0, 0.5) },
      algo: tpe({ nStartupJobs: 2 }),
      maxEvals: 5,
      seed: 21,
    });
  const a = await run();
  const b = await run();
  assert.equal(b.trials.trials.map((t) => [t.vals, t.loss]), a.trials.trials.map((t) => [t.vals, t.loss]));
  assert.ok(a.trials.trials.every((t) => Number.isFinite(t.loss)));
  assert.equal(b.best, a.best);
});

test('how the seeds are derived: one per candidate and fold, the refit as fold cv; fit and model seeds of the user win', async () => {
  const contexts: BuildContext[] = [];
  const fitSeeds: unknown[] = [];
  const modelSeeds: number[] = [];
  const r = await gridSearch({
    buildModel: (p: P, ctx) => {
      contexts.push(ctx);
      const m = build(p);
      return { loss: m.loss, fit: (a, b, o) => (fitSeeds.push(o.seed), modelSeeds.push(m.seed), m.fit(a, b, o)), predict: (a) => m.predict(a), dispose: () => m.dispose() };
    },
    paramGrid: { units: [4, 8], rate: [0.1] },
    x,
    y,
    cv: 3,
    seed: 5,
    fitOptions,
  });
  // Candidate 0 on folds 0-2 (fold 0: the model the parameter probe built), candidate 1 on folds 0-2, the refit.
  const fits = [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [r.bestIndex, 3]];
  assert.equal(contexts.map((c) => [c.candidate, c.fold]), fits);
  assert.equal(contexts.map((c) => c.seed), fits.map(([c, f]) => fitSeed(5, c, f)));
  assert.equal(fitSeeds, contexts.map((c) => c.seed), 'fit gets its seed');
  assert.is(new Set(fitSeeds).size, fitSeeds.length, 'every fit its own seed');
  // The wrapper hides the model from the search (no SEARCH_SEED), so these kept their random seeds.
  assert.not.ok(modelSeeds.some((s) => fitSeeds.includes(s)));
  (r.bestModel as { dispose(): void }).dispose();

  const kept: unknown[] = [];
  await gridSearch({
    buildModel: (p: P) => {
      const m = build(p);
      return { loss: m.loss, fit: (a, b, o) => (kept.push(o.seed), m.fit(a, b, o)), predict: (a) => m.predict(a), dispose: () => m.dispose() };
    },
    paramGrid: { units: [4], rate: [0.1] },
    x,
    y,
    cv: 2,
    seed: 5,
    refit: false,
    fitOptions: () => ({ ...fitOptions(), seed: 77 }),
  });
  assert.equal(kept, [77, 77], "fitOptions' own seed is kept");

  // Returned as they are (the search sees SEARCH_SEED): a model with its own seed is not re-seeded.
  const atStart: Float32Array[][] = [];
  let current: TrainingModel | null = null;
  const watch: Callback = { setModel: (m) => void (current = m), onTrainBegin: () => void atStart.push(current!.getWeights()) };
  await gridSearch({
    buildModel: (p: P) => {
      const m = sequential({ seed: 9, layers: [dense({ units: p.units, activation: 'relu', inputShape: [4] }), dense({ units: 1 })] });
      m.compile({ optimizer: adam(), loss: 'meanSquaredError' });
      return m;
    },
    paramGrid: { units: [4, 6] },
    x,
    y,
    cv: 2,
    seed: 5,
    refit: false,
    fitOptions: () => ({ ...fitOptions(), callbacks: [watch] }),
  });
  assert.is(atStart.length, 4);
  const own = (units: number) => sequential({ seed: 9, layers: [dense({ units, activation: 'relu', inputShape: [4] }), dense({ units: 1 })] });
  const expected = [4, 4, 6, 6].map((u) => {
    const m = own(u);
    m.build();
    const w = m.getWeights();
    m.dispose();
    return w;
  });
  assert.ok(atStart.every((w, f) => w.every((t, i) => t.every((v, j) => Object.is(v, expected[f][i][j])))), "a model's own seed is kept: each fit starts from sequential({ seed: 9 })'s weights");
});

test('trial.seed is a function of the fmin seed and the tid only: the same in worker threads and at any parallelism', async () => {
  const module = fileURLToPath(new URL('./objectives.js', import.meta.url));
  const space = { x: hp.uniform('x', 0, 1) };
  const inThread = await fmin({ fn: (p: { x: number }, trial) => ({ loss: p.x, trialSeed: trial.seed }), space, algo: 'random', maxEvals: 6, seed: 3 });
  const workers = await fmin({ fn: { module, export: 'seeded' }, space, algo: 'random', maxEvals: 6, parallelism: 2, seed: 3 });
  const byTid = (r: typeof inThread) => [...r.trials.trials].sort((a, b) => a.tid - b.tid).map((t) => [t.tid, t.vals, t.loss, t.result.trialSeed]);
  assert.equal(byTid(workers), byTid(inThread), "random search's points and seeds depend on the tid alone");
  assert.equal(byTid(inThread).map((t) => t[3]), [0, 1, 2, 3, 4, 5].map((tid) => objectiveSeed(3, tid)));
});

test.run();
