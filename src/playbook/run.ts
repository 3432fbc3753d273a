// One training run of a playbook: a configuration, a seed index and a slice of the training part,
// measured on the fixed validation part (and, for the final model only, on the test part).
// Seed index s gives the same initialisation, shuffling and dropout/augmentation streams to every
// arm, so the arms' runs pair with the baseline's run of the same s (stats.ts).
import { NonFiniteError } from '../errors.js';
import { sliceRows } from '../data/toTensor.js';
import type { Tensor } from '../tensor.js';
import type { TrialHandle } from '../search/objective.js';
import { pruningCallback } from '../search/pruning-callback.js';
import { trialSeed } from '../search/fmin.js';
import { earlyStopping } from '../callbacks/earlyStopping.js';
import { EDA_COPIES, EVAL_BATCH, PATIENCE, callbacksFor, makeOptimizer, type RunConfig } from './config.js';
import { buildModel } from './models.js';
import { concatParts, type Part, type Task } from './task.js';
import { nodeOnlyModule } from '../../bindings/nodeImport.js';

/** The metric a playbook compares arms on. */
export type MetricName = 'accuracy' | 'loss' | 'mae';

export interface RunSpec {
  /** The arm's id ('baseline', 'l2=0.001', 'search', 'final'). */
  arm: string;
  /** Seed index, 1-based. */
  seed: number;
  config: RunConfig;
  /** Training rows used at fraction 1 (the study's size; the final model uses all). */
  rows: number;
  /** Evaluate on the test part (the final model only). */
  test: boolean;
  /** The final model's two trainings (final.ts): 'select' trains on the training part with early
   *  stopping on the validation metric (best weights restored) to find the epochs; 'refit' trains
   *  on the training and validation parts together for those epochs, without validation. */
  final?: 'select' | 'refit';
}

export interface RunOutcome {
  /** The metric on the validation part after training (best weights restored by early stopping);
   *  a 'refit' run, which trained on the validation part, gives its test metric. */
  metric: number;
  /** The validation metric after each epoch (the learning curve; empty for a 'refit' run). */
  curve: number[];
  /** The training loss after each epoch. */
  trainLoss: number[];
  epochs: number;
  seconds: number;
  /** Training samples used. */
  samples: number;
  /** True when the loss became NaN or infinite and training stopped there. */
  diverged: boolean;
  testMetric: number | null;
}

export const higherIsBetter = (m: MetricName) => m === 'accuracy';

/** The seed of the model and of fit for seed index s of a playbook seeded with `seed`. */
export function runSeed(seed: number, s: number): number {
  return trialSeed(seed, s);
}

const edaCache = new Map<string, Part>();

/** The first n training rows; for text with augmentation, those texts plus EDA copies, vectorized. */
async function trainingRows(task: Task, n: number, augment: boolean, seed: number): Promise<Part> {
  if (!(augment && task.kind === 'text' && task.text)) return { x: sliceRows(task.train.x, 0, n), y: sliceRows(task.train.y, 0, n) };
  const key = `${n}:${seed}`;
  let part = edaCache.get(key);
  if (!part) {
    const t = task.text;
    // On demand: EDA reads WordNet through node:fs, and src/index.js must load in browsers.
    const { augmentTexts } = await nodeOnlyModule<typeof import('../augment/text/augmentTexts.js')>('../augment/text/augmentTexts.js', import.meta.url);
    const aug = augmentTexts(t.texts.slice(0, n), t.labels.slice(0, n), { numAug: EDA_COPIES, seed });
    part = { x: t.vectorizer.vectorize(aug.texts) as Tensor<Float32Array>, y: { data: Int32Array.from(aug.labels), shape: [aug.labels.length] } };
    if (edaCache.size > 8) edaCache.clear();
    edaCache.set(key, part);
  }
  return part;
}

/** Mean cross-entropy (probabilities clipped to [1e-7, 1], Keras's epsilon) or mean squared error. */
export function dataLoss(pred: Tensor<Float32Array>, y: Tensor, regression: boolean): number {
  const n = pred.shape[0];
  const k = pred.data.length / Math.max(n, 1);
  let sum = 0;
  if (regression) {
    for (let i = 0; i < pred.data.length; i++) sum += (pred.data[i] - y.data[i]) ** 2;
    return sum / Math.max(pred.data.length, 1);
  }
  for (let i = 0; i < n; i++) sum -= Math.log(Math.min(1, Math.max(1e-7, pred.data[i * k + y.data[i]])));
  return sum / Math.max(n, 1);
}

export async function trainRun(task: Task, spec: RunSpec, metric: MetricName, playbookSeed: number, trial?: TrialHandle): Promise<RunOutcome> {
  const t0 = performance.now();
  const c = spec.config;
  const seed = runSeed(playbookSeed, spec.seed);
  const rows = Math.min(spec.rows, task.train.x.shape[0]);
  const n = Math.max(1, Math.floor(rows * c.fraction));
  const refit = spec.final === 'refit';
  const rowsOf = await trainingRows(task, n, c.augment !== false, seed);
  // The refit adds the validation rows (for text with EDA: un-augmented, their texts are not kept).
  const data = refit ? concatParts(rowsOf, task.val) : rowsOf;
  const model = buildModel(c, task.kind, task.inputShape, task.head, seed);
  try {
    const steps = Math.ceil(data.x.shape[0] / c.batchSize);
    const loss = task.regression ? 'meanSquaredError' : 'sparseCategoricalCrossentropy';
    model.compile({ optimizer: makeOptimizer(c, steps), loss, metrics: [task.regression ? 'mae' : 'accuracy'] });
    const monitor = `val_${metric}`;
    const pruning = trial ? pruningCallback(trial, { monitor, mode: higherIsBetter(metric) ? 'max' : 'min' }) : null;
    const curve: number[] = [];
    const trainLoss: number[] = [];
    const record = { onEpochEnd: (_e: number, logs: Record<string, number>) => void (refit || curve.push(logs[monitor]), trainLoss.push(logs.loss)) };
    // The final model's selection run stops on the study's own metric, not val_loss: on MNIST the
    // MLP's validation loss is lowest a few epochs before its accuracy is highest (the converge
    // control of the 30m study: 0.9494 restored at val_loss's best vs 0.9537 at epoch 10).
    const stop = spec.final === 'select'
      ? [earlyStopping({ monitor, mode: higherIsBetter(metric) ? 'max' : 'min', patience: Math.max(PATIENCE, Math.round(c.epochs / 4)), restoreBestWeights: true })]
      : refit ? [] : callbacksFor(c);
    let diverged = false;
    try {
      await model.fit(data.x, data.y, {
        epochs: c.epochs, batchSize: c.batchSize, seed, verbose: 0,
        ...(refit ? {} : { validationData: [task.val.x, task.val.y] as [Tensor, Tensor], validationBatchSize: EVAL_BATCH }),
        callbacks: [...stop, record, ...(pruning ? [pruning] : [])],
      });
    } catch (err) {
      // A diverged run is a measured outcome (the weights are the last finite ones), not a failure.
      if (!(err instanceof NonFiniteError)) throw err;
      diverged = true;
    }
    pruning?.throwIfPruned();
    const evalMetric = (p: Part) => {
      // 'loss' from the predictions: evaluate's loss includes the L1/L2 penalties (as Keras's), which
      // would charge the regularised arms for their own penalty.
      const v = metric === 'loss' ? dataLoss(model.predict(p.x, { batchSize: EVAL_BATCH }), p.y, task.regression) : model.evaluate(p.x, p.y, { batchSize: EVAL_BATCH })[metric];
      return Number.isFinite(v) ? v : higherIsBetter(metric) ? 0 : Number.MAX_VALUE;
    };
    const testMetric = spec.test && task.test ? evalMetric(task.test) : null;
    // A refit trained on the validation rows: reading them again would measure nothing.
    const value = refit ? testMetric ?? NaN : evalMetric(task.val);
    return { metric: value, curve, trainLoss, epochs: trainLoss.length, seconds: (performance.now() - t0) / 1000, samples: data.x.shape[0], diverged, testMetric };
  } finally {
    model.dispose();
  }
}
