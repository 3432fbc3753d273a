// Keras 3 keras.callbacks.ModelCheckpoint: saves the model at the end of every epoch (or every
// `saveFreq` batches) to `filepath`, whose placeholders are filled from the epoch (1-based) and the
// logs ('ckpt/{epoch:02d}-{val_loss:.3f}'). With saveBestOnly, only when `monitor` improves on the
// best so far (initialValueThreshold, if given, is the first best); when the monitored value is
// missing, Keras 3 warns and saves anyway, and so do we. The parent directory is created if needed.
// The write itself is model.save's: atomic (temp file + rename), so a crash mid-save leaves the
// previous checkpoint intact. Keras's saveWeightsOnly has no equivalent here: save() writes all.
import type { Callback, Logs, TrainingModel } from './callback.js';
import { isImprovement, monitorDirection, warnMissing, type Mode } from './monitor.js';
import { formatPath } from './formatPath.js';
import { ValidationError } from '../errors.js';
import { checkBool, checkInt, checkKeys, checkNumber } from '../validate.js';
import { nodeImport } from '../../bindings/nodeImport.js';

/** Options of `modelCheckpoint` (Keras 3 names and defaults). */
export interface ModelCheckpointOptions {
  /** Where to save; may hold placeholders such as {epoch:02d} or {val_loss:.4f}. */
  filepath: string;
  /** Default 'val_loss'. */
  monitor?: string;
  /** 0 silent, 1 prints each save decision. Default 0. */
  verbose?: 0 | 1;
  /** Save only when the monitored quantity improves. Default false. */
  saveBestOnly?: boolean;
  /** 'auto' (default), 'min' or 'max'. */
  mode?: Mode;
  /** 'epoch' (default) or a number of batches between saves. */
  saveFreq?: 'epoch' | number;
  /** Initial best value for saveBestOnly. Default none. */
  initialValueThreshold?: number;
}

/**
 * The callback `modelCheckpoint()` makes: saves the model (or only the best one) after epochs (Node; Keras
 * ModelCheckpoint).
 */
export class ModelCheckpoint implements Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveFreq: 'epoch' | number;
  readonly direction: 'min' | 'max';
  best: number;
  /** Paths written so far, in order. */
  readonly saved: string[] = [];
  private readonly verbose: number;
  private model: TrainingModel | null = null;
  private epoch = 0;
  private batchesSinceSave = 0;
  private readonly warned = {};

  constructor(options: ModelCheckpointOptions) {
    const fn = 'modelCheckpoint';
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an object with filepath', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, ['filepath', 'monitor', 'verbose', 'saveBestOnly', 'mode', 'saveFreq', 'initialValueThreshold']);
    if (typeof options.filepath !== 'string' || options.filepath === '') throw new ValidationError(fn, 'filepath', 'a non-empty string', options.filepath, 'ERR_INVALID_TYPE');
    this.filepath = options.filepath;
    this.monitor = options.monitor ?? 'val_loss';
    this.verbose = checkInt(fn, 'verbose', options.verbose ?? 0, 0, 1);
    this.saveBestOnly = checkBool(fn, 'saveBestOnly', options.saveBestOnly ?? false);
    this.direction = monitorDirection(fn, this.monitor, options.mode ?? 'auto');
    const freq = options.saveFreq ?? 'epoch';
    this.saveFreq = freq === 'epoch' ? freq : checkInt(fn, 'saveFreq', freq, 1);
    this.best = options.initialValueThreshold !== undefined
      ? checkNumber(fn, 'initialValueThreshold', options.initialValueThreshold)
      : this.direction === 'min' ? Infinity : -Infinity;
  }

  setModel(model: TrainingModel): void {
    this.model = model;
  }

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  async onBatchEnd(batch: number, logs: Logs): Promise<void> {
    if (this.saveFreq === 'epoch' || ++this.batchesSinceSave < this.saveFreq) return;
    this.batchesSinceSave = 0;
    await this.save({ ...logs, batch: batch + 1 });
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    this.epoch = epoch;
    if (this.saveFreq === 'epoch') await this.save(logs);
  }

  private async save(logs: Logs): Promise<void> {
    const model = this.model;
    if (!model) throw new ValidationError('modelCheckpoint', 'model', 'set by fit (setModel) before training', null, 'ERR_STATE');
    const path = formatPath('modelCheckpoint', this.filepath, { ...logs, epoch: this.epoch + 1 });
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) warnMissing(this.warned, 'Saving the best model', this.monitor, logs);
      else if (!isImprovement(this.direction, current, this.best, 0)) {
        if (this.verbose) console.log(`Epoch ${this.epoch + 1}: ${this.monitor} did not improve from ${this.best.toFixed(5)}`);
        return;
      } else {
        if (this.verbose) console.log(`Epoch ${this.epoch + 1}: ${this.monitor} improved from ${this.best.toFixed(5)} to ${current.toFixed(5)}, saving model to ${path}`);
        this.best = current;
      }
    } else if (this.verbose) console.log(`Epoch ${this.epoch + 1}: saving model to ${path}`);
    const { mkdir } = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
    const { dirname } = await nodeImport<typeof import('node:path')>('path');
    await mkdir(dirname(path), { recursive: true });
    await model.save(path);
    this.saved.push(path);
  }
}

/** Saves the model during training, optionally only when `monitor` improves. */
export function modelCheckpoint(options: ModelCheckpointOptions): ModelCheckpoint {
  return new ModelCheckpoint(options);
}
