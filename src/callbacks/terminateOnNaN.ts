// Keras 3 keras.callbacks.TerminateOnNaN: after any batch whose loss is NaN or +-Inf, stop training
// and say where. Keras names only the batch; we name the epoch too, and keep the message
// (`message`) and position (`epoch`, `batch`) so the caller can report them.
import type { Callback, Logs, TrainingModel } from './callback.js';
import { ValidationError } from '../errors.js';

/**
 * The callback `terminateOnNaN()` makes: stops training at the first NaN or infinite loss (Keras
 * TerminateOnNaN).
 */
export class TerminateOnNaN implements Callback {
  private model: TrainingModel | null = null;
  private currentEpoch = 0;
  /** Where training was terminated, or null. */
  stoppedAt: { epoch: number; batch: number; loss: number } | null = null;
  message: string | null = null;

  constructor(private readonly print: (line: string) => void = console.log) {}

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.stoppedAt = null;
    this.message = null;
  }

  onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  onBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    // Also a step whose loss was finite but whose update fit undid because it overflowed the weights
    // (Keras would see that as a NaN loss one batch later, with the weights already lost).
    const overflow = this.model?.undoneStep === 'update';
    if (!overflow && (loss === undefined || Number.isFinite(loss))) return;
    if (!this.model) throw new ValidationError('terminateOnNaN', 'model', 'set by fit (setModel) before training', null, 'ERR_STATE');
    this.stoppedAt = { epoch: this.currentEpoch, batch, loss };
    this.message = overflow
      ? `Epoch ${this.currentEpoch + 1}, batch ${batch}: the update would have made weights non-finite (it was undone), terminating training`
      : `Epoch ${this.currentEpoch + 1}, batch ${batch}: invalid loss ${loss}, terminating training`;
    this.print(this.message);
    this.model.stopTraining = true;
  }
}

/** Stops training at the first batch whose loss is NaN or infinite. */
export function terminateOnNaN(options: { print?: (line: string) => void } = {}): TerminateOnNaN {
  return new TerminateOnNaN(options.print);
}
