// Keras 3 keras.callbacks.LearningRateScheduler: at each epoch begin the optimizer's rate becomes
// schedule(epoch, currentLr); the epoch logs gain 'learning_rate'. A Schedule from src/schedules
// (one argument) works too, read as a function of the epoch.
import type { Callback, Logs, TrainingModel } from './callback.js';
import { ValidationError } from '../errors.js';
import { checkInt } from '../validate.js';

/**
 * A per-epoch schedule for `learningRateScheduler`: the new learning rate from the epoch index and the
 * current rate.
 */
export type EpochSchedule = (epoch: number, lr: number) => number;

/**
 * The callback `learningRateScheduler()` makes: sets the optimizer's learning rate at the start of each
 * epoch (Keras LearningRateScheduler).
 */
export class LearningRateScheduler implements Callback {
  private model: TrainingModel | null = null;

  constructor(readonly schedule: EpochSchedule, private readonly verbose: 0 | 1 = 0) {
    if (typeof schedule !== 'function') throw new ValidationError('learningRateScheduler', 'schedule', 'a function (epoch, lr) => lr', schedule, 'ERR_INVALID_TYPE');
    checkInt('learningRateScheduler', 'verbose', verbose, 0, 1);
  }

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  onEpochBegin(epoch: number): void {
    const model = this.requireModel();
    const lr = this.schedule(epoch, model.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new ValidationError('learningRateScheduler', 'schedule', `a function returning a finite number (epoch ${epoch})`, lr);
    }
    model.learningRate = lr;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    logs.learning_rate = this.requireModel().learningRate;
  }

  private requireModel(): TrainingModel {
    if (!this.model) throw new ValidationError('learningRateScheduler', 'model', 'set by fit (setModel) before training', null, 'ERR_STATE');
    return this.model;
  }
}

/** Sets the learning rate at the start of every epoch from `schedule(epoch, lr)`. */
export function learningRateScheduler(schedule: EpochSchedule, verbose: 0 | 1 = 0): LearningRateScheduler {
  return new LearningRateScheduler(schedule, verbose);
}
