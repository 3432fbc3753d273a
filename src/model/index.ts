// Models: Sequential and its options, and loading saved models.
export { sequential, Sequential } from './sequential.js';
export type { SequentialOptions, CompileOptions, FitOptions, FitDatasetOptions } from './sequential.js';
export { loadModel } from '../io/load.js';
export { saveTfjs } from '../io/tfjs/save.js';
export { loadTfjs } from '../io/tfjs/load.js';
export { loadLayersModel } from '../io/tfjs/loadLayersModel.js';
