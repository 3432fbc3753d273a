// Hyperparameter search: spaces (hp), algorithms (tpe, random, anneal, grid), fmin, trials and their
// storage, pruners, and cross-validated grid/random search over simdnet models.
export { hp, CategoricalExpr, NumericExpr } from './space.js';
export type { Expr, NumericKind } from './space.js';
export { compileSpace, buildConfig } from './compile.js';
export type { Vals, CompiledSpace, Param } from './compile.js';
export { fmin } from './fmin.js';
export type { FminOptions, FminResult } from './fmin.js';
export { tpe } from './tpe.js';
export type { TpeOptions } from './tpe.js';
export { random, samplePrior } from './random.js';
export { anneal } from './anneal.js';
export type { AnnealOptions } from './anneal.js';
export { grid, enumerateGrid } from './grid.js';
export type { Algorithm, SuggestContext } from './algorithm.js';
export { Trials } from './trials.js';
export type { TrialRecord, TrialStatus, TrialEvent } from './trial.js';
export { MemoryStorage } from './storage.js';
export type { TrialStorage } from './storage.js';
export { TrialPruned } from './objective.js';
export type { Objective, ObjectiveResult, TrialHandle } from './objective.js';
export type { Pruner } from './pruner.js';
export type { WorkerObjective } from './worker-pool.js';
export { medianPruner, successiveHalvingPruner, hyperbandPruner } from './pruners.js';
export type { MedianPrunerOptions, SuccessiveHalvingOptions, HyperbandOptions } from './pruners.js';
export { PruningCallback } from './pruning-callback.js';
export type { PruningCallbackOptions } from './pruning-callback.js';
export { JournalStorage } from './journal.js';
export type { JournalOptions } from './journal.js';
