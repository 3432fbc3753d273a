// Loss and metrics in inference mode over in-memory data or a dataset (model.evaluate,
// model.evaluateDataset, and fit's validation), plus the helpers fit shares with them: reading the
// engine's running means into logs, and loading a dataset batch into the plan.
import type { Logs } from '../callbacks/callback.js';
import type { Batch, Dataset } from '../data/batch.js';
import type { Engine } from './engine.js';
import { loadBatch, prepare, type Prepared } from './data.js';
import { toWeightTensor } from './sampleWeight.js';
import { ValidationError } from '../errors.js';

/** Writes the engine's running means into `logs` under `keys` (['loss', metric names...], maybe 'val_'-prefixed). */
export function readLogs(engine: Engine, logs: Logs, keys: readonly string[]): Logs {
  const { sums, counts } = engine.metrics;
  // 0 for a zero denominator (only a weighted metric whose weights are all 0), as Keras's divide_no_nan.
  for (let i = 0; i < keys.length; i++) logs[keys[i]] = counts[i] === 0 ? 0 : sums[i] / counts[i];
  return logs;
}

export function logKeys(engine: Engine, prefix = ''): string[] {
  return ['loss', ...engine.binding!.metrics.map((m) => m.name)].map((k) => prefix + k);
}

/** Evaluates `data` in batches of `batchSize`, in `idx` order; `steps` (Keras evaluate's steps) stops after that many batches. */
export function evaluatePrepared(engine: Engine, data: Prepared, batchSize: number, idx: Int32Array, steps: number | null = null): Logs {
  const n = steps === null ? data.n : Math.min(data.n, steps * batchSize);
  engine.ensurePlan(Math.min(batchSize, n));
  engine.metrics.reset();
  engine.lossWeights = data.w ? engine.plan!.weights : 0;
  for (let start = 0; start < n; start += batchSize) {
    const bs = Math.min(batchSize, n - start);
    loadBatch(engine, data, idx, start, bs);
    engine.testBatch(bs);
  }
  return readLogs(engine, {}, logKeys(engine));
}

/** Evaluates a dataset's batches (the first `steps` of them when given, iterated afresh each call). */
export async function evaluateDataset(engine: Engine, dataset: Dataset, classWeight: Record<number, number> | null, steps: number | null = null): Promise<Logs> {
  engine.metrics.reset();
  let batches = 0;
  for await (const batch of dataset as AsyncIterable<Batch>) {
    const bs = loadDatasetBatch(engine, batch, 'evaluateDataset', classWeight);
    engine.testBatch(bs);
    if (++batches === steps) break;
  }
  if (!batches) throw new ValidationError('evaluateDataset', 'dataset', 'a dataset that yields at least one batch', 'no batches');
  return readLogs(engine, {}, logKeys(engine));
}

const identity = new Map<number, Int32Array>();
/** 0, 1, ..., n-1 (cached: dataset batches and evaluation load rows in order). */
export function iota(n: number): Int32Array {
  let a = identity.get(n);
  if (!a) {
    a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    if (identity.size > 16) identity.clear();
    identity.set(n, a);
  }
  return a;
}

/** Checks a dataset batch (and its sampleWeight, if any) and copies it into the plan (grown if the batch is larger); returns its size. */
export function loadDatasetBatch(engine: Engine, batch: Batch, fn: string, classWeight: Record<number, number> | null): number {
  const sw = batch.sampleWeight === undefined || batch.sampleWeight === null ? null : { arg: 'batch.sampleWeight', value: toWeightTensor(fn, 'batch.sampleWeight', batch.sampleWeight) };
  const data = prepare(fn, engine, batch.xs, batch.ys, classWeight, sw);
  engine.ensurePlan(data.n);
  engine.lossWeights = data.w ? engine.plan!.weights : 0;
  loadBatch(engine, data, iota(data.n), 0, data.n);
  return data.n;
}
