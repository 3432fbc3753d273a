// Image augmentation: the Keras-style generator, the tensor-level warp, and the matrix builders.
export { imageDataGenerator } from './imageDataGenerator.js';
export type { ImageDataGenerator, ImageDataGeneratorOptions, FlowOptions, ImageFlow, ImageTransform } from './imageDataGenerator.js';
export { affineTransform } from './affineTransform.js';
export type { AffineTransformOptions } from './affineTransform.js';
export { identityMatrix, composeMatrices, rotationMatrix, translationMatrix, zoomMatrix, shearMatrix, flipMatrix, centred } from './matrices.js';
export type { Affine } from './matrices.js';
export type { FillMode, Interpolation } from '../../../bindings/warp.js';
export * from './layers/index.js';
