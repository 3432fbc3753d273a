// Keras 3 keras.callbacks.ReduceLROnPlateau, with Keras's defaults (monitor 'val_loss', factor 0.1,
// patience 10, minDelta 1e-4, cooldown 0, minLr 0). At each epoch end (the monitored value present):
// in cooldown, the counter decrements and wait resets; an improvement (beyond minDelta, relative to
// the best) becomes the best and resets wait; otherwise, outside cooldown, wait++ and at
// wait >= patience the rate becomes max(lr * factor, minLr) if lr > minLr (compared in float32 as
// Keras does), the cooldown starts and wait resets. The epoch logs gain 'learning_rate' (Keras 3).
// Auto mode follows this callback's Keras rule: maximise when the monitor name contains 'acc'.
import type { Callback, Logs, TrainingModel } from './callback.js';
import { checkInt, checkKeys, checkNumber, checkOneOf } from '../validate.js';
import { ValidationError } from '../errors.js';
import { warnMissing, type Mode } from './monitor.js';

/** Options of `reduceLROnPlateau` (Keras 3 names and defaults). */
export interface ReduceLROnPlateauOptions {
  /** Default 'val_loss'. */
  monitor?: string;
  /** New lr = lr * factor; must be < 1. Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** 0 silent, 1 prints each reduction. Default 0. */
  verbose?: 0 | 1;
  /** 'auto' (default), 'min' or 'max'. */
  mode?: Mode;
  /** Threshold for an improvement. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Lower bound on the rate. Default 0. */
  minLr?: number;
}

/**
 * The callback `reduceLROnPlateau()` makes: multiplies the learning rate by `factor` when the monitored
 * quantity stops improving (Keras ReduceLROnPlateau).
 */
export class ReduceLROnPlateau implements Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly direction: 'min' | 'max';
  private readonly verbose: number;
  private model: TrainingModel | null = null;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;
  private readonly warned = {};

  constructor(options: ReduceLROnPlateauOptions = {}) {
    const fn = 'reduceLROnPlateau';
    checkKeys(fn, options, ['monitor', 'factor', 'patience', 'verbose', 'mode', 'minDelta', 'cooldown', 'minLr']);
    this.monitor = options.monitor ?? 'val_loss';
    if (typeof this.monitor !== 'string') throw new ValidationError(fn, 'monitor', 'a string', this.monitor, 'ERR_INVALID_TYPE');
    this.factor = checkNumber(fn, 'factor', options.factor ?? 0.1, 0);
    if (this.factor >= 1) throw new ValidationError(fn, 'factor', 'a number < 1 (ReduceLROnPlateau only reduces)', this.factor);
    this.patience = checkInt(fn, 'patience', options.patience ?? 10, 0);
    this.verbose = checkInt(fn, 'verbose', options.verbose ?? 0, 0, 1);
    const mode = checkOneOf(fn, 'mode', options.mode ?? 'auto', ['auto', 'min', 'max'] as const);
    this.direction = mode === 'min' || (mode === 'auto' && !this.monitor.includes('acc')) ? 'min' : 'max';
    this.minDelta = checkNumber(fn, 'minDelta', options.minDelta ?? 1e-4);
    this.cooldown = checkInt(fn, 'cooldown', options.cooldown ?? 0, 0);
    this.minLr = checkNumber(fn, 'minLr', options.minLr ?? 0, 0);
    this.reset();
  }

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.reset();
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const model = this.model;
    if (!model) throw new ValidationError('reduceLROnPlateau', 'model', 'set by fit (setModel) before training', null, 'ERR_STATE');
    logs.learning_rate = model.learningRate;
    const current = logs[this.monitor];
    if (current === undefined) return warnMissing(this.warned, 'Learning rate reduction', this.monitor, logs);
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    const improved = this.direction === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
    if (improved) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = model.learningRate;
        // Keras compares the float32 variable with float32(minLr): a rate at the floor stays there
        if (Math.fround(old) > Math.fround(this.minLr)) {
          const lr = Math.max(old * this.factor, this.minLr);
          model.learningRate = lr;
          if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }

  private reset(): void {
    this.best = this.direction === 'min' ? Infinity : -Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }
}

/** Reduces the learning rate when `monitor` has stopped improving (Keras 3 ReduceLROnPlateau). */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): ReduceLROnPlateau {
  return new ReduceLROnPlateau(options);
}
