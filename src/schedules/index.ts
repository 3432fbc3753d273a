// Learning-rate schedules: pure `(step) => lr` functions (Keras 3 formulas, PyTorch OneCycleLR).
export { exponentialDecay } from './exponentialDecay.js';
export type { ExponentialDecayOptions } from './exponentialDecay.js';
export { stepDecay } from './stepDecay.js';
export type { StepDecayOptions } from './stepDecay.js';
export { inverseTimeDecay } from './inverseTimeDecay.js';
export type { InverseTimeDecayOptions } from './inverseTimeDecay.js';
export { polynomialDecay } from './polynomialDecay.js';
export type { PolynomialDecayOptions } from './polynomialDecay.js';
export { piecewiseConstantDecay } from './piecewiseConstantDecay.js';
export type { PiecewiseConstantDecayOptions } from './piecewiseConstantDecay.js';
export { cosineDecay } from './cosineDecay.js';
export type { CosineDecayOptions } from './cosineDecay.js';
export { cosineDecayRestarts } from './cosineDecayRestarts.js';
export type { CosineDecayRestartsOptions } from './cosineDecayRestarts.js';
export { oneCycle } from './oneCycle.js';
export type { OneCycleOptions, OneCycleSchedule } from './oneCycle.js';
