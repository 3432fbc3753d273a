// Keras-style random image preprocessing layers. loadModel knows them from src/layers/index.ts's
// table (nothing here runs at import: package.json "sideEffects").

export { randomRotation, RandomRotation } from './randomRotation.js';
export type { RandomRotationOptions } from './randomRotation.js';
export { randomTranslation, RandomTranslation } from './randomTranslation.js';
export type { RandomTranslationOptions } from './randomTranslation.js';
export { randomZoom, RandomZoom } from './randomZoom.js';
export type { RandomZoomOptions } from './randomZoom.js';
export { randomFlip, RandomFlip, FLIP_MODES } from './randomFlip.js';
export type { RandomFlipOptions, FlipMode } from './randomFlip.js';
export { randomBrightness, RandomBrightness } from './randomBrightness.js';
export type { RandomBrightnessOptions } from './randomBrightness.js';
export { randomContrast, RandomContrast } from './randomContrast.js';
export type { RandomContrastOptions } from './randomContrast.js';
export { ImageAugmentation, WarpLayer } from './imageAugmentation.js';
export type { AugmentationOptions, WarpLayerOptions } from './imageAugmentation.js';
