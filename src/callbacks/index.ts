// Callbacks (Keras 3 semantics) and the contract model.fit drives them through.
export type { Callback, Logs, TrainingModel, TrainingParams, Schedule } from './callback.js';
export { earlyStopping, EarlyStopping } from './earlyStopping.js';
export type { EarlyStoppingOptions } from './earlyStopping.js';
export { reduceLROnPlateau, ReduceLROnPlateau } from './reduceLROnPlateau.js';
export type { ReduceLROnPlateauOptions } from './reduceLROnPlateau.js';
export { learningRateScheduler, LearningRateScheduler } from './learningRateScheduler.js';
export type { EpochSchedule } from './learningRateScheduler.js';
export { terminateOnNaN, TerminateOnNaN } from './terminateOnNaN.js';
export { modelCheckpoint, ModelCheckpoint } from './modelCheckpoint.js';
export type { ModelCheckpointOptions } from './modelCheckpoint.js';
export { csvLogger, CsvLogger } from './csvLogger.js';
export type { CsvLoggerOptions } from './csvLogger.js';
export { history, History } from './history.js';
export { progressBar, ProgressBar } from './progressBar.js';
export type { ProgressBarOptions, ProgressStream } from './progressBar.js';
export { lambdaCallback } from './lambdaCallback.js';
