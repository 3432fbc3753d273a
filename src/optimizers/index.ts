export { sgd, rmsprop, adam, adamW, adagrad, adadelta, adamax, nadam, getOptimizer, Optimizer, OPTIMIZER_NAMES } from './optimizer.js';
export type { BaseOptimizerOptions, OptimizerIdentifier } from './optimizer.js';
