export { l1, l2, l1l2 } from './regularizer.js';
export type { Regularizer, RegularizerIdentifier } from './regularizer.js';
