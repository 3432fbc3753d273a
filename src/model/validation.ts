// fit's validation, as Keras 3's Trainer.fit runs it: the validation data (validationData, or the
// held-out validationSplit) is evaluated at the end of the epochs that validationFreq selects
// (Trainer._should_eval: an integer N validates when the 1-based epoch number is a multiple of N;
// an array lists the 1-based epochs), in batches of validationBatchSize (default: fit's batchSize),
// at most validationSteps batches, starting from the beginning of the data each time (Keras's fit
// docstring for validation_steps). Epochs that do not validate have no val_* logs; callbacks that
// monitor a val_* key warn and skip those epochs (src/callbacks/monitor.ts warnMissing).
import type { Logs } from '../callbacks/callback.js';
import type { Dataset } from '../data/batch.js';
import type { Engine } from './engine.js';
import type { Prepared } from './data.js';
import { evaluateDataset, evaluatePrepared, iota } from './evaluate.js';
import { ValidationError } from '../errors.js';
import { checkInt } from '../validate.js';

export type ValidationSource = { kind: 'arrays'; data: Prepared } | { kind: 'dataset'; data: Dataset };

/** An integer N (every N-th epoch) or the 1-based epochs to validate at. */
export type ValidationFreq = number | readonly number[];

export interface ValidationSchedule {
  /** Batch size for array validation data. */
  batchSize: number;
  /** At most this many validation batches, or null for all. */
  steps: number | null;
  freq: ValidationFreq;
}

export interface Validation extends ValidationSchedule {
  source: ValidationSource;
}

/** Checks validationFreq, validationBatchSize (default `batchSize`) and validationSteps. */
export function validationSchedule(fn: string, o: { validationFreq?: unknown; validationBatchSize?: unknown; validationSteps?: unknown }, batchSize: number): ValidationSchedule {
  const f = o.validationFreq ?? 1;
  let freq: ValidationFreq;
  if (Array.isArray(f)) freq = Object.freeze(f.map((e, i) => checkInt(fn, `validationFreq[${i}]`, e, 1)));
  else if (typeof f === 'number') freq = checkInt(fn, 'validationFreq', f, 1);
  else throw new ValidationError(fn, 'validationFreq', 'an integer >= 1 or an array of 1-based epoch numbers', f, 'ERR_INVALID_TYPE');
  return {
    freq,
    batchSize: o.validationBatchSize === undefined ? batchSize : checkInt(fn, 'validationBatchSize', o.validationBatchSize, 1),
    steps: o.validationSteps === undefined || o.validationSteps === null ? null : checkInt(fn, 'validationSteps', o.validationSteps, 1),
  };
}

/** Whether to validate after 0-based `epoch` (Keras 3 Trainer._should_eval). */
export function shouldValidate(epoch: number, freq: ValidationFreq): boolean {
  return typeof freq === 'number' ? (epoch + 1) % freq === 0 : freq.includes(epoch + 1);
}

/** Loss and metrics on the validation data (unprefixed keys). */
export function runValidation(engine: Engine, v: Validation): Logs | Promise<Logs> {
  if (v.source.kind === 'dataset') return evaluateDataset(engine, v.source.data, null, v.steps);
  return evaluatePrepared(engine, v.source.data, v.batchSize, iota(v.source.data.n), v.steps);
}
