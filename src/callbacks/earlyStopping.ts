// Keras 3 keras.callbacks.EarlyStopping, step for step:
// at each epoch end from `startFromEpoch` on, with the monitored value present: the first time,
// when restoring, the current weights are taken as the best; `wait` is incremented; if the value
// improves on the best by more than minDelta it becomes the best (weights copied when restoring)
// and `wait` resets to 0 only if it also beats `baseline`; otherwise, when wait >= patience and
// epoch > 0, training stops. At train end, restoreBestWeights puts the best epoch's weights back
// (Keras 3 does so whether or not training was stopped early).
// One difference: Keras resets `best` only in the constructor; we reset it in onTrainBegin too, so
// that reusing the callback for a second fit starts afresh (which is what Keras's comment intends).
import type { Callback, Logs, TrainingModel } from './callback.js';
import { isImprovement, monitorDirection, warnMissing, type Mode } from './monitor.js';
import { checkBool, checkInt, checkKeys, checkNumber } from '../validate.js';
import { ValidationError } from '../errors.js';

/** Options of `earlyStopping` (Keras 3 names and defaults). */
export interface EarlyStoppingOptions {
  /** Quantity to watch. Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement (absolute value used). Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 0 silent, 1 prints when stopping/restoring. Default 0. */
  verbose?: 0 | 1;
  /** 'auto' (default), 'min' or 'max'. */
  mode?: Mode;
  /** Value the monitored quantity must beat for `wait` to reset. Default none. */
  baseline?: number;
  /** Put back the weights of the best epoch at the end of training. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to ignore before monitoring starts (warm-up). Default 0. */
  startFromEpoch?: number;
}

/**
 * The callback `earlyStopping()` makes: stops training when the monitored quantity stops improving (Keras
 * EarlyStopping).
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly direction: 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  private readonly verbose: number;
  private model: TrainingModel | null = null;
  wait = 0;
  /** The epoch at which training was stopped; 0 when it was not (as in Keras). */
  stoppedEpoch = 0;
  /** Best value seen; starts at +Inf (min) or -Inf (max) as in Keras, so NaN never counts as best. */
  best = Infinity;
  bestEpoch = 0;
  bestWeights: Float32Array[] | null = null;
  private readonly warned = {};

  constructor(options: EarlyStoppingOptions = {}) {
    const fn = 'earlyStopping';
    checkKeys(fn, options, ['monitor', 'minDelta', 'patience', 'verbose', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch']);
    this.monitor = options.monitor ?? 'val_loss';
    if (typeof this.monitor !== 'string') throw new ValidationError(fn, 'monitor', 'a string', this.monitor, 'ERR_INVALID_TYPE');
    this.minDelta = Math.abs(checkNumber(fn, 'minDelta', options.minDelta ?? 0));
    this.patience = checkInt(fn, 'patience', options.patience ?? 0, 0);
    this.verbose = checkInt(fn, 'verbose', options.verbose ?? 0, 0, 1);
    this.direction = monitorDirection(fn, this.monitor, options.mode ?? 'auto');
    this.baseline = options.baseline === undefined ? null : checkNumber(fn, 'baseline', options.baseline);
    this.restoreBestWeights = checkBool(fn, 'restoreBestWeights', options.restoreBestWeights ?? false);
    this.startFromEpoch = checkInt(fn, 'startFromEpoch', options.startFromEpoch ?? 0, 0);
    this.best = this.direction === 'min' ? Infinity : -Infinity;
  }

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.direction === 'min' ? Infinity : -Infinity;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const current = logs[this.monitor];
    if (current === undefined) warnMissing(this.warned, 'Early stopping', this.monitor, logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    const model = this.requireModel();
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (isImprovement(this.direction, current, this.best, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = model.getWeights();
      if (isImprovement(this.direction, current, this.baseline, this.minDelta)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.requireModel().setWeights(this.bestWeights);
    }
  }

  private requireModel(): TrainingModel {
    if (!this.model) throw new ValidationError('earlyStopping', 'model', 'set by fit (setModel) before training', null, 'ERR_STATE');
    return this.model;
  }
}

/** Stops training when `monitor` stops improving (Keras 3 EarlyStopping; every argument supported). */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  return new EarlyStopping(options);
}
