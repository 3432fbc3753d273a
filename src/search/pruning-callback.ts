// Prunes a simdnet training run from inside model.fit (Optuna's TFKerasPruningCallback): after each
// epoch it reports the monitored metric to the trial and, when the pruner says so, sets
// model.stopTraining so fit returns after this epoch. The objective then ends the trial as pruned:
//   const cb = pruningCallback(trial, { monitor: 'val_loss' });
//   await model.fit(x, y, { epochs, validationData, callbacks: [cb] });
//   cb.throwIfPruned();                       // throws TrialPruned
import { SimdnetError } from '../errors.js';
import type { Callback, Logs, TrainingModel } from '../callbacks/callback.js';
import { checkKeys, checkOneOf } from '../validate.js';
import { TrialPruned, type TrialHandle } from './objective.js';

/** Options of `pruningCallback`: the metric to report after each epoch. */
export interface PruningCallbackOptions {
  /** The epoch log to report (default 'val_loss'). */
  monitor?: string;
  /** 'min' reports the value, 'max' its negative (trials minimise); 'auto' is 'max' for names containing 'acc' (Keras' rule). */
  mode?: 'auto' | 'min' | 'max';
}

/**
 * The callback `pruningCallback(trial)` makes (Optuna's TFKerasPruningCallback): reports the monitored
 * metric after each epoch and stops fit when the pruner says so; `throwIfPruned()` then ends the trial as
 * pruned.
 */
export class PruningCallback implements Callback {
  readonly monitor: string;
  private readonly sign: number;
  private model: TrainingModel | null = null;
  /** The epoch at which the trial was pruned, or null. */
  prunedAt: number | null = null;

  constructor(
    private readonly trial: TrialHandle,
    options: PruningCallbackOptions = {},
  ) {
    checkKeys('PruningCallback', options, ['monitor', 'mode']);
    this.monitor = options.monitor ?? 'val_loss';
    const mode = checkOneOf('PruningCallback', 'mode', options.mode ?? 'auto', ['auto', 'min', 'max']);
    const max = mode === 'max' || (mode === 'auto' && this.monitor.includes('acc'));
    this.sign = max ? -1 : 1;
  }

  get pruned(): boolean {
    return this.prunedAt !== null;
  }

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const value = logs[this.monitor];
    if (typeof value !== 'number') {
      throw new SimdnetError('ERR_STATE', 'PruningCallback', `no '${this.monitor}' in the epoch logs (have: ${Object.keys(logs).join(', ') || 'none'}); pass validation data or set monitor`);
    }
    this.trial.report(this.sign * value, epoch);
    if (this.trial.shouldPrune()) {
      this.prunedAt = epoch;
      if (this.model) this.model.stopTraining = true;
    }
  }

  /** Throws TrialPruned when training was stopped by the pruner; call it after fit. */
  throwIfPruned(): void {
    if (this.prunedAt !== null) throw new TrialPruned(`pruned after epoch ${this.prunedAt}`);
  }
}

/** `pruningCallback(trial, {monitor, mode})`: the factory form, like the other simdnet callbacks. */
export function pruningCallback(trial: TrialHandle, options: PruningCallbackOptions = {}): PruningCallback {
  return new PruningCallback(trial, options);
}
