// simdnet's public API. One export per concept; see README.md for the overview.
export { ready } from '../bindings/loader.js';
export type { BuildName, ReadyOptions } from '../bindings/loader.js';
export { SimdnetError, ValidationError, ShapeError, NonFiniteError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { Rng } from './rng.js';
export * from './search/index.js';
export * from './schedules/index.js';
export * from './callbacks/index.js';
export * from './data/index.js';
export * from './report/index.js';
export * from './augment/image/index.js';
