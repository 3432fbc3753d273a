// The MNIST objective behind `simdnet search` seeds its model and fit with trial.seed, which fmin
// derives from the search's --seed and the trial id: before, it used trial.tid + 1, so --seed changed
// the suggestions but never a model's weights or batch order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { objective, type MnistParams } from '../../src/cli/search-mnist.js';
import type { TrialHandle } from '../../src/search/objective.js';

process.env.SIMDNET_SEARCH_PRESET = 'tiny'; // 1,000 training images, 2 epochs: the CLI test's preset too

const params: MnistParams = { units1: 64, dropout1: 0.3, units2: 64, dropout2: 0.3, third: null, batchSize: 64, optimizer: 'adam' };

/** The objective's per-epoch reports and result for trial 0 with the given seed. */
async function runTrial(seed: number): Promise<string> {
  const reports: number[] = [];
  const trial: TrialHandle = { tid: 0, seed, report: (value) => void reports.push(value), shouldPrune: () => false };
  const result = await objective(params, trial);
  return JSON.stringify({ reports, loss: result.loss });
}

test('the same trial id with another trial.seed trains another model; the same seed repeats it', async () => {
  const a = await runTrial(11);
  assert.is(await runTrial(11), a, 'the same seed gives the same validation accuracies');
  const b = await runTrial(12);
  const c = await runTrial(13);
  assert.ok(a !== b && a !== c && b !== c, `three seeds, three outcomes:\n${a}\n${b}\n${c}`);
});

test.run();
