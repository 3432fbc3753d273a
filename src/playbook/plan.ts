// Budget planning. A runs budget is spent as: k baseline runs, one run per arm (the first rung of
// successive halving), k - 1 more seeds for the arms that survive it, TPE trials with what is left,
// and one final run. A wall-clock budget is first turned into an estimate of seconds per run by
// timing one short epoch (not journaled: nothing is written before the budget is known to
// suffice), which also decides how many training rows the study's runs use (the final model
// always trains on the whole training part).
// The estimate is then corrected as the study goes (Pace): each run finished in this process adds
// its measured seconds and the seconds the calibration planned for it, and their ratio scales
// every later estimate: the final model's reserve and whether the next run still fits. On a shared
// machine whose load rises after the calibration (2026-12-03, load 9: a planned 16.7 s run took
// about 60 s) the plan then stops starting runs that would eat the final model's time. The study's
// row count is not re-planned: every arm must train on the baseline's rows to be paired with it.
import { sliceRows } from '../data/toTensor.js';
import { EVAL_BATCH, makeOptimizer, type RunConfig } from './config.js';
import { buildModel } from './models.js';
import type { Task } from './task.js';

export interface Cost {
  /** Seconds per training row per epoch, and per validation row per epoch (evaluation). */
  perRow: number;
  perValRow: number;
  /** Seconds per run spent outside the epochs (building, compiling). */
  overhead: number;
}

/** Times one epoch on up to 1,024 rows of the baseline (and one evaluation of the validation part). */
export async function calibrate(task: Task, base: RunConfig): Promise<Cost> {
  const rows = Math.min(task.train.x.shape[0], 1024);
  const t0 = performance.now();
  const model = buildModel(base, task.kind, task.inputShape, task.head, 1);
  try {
    model.compile({ optimizer: makeOptimizer(base, Math.ceil(rows / base.batchSize)), loss: task.regression ? 'meanSquaredError' : 'sparseCategoricalCrossentropy' });
    const t1 = performance.now();
    await model.fit(sliceRows(task.train.x, 0, rows), sliceRows(task.train.y, 0, rows), { epochs: 1, batchSize: base.batchSize, verbose: 0, seed: 1 });
    const t2 = performance.now();
    const nv = Math.min(task.val.x.shape[0], 2048);
    model.evaluate(sliceRows(task.val.x, 0, nv), sliceRows(task.val.y, 0, nv), { batchSize: EVAL_BATCH });
    const t3 = performance.now();
    return { perRow: (t2 - t1) / 1000 / rows, perValRow: (t3 - t2) / 1000 / nv, overhead: (t1 - t0) / 1000 };
  } finally {
    model.dispose();
  }
}

/** Planned seconds of one run: building, `epochs` epochs with their validation pass, and the closing evaluation. */
export function runSeconds(cost: Cost, rows: number, valRows: number, epochs: number): number {
  return cost.overhead + epochs * (rows * cost.perRow + valRows * cost.perValRow) + valRows * cost.perValRow;
}

/** Measured against planned run time, over the runs finished in this process. */
export class Pace {
  private planned = 0;
  private measured = 0;
  runs = 0;

  constructor(readonly cost: Cost, readonly valRows: number) {}

  /** A finished run: its training samples, the epochs it ran (early stopping ends some sooner), its
   *  seconds, the test rows it evaluated (the final model's one pass over the test part), and the
   *  validation rows each epoch evaluated (0 for the refit). */
  record(samples: number, epochs: number, seconds: number, testRows = 0, valRows = this.valRows): void {
    if (!(seconds > 0) || !(epochs > 0)) return;
    this.planned += runSeconds(this.cost, samples, valRows, epochs) + testRows * this.cost.perValRow;
    this.measured += seconds;
    this.runs++;
  }

  /** How much slower (> 1) or faster (< 1) runs are than planned; 1 before any run finished. */
  get factor(): number {
    return this.runs > 0 && this.planned > 0 ? this.measured / this.planned : 1;
  }

  /** The re-estimated seconds of a run on `rows` training rows for `epochs` epochs (and `testRows`
   *  evaluated; `valRows` 0 for the final model's refit, which has no validation part). */
  estimate(rows: number, epochs: number, testRows = 0, valRows = this.valRows): number {
    return (runSeconds(this.cost, rows, valRows, epochs) + testRows * this.cost.perValRow) * this.factor;
  }
}

/**
 * The most training rows per study run such that `units` runs (a run at fraction f counts f) fit
 * in `seconds`; at least `min` rows, at most `max`.
 */
export function studyRows(cost: Cost, seconds: number, units: number, valRows: number, epochs: number, min: number, max: number): number {
  const perRun = seconds / Math.max(units, 1) - cost.overhead - epochs * valRows * cost.perValRow;
  const rows = Math.floor(perRun / (epochs * cost.perRow));
  return Math.max(min, Math.min(max, rows));
}
