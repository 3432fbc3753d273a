// The callback contract between model.fit (src/model/) and callbacks (src/callbacks/), following
// Keras 3's keras.callbacks.Callback: hooks receive the epoch or batch index and a logs object of
// scalars ('loss', 'accuracy', 'val_loss', 'learning_rate', ...). Hooks may be async; fit awaits a hook only
// when it returned a promise, so synchronous callbacks cost nothing per batch.

/** Scalars reported to callbacks: metric name -> value (Keras names: loss, val_loss, accuracy, ...). */
export type Logs = Record<string, number>;

/** What callbacks may see and change of the model being trained. */
export interface TrainingModel {
  /** Set to true to stop after the current batch/epoch (EarlyStopping, TerminateOnNaN). */
  stopTraining: boolean;
  /** A copy of every trainable and non-trainable weight, in the model's flat layout. */
  getWeights(): Float32Array[];
  /** Restores weights from getWeights() (EarlyStopping restoreBestWeights). */
  setWeights(weights: Float32Array[]): void;
  /** The optimizer's current learning rate; settable when it is a number, not a schedule. */
  learningRate: number;
  /** Saves the model (ModelCheckpoint); atomic: a failed save leaves the previous file intact. */
  save(path: string): Promise<void>;
  /** Why fit undid the batch just trained: 'loss' (NaN/Inf loss), 'update' (it would have made weights non-finite), or null (kept). */
  readonly undoneStep?: 'loss' | 'update' | null;
}

/** Training parameters given to callbacks before training starts. */
export interface TrainingParams {
  epochs: number;
  initialEpoch: number;
  /** Batches per epoch, or null when the data is a stream of unknown length. */
  steps: number | null;
  batchSize: number;
  samples: number | null;
  verbose: 0 | 1 | 2;
  /** Names that will appear in epoch logs, e.g. ['loss', 'accuracy', 'val_loss', 'val_accuracy']. */
  metrics: string[];
}

/**
 * A training callback (Keras 3's Callback): any subset of these hooks, called by fit with the epoch or
 * batch index and the logs; a hook may return a promise, which fit awaits.
 */
export interface Callback {
  setModel?(model: TrainingModel): void;
  setParams?(params: TrainingParams): void;
  onTrainBegin?(logs: Logs): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

/** A learning-rate schedule: optimizer step (0-based count of updates so far) -> learning rate. */
export type Schedule = (step: number) => number;
