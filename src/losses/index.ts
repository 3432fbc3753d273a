export { categoricalCrossentropy, sparseCategoricalCrossentropy, binaryCrossentropy, meanSquaredError, meanAbsoluteError, LOSS_NAMES } from './loss.js';
export type { Loss, LossName, LossIdentifier } from './loss.js';
