// The training loop of model.fit / model.fitDataset, in Keras 3's order: callbacks get setModel and
// setParams, then onTrainBegin; per epoch onEpochBegin, per batch onBatchBegin/onBatchEnd (with
// the epoch's running mean of loss and metrics, as Keras 3's progress bar shows), validation at the
// end of the epochs validationFreq selects (val_* logs; validation.ts), onEpochEnd, and finally onTrainEnd. `model.stopTraining` (set by
// EarlyStopping, TerminateOnNaN, ...) ends training after the current batch.
// A batch whose loss is NaN or infinite, or whose update would make a weight non-finite, is undone
// (engine.trainBatch, stepGuard.ts): its onBatchEnd still runs (so terminateOnNaN can stop training
// cleanly), and if no callback stopped training, fit throws a NonFiniteError naming the epoch, the
// batch, and the last good step whose weights the model keeps.
// Hooks are awaited only when they return a promise; the per-batch logs object is reused (copy it
// if you keep it), so a step allocates nothing.
import type { Callback, Logs, TrainingParams } from '../callbacks/callback.js';
import type { Engine } from './engine.js';
import type { Sequential } from './sequential.js';
import { History } from '../callbacks/history.js';
import { ProgressBar } from '../callbacks/progressBar.js';
import { loadBatch, type Prepared } from './data.js';
import { ResidentData } from './resident.js';
import { loadDatasetBatch, logKeys, readLogs } from './evaluate.js';
import { runValidation, shouldValidate, type Validation } from './validation.js';
import type { DatasetEpochs } from './datasetEpochs.js';
import { ArrayEpochs, arrayBatchSize } from './arrayEpochs.js';
import { NonFiniteError, SimdnetError, ValidationError } from '../errors.js';
import { Rng } from '../rng.js';

export type Verbose = 0 | 1 | 2;

export interface LoopOptions {
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  verbose: Verbose;
  callbacks: Callback[];
  seed: number;
  classWeight: Record<number, number> | null;
}

/** fit's stepsPerEpoch and the batchSize as given (undefined: Keras derives it; see arrayEpochs.ts). */
export interface ArraySteps {
  stepsPerEpoch: number | null;
  givenBatchSize: number | undefined;
}

type Hook = 'onTrainBegin' | 'onTrainEnd' | 'onEpochBegin' | 'onEpochEnd' | 'onBatchBegin' | 'onBatchEnd';

/**
 * Calls a hook on every callback in order. Returns null when all ran synchronously; when one returns
 * a promise, the rest run after it settles and the returned promise covers them.
 */
function call(cbs: readonly Callback[], hook: Hook, a: number | Logs, b?: Logs, from = 0): Promise<void> | null {
  for (let i = from; i < cbs.length; i++) {
    const f = cbs[i][hook] as ((x: unknown, y?: unknown) => unknown) | undefined;
    if (!f) continue;
    const r = f.call(cbs[i], a, b);
    if (r && typeof (r as Promise<void>).then === 'function') return (r as Promise<void>).then(() => call(cbs, hook, a, b, i + 1) ?? undefined);
  }
  return null;
}

function has(cbs: readonly Callback[], hook: Hook): boolean {
  return cbs.some((c) => typeof c[hook] === 'function');
}

/** Trains one batch already loaded in the plan; null when no hook returned a promise. */
export type RunBatch = (bs: number) => Promise<void> | null;

/** Runs the epochs; `epochBatches` feeds one epoch's batches to `run` (awaiting it only when it returns a promise). */
async function loop(
  model: Sequential,
  engine: Engine,
  o: LoopOptions,
  steps: number | null,
  samples: number | null,
  validation: Validation | null,
  epochBatches: (epoch: number, run: RunBatch) => Promise<void>,
): Promise<History> {
  const history = new History();
  const cbs: Callback[] = [...o.callbacks, history];
  if (o.verbose > 0) cbs.push(new ProgressBar());
  const keys = logKeys(engine);
  const params: TrainingParams = {
    epochs: o.epochs,
    initialEpoch: o.initialEpoch,
    steps,
    batchSize: o.batchSize,
    samples,
    verbose: o.verbose,
    metrics: validation ? [...keys, ...logKeys(engine, 'val_')] : keys,
  };
  for (const c of cbs) {
    c.setModel?.(model);
    c.setParams?.(params);
  }
  model.stopTraining = false;
  engine.seedLayers(new Rng(o.seed));
  const batchHooks = has(cbs, 'onBatchBegin') || has(cbs, 'onBatchEnd');
  const batchLogs: Logs = {};
  let epoch = o.initialEpoch;
  let batchIndex = 0;
  let goodEpoch = -1; // the last step kept (for the error message)
  let goodBatch = -1;
  const check = (loss: number): void => {
    if (engine.undone && !model.stopTraining) throw nonFinite(engine, loss, epoch, batchIndex, goodEpoch, goodBatch);
    if (!engine.undone) {
      goodEpoch = epoch;
      goodBatch = batchIndex;
    }
    batchIndex++;
  };
  const trainAndEnd = (bs: number): Promise<void> | null => {
    alive(engine, epoch, batchIndex); // an async onBatchBegin may have let dispose() run
    const loss = engine.trainBatch(bs);
    const end = batchHooks ? call(cbs, 'onBatchEnd', batchIndex, readLogs(engine, batchLogs, keys)) : null;
    if (end) return end.then(() => check(loss));
    check(loss);
    return null;
  };
  const run: RunBatch = (bs) => {
    const begin = batchHooks ? call(cbs, 'onBatchBegin', batchIndex, batchLogs) : null;
    return begin ? begin.then(() => trainAndEnd(bs) ?? undefined) : trainAndEnd(bs);
  };
  await call(cbs, 'onTrainBegin', {});
  for (; epoch < o.epochs; epoch++) {
    await call(cbs, 'onEpochBegin', epoch, {});
    engine.metrics.reset();
    batchIndex = 0;
    await epochBatches(epoch, run);
    const logs = readLogs(engine, {}, keys);
    if (validation && !model.stopTraining && shouldValidate(epoch, validation.freq)) {
      for (const [k, v] of Object.entries(await runValidation(engine, validation))) logs['val_' + k] = v;
    }
    await call(cbs, 'onEpochEnd', epoch, logs);
    if (model.stopTraining) break;
  }
  await call(cbs, 'onTrainEnd', {});
  return history;
}

/**
 * dispose() while fit awaits a callback or the next dataset batch frees the memory the next batch
 * would use: checked before every batch (a boolean), so it is a typed ERR_DISPOSED, not a TypeError.
 */
export function alive(engine: Engine, epoch: number, batch: number): void {
  if (engine.isDisposed) throw new SimdnetError('ERR_DISPOSED', 'fit', `the model was disposed during training (before epoch ${epoch + 1}, batch ${batch}); training stopped`);
}

/** The error for an undone step, saying what the model kept (epochs and batches 1-based and 0-based as Keras logs them). */
function nonFinite(engine: Engine, loss: number, epoch: number, batch: number, goodEpoch: number, goodBatch: number): NonFiniteError {
  const kept = goodEpoch < 0 ? 'as at the start of this fit (no step of it was kept)' : `as after epoch ${goodEpoch + 1}, batch ${goodBatch}, the last good step`;
  const what =
    engine.undone === 'loss'
      ? `the loss became ${loss} at epoch ${epoch + 1}, batch ${batch}`
      : `the update of epoch ${epoch + 1}, batch ${batch} (loss ${loss}) would have made ${engine.undoneWeights} of ${engine.layout.trainableCount + engine.layout.nonTrainableCount} weights non-finite`;
  return new NonFiniteError('fit', `${what}; that step was undone: weights, moving statistics and optimizer state are ${kept}. Try a lower learning rate, gradient clipping (clipnorm), or check the data for NaN/Inf`);
}

/** fit on in-memory arrays: seeded shuffling of sample indices per pass, batches gathered by index (passes per epoch: arrayEpochs.ts). */
export async function fitArrays(model: Sequential, engine: Engine, data: Prepared, shuffle: boolean, o: LoopOptions & ArraySteps, validation: Validation | null): Promise<History> {
  const bs = arrayBatchSize(data.n, o.givenBatchSize, o.stepsPerEpoch);
  engine.ensurePlan(Math.min(bs, data.n));
  const feed = new ArrayEpochs(data.n, bs, o.stepsPerEpoch, shuffle, new Rng((o.seed ^ 0x5bd1e995) >>> 0));
  // Small data is gathered in wasm (resident.ts); the bytes of every batch are the same either way.
  const resident = ResidentData.create(engine, data, Math.min(bs, data.n));
  try {
    return await loop(model, engine, { ...o, batchSize: bs }, feed.steps, data.n, validation, async (epoch, run) => {
      feed.beginEpoch();
      // Validation may have pointed lossWeights elsewhere: reset per epoch.
      engine.lossWeights = data.w ? engine.plan!.weights : 0;
      for (let ran = 0, start; !model.stopTraining && (start = feed.next(ran)) >= 0; ran++) {
        const n = Math.min(bs, data.n - start);
        alive(engine, epoch, ran);
        if (resident) resident.load(feed.idx, start, n);
        else loadBatch(engine, data, feed.idx, start, n);
        const pending = run(n);
        if (pending) await pending;
      }
    });
  } finally {
    resident?.free(); // also after dispose() during the fit: the engine does not own these blocks
  }
}

/** fitDataset: batches per epoch as datasetEpochs.ts describes (all of a fresh pass, or stepsPerEpoch); the caller closes `feed`. */
export function fitDatasetLoop(model: Sequential, engine: Engine, feed: DatasetEpochs, o: LoopOptions, validation: Validation | null, stepsPerEpoch: number | null): Promise<History> {
  return loop(model, engine, o, stepsPerEpoch, null, validation, async (epoch, run) => {
    feed.beginEpoch();
    let ran = 0;
    for (let batch; !model.stopTraining && (batch = await feed.next(ran)); ) {
      alive(engine, epoch, ran);
      const n = loadDatasetBatch(engine, batch, 'fitDataset', o.classWeight);
      ran++;
      const pending = run(n);
      if (pending) await pending;
    }
    if (!ran && !model.stopTraining) {
      throw new ValidationError('fitDataset', 'dataset', `an iterable that yields batches every epoch (epoch ${epoch + 1} got none: a one-shot iterator?)`, 'no batches');
    }
  });
}
