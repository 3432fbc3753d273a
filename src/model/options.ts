// The options of sequential(), compile(), fit() and fitDataset(), with their defaults, and the
// validation of fit's options (typed errors naming fn and arg) before anything runs. Data-dependent
// checks (shapes of x, y, sampleWeight, validationData) follow in data.ts and sampleWeight.ts.
import type { Layer } from '../layers/layer.js';
import type { Callback } from '../callbacks/callback.js';
import type { Dataset } from '../data/batch.js';
import type { Loss, LossIdentifier } from '../losses/loss.js';
import type { Optimizer, OptimizerIdentifier } from '../optimizers/optimizer.js';
import type { MetricIdentifier } from '../metrics/metric.js';
import type { Verbose } from './fit.js';
import { randomSeed } from '../rng.js';
import { ValidationError } from '../errors.js';
import { checkBool, checkInt, checkKeys, checkNumber } from '../validate.js';
import { validationSchedule } from './validation.js';

/** Options of `sequential`: the layers, a name and the seed of the weight initialisation. */
export interface SequentialOptions {
  layers?: Layer[];
  name?: string;
  /** Seed of weight initialisation (layers whose initializers have no seed of their own). Default: random. */
  seed?: number;
}

/** Options of `model.compile`: optimizer, loss, metrics (Keras 3 names and defaults). */
export interface CompileOptions {
  /** Default 'rmsprop' (Keras). */
  optimizer?: OptimizerIdentifier | Optimizer;
  loss: LossIdentifier | Loss;
  /** Default []. */
  metrics?: MetricIdentifier[];
  /** Metrics weighted by sampleWeight / classWeight: sum(w * value) / sum(w) (Keras weighted_metrics). Default []. */
  weightedMetrics?: MetricIdentifier[];
}

/** Options of `model.fit(x, y, options)` on tensors (Keras 3 names and defaults). */
export interface FitOptions {
  /** Default 32. */
  batchSize?: number;
  /** Default 1. */
  epochs?: number;
  /** Reshuffle the samples every epoch (seeded). Default true. */
  shuffle?: boolean;
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. Default 0. */
  validationSplit?: number;
  /** [x, y] or [x, y, sampleWeight] evaluated at the end of every epoch (val_* logs); overrides validationSplit. */
  validationData?: [unknown, unknown] | [unknown, unknown, unknown];
  /** Validation batch size. Default: batchSize. */
  validationBatchSize?: number;
  /** Validate every N epochs, or at the listed 1-based epochs. Default 1. */
  validationFreq?: number | number[];
  /** At most this many validation batches per validation. Default: all. */
  validationSteps?: number;
  /** Loss weight per sample ([n]) or per loss row ([n, ...outputShape without its last axis]); times classWeight. */
  sampleWeight?: unknown;
  callbacks?: Callback[];
  /** Epoch to start at (resuming). Default 0. */
  initialEpoch?: number;
  /** Loss weight per class index (Keras class_weight). */
  classWeight?: Record<number, number>;
  /** 0 silent, 1 progress bar, 2 one line per epoch. Default 1. */
  verbose?: Verbose;
  /** Seed of shuffling and of dropout/noise masks. Default: random. */
  seed?: number;
  /** Batches per epoch; passes over the data then span epochs (Keras 3; see arrayEpochs.ts). With it, batchSize defaults to ceil(n / stepsPerEpoch). Default: one pass. */
  stepsPerEpoch?: number;
  /** Check x, y and validation arrays for NaN/Inf before training (one pass; a ValidationError names the sample; memory found finite by an earlier fit or evaluate is not checked again). Default true; false skips it. */
  checkFinite?: boolean;
}

/** Options of `model.fit(dataset, options)` on batches from a Dataset (Keras 3 names and defaults). */
export interface FitDatasetOptions {
  epochs?: number;
  initialEpoch?: number;
  callbacks?: Callback[];
  classWeight?: Record<number, number>;
  verbose?: Verbose;
  seed?: number;
  /** A dataset, [x, y] or [x, y, sampleWeight] evaluated at the end of every epoch. */
  validationData?: Dataset | [unknown, unknown] | [unknown, unknown, unknown];
  /** Batch size for array validationData (not for a dataset). Default 32. */
  validationBatchSize?: number;
  /** Validate every N epochs, or at the listed 1-based epochs. Default 1. */
  validationFreq?: number | number[];
  /** At most this many validation batches per validation. Default: all. */
  validationSteps?: number;
  /** Batches per epoch; the dataset's iterator then persists across epochs (Keras). Default: one full pass. */
  stepsPerEpoch?: number;
  /** Check array validationData for NaN/Inf up front (dataset batches are not checked). Default true. */
  checkFinite?: boolean;
}

const FIT_KEYS = ['batchSize', 'epochs', 'shuffle', 'validationSplit', 'validationData', 'callbacks', 'initialEpoch', 'classWeight', 'verbose', 'seed', 'sampleWeight', 'validationBatchSize', 'validationFreq', 'validationSteps', 'stepsPerEpoch', 'checkFinite'];
const FIT_DATASET_KEYS = ['epochs', 'initialEpoch', 'callbacks', 'classWeight', 'verbose', 'seed', 'validationData', 'validationBatchSize', 'validationFreq', 'validationSteps', 'stepsPerEpoch', 'checkFinite'];

/** Checks fit's options (`dataset`: x is a dataset, so fitDataset's keys apply, also for fit(dataset)). */
export function fitOptions(fn: string, o: FitOptions | FitDatasetOptions, dataset = fn !== 'fit') {
  if (o === null || typeof o !== 'object') throw new ValidationError(fn, 'options', 'an options object', o, 'ERR_INVALID_TYPE');
  checkKeys(fn, o, dataset ? FIT_DATASET_KEYS : FIT_KEYS);
  const epochs = checkInt(fn, 'epochs', o.epochs ?? 1, 1);
  const initialEpoch = checkInt(fn, 'initialEpoch', o.initialEpoch ?? 0, 0, epochs - 1);
  const callbacks = o.callbacks ?? [];
  if (!Array.isArray(callbacks) || callbacks.some((c) => !c || typeof c !== 'object')) throw new ValidationError(fn, 'callbacks', 'an array of callback objects', callbacks, 'ERR_INVALID_TYPE');
  const verbose = o.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new ValidationError(fn, 'verbose', '0, 1 or 2', verbose);
  let classWeight: Record<number, number> | null = null;
  if (o.classWeight !== undefined && o.classWeight !== null) {
    if (typeof o.classWeight !== 'object') throw new ValidationError(fn, 'classWeight', 'an object mapping class index to weight', o.classWeight, 'ERR_INVALID_TYPE');
    for (const [k, v] of Object.entries(o.classWeight)) {
      checkInt(fn, `classWeight key`, Number(k), 0);
      checkNumber(fn, `classWeight[${k}]`, v, 0);
    }
    classWeight = o.classWeight;
  }
  const givenBatchSize = 'batchSize' in o && o.batchSize !== undefined ? checkInt(fn, 'batchSize', o.batchSize, 1) : undefined;
  const batchSize = givenBatchSize ?? 32;
  const vd = o.validationData;
  const datasetValidation = vd !== undefined && !Array.isArray(vd);
  if (datasetValidation && o.validationBatchSize !== undefined) {
    // Keras: "Do not specify the validation_batch_size if your data is a dataset" (it is batched already).
    throw new ValidationError(fn, 'validationBatchSize', 'absent when validationData is a dataset (its batches are used as they come)', o.validationBatchSize);
  }
  if (Array.isArray(vd) && vd.length !== 2 && vd.length !== 3) throw new ValidationError(fn, 'validationData', 'an [x, y] or [x, y, sampleWeight] array', vd);
  const stepsPerEpoch = 'stepsPerEpoch' in o && o.stepsPerEpoch !== undefined ? checkInt(fn, 'stepsPerEpoch', o.stepsPerEpoch, 1) : null;
  return {
    epochs,
    initialEpoch,
    batchSize,
    /** fit: the batchSize given, if any (with stepsPerEpoch, Keras derives it from the data otherwise). */
    givenBatchSize,
    validation: validationSchedule(fn, o, batchSize),
    stepsPerEpoch,
    verbose: verbose as Verbose,
    callbacks,
    seed: o.seed === undefined ? randomSeed() : checkInt(fn, 'seed', o.seed, 0, 0xffffffff),
    classWeight,
    checkFinite: checkBool(fn, 'checkFinite', o.checkFinite ?? true),
  };
}
