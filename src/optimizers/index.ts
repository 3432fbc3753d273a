export { sgd, rmsprop, adam, adamW, adagrad, adadelta, adamax, nadam, getOptimizer, Optimizer, OPTIMIZER_NAMES } from './optimizer.js';
export type { BaseOptimizerOptions } from './optimizer.js';
