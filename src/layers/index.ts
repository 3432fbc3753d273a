// Layer factories, and layers recreated from their class name and getConfig() (saved models).
import type { Layer } from './layer.js';
import { dense } from './dense.js';
import { activation } from './activation.js';
import { flatten } from './flatten.js';
import { dropout, gaussianDropout, alphaDropout, gaussianNoise } from './noise.js';
import { spatialDropout1D, spatialDropout2D } from './spatialDropout.js';
import { batchNormalization, layerNormalization } from './normalization.js';
import { maxPooling2d, averagePooling2d } from './pooling.js';
import { globalAveragePooling2d, globalMaxPooling2d } from './globalPooling.js';
import { zeroPadding2d } from './zeroPadding.js';
import { reshape } from './reshape.js';
import { conv2d } from './conv2d.js';
import { depthwiseConv2d } from './depthwiseConv2d.js';
import { separableConv2d } from './separableConv2d.js';
import { embedding } from './embedding.js';
import { lstm } from './recurrent/lstm.js';
import { gru } from './recurrent/gru.js';
import { bidirectionalFromConfig } from './recurrent/bidirectional.js';
import { conv1d } from './conv1d.js';
import { maxPooling1d, averagePooling1d } from './pooling1d.js';
import { globalAveragePooling1d, globalMaxPooling1d } from './globalPooling1d.js';
import { randomRotation } from '../augment/image/layers/randomRotation.js';
import { randomTranslation } from '../augment/image/layers/randomTranslation.js';
import { randomZoom } from '../augment/image/layers/randomZoom.js';
import { randomFlip } from '../augment/image/layers/randomFlip.js';
import { randomBrightness } from '../augment/image/layers/randomBrightness.js';
import { randomContrast } from '../augment/image/layers/randomContrast.js';
import { ValidationError } from '../errors.js';

export { Layer } from './layer.js';
export type { LayerOptions, LayerContext, LayerIO, ParamSpec, ScratchSpec } from './layer.js';
export { dense, Dense } from './dense.js';
export type { DenseOptions } from './dense.js';
export { activation, Activation } from './activation.js';
export type { ActivationOptions } from './activation.js';
export { flatten, Flatten } from './flatten.js';
export { dropout, gaussianDropout, alphaDropout, gaussianNoise, NoiseLayer } from './noise.js';
export type { RateOptions, DropoutOptions, GaussianNoiseOptions } from './noise.js';
export { spatialDropout1D, spatialDropout2D, SpatialDropout } from './spatialDropout.js';
export type { SpatialDropout2DOptions, DataFormat } from './spatialDropout.js';
export type { NoiseShape } from './noiseShape.js';
export { batchNormalization, layerNormalization, BatchNormalization, LayerNormalization } from './normalization.js';
export type { BatchNormalizationOptions, NormalizationOptions } from './normalization.js';
export { getActivation, ACTIVATION_NAMES } from './activations.js';
export type { ActivationIdentifier } from './activations.js';
export { maxPooling2d, averagePooling2d, Pooling2D } from './pooling.js';
export type { Pooling2DOptions } from './pooling.js';
export { globalAveragePooling2d, globalMaxPooling2d, GlobalPooling2D } from './globalPooling.js';
export type { GlobalPooling2DOptions } from './globalPooling.js';
export { zeroPadding2d, ZeroPadding2D } from './zeroPadding.js';
export type { ZeroPadding2DOptions, Padding2D } from './zeroPadding.js';
export { reshape, Reshape } from './reshape.js';
export type { ReshapeOptions } from './reshape.js';
export type { Padding } from './windowGeometry.js';
export { conv2d, Conv2D } from './conv2d.js';
export type { Conv2DOptions } from './conv2d.js';
export { depthwiseConv2d, DepthwiseConv2D } from './depthwiseConv2d.js';
export type { DepthwiseConv2DOptions } from './depthwiseConv2d.js';
export { separableConv2d, SeparableConv2D } from './separableConv2d.js';
export type { SeparableConv2DOptions } from './separableConv2d.js';
export type { IntPair } from './convGeometry.js';
export type { MaskBehavior } from './layer.js';
export { embedding, Embedding } from './embedding.js';
export type { EmbeddingOptions } from './embedding.js';
export { lstm, Lstm } from './recurrent/lstm.js';
export type { LstmOptions } from './recurrent/lstm.js';
export { gru, Gru } from './recurrent/gru.js';
export type { GruOptions } from './recurrent/gru.js';
export { Rnn } from './recurrent/rnn.js';
export type { RnnOptions } from './recurrent/rnn.js';
export { bidirectional, Bidirectional } from './recurrent/bidirectional.js';
export type { BidirectionalOptions, MergeMode } from './recurrent/bidirectional.js';
export { conv1d, Conv1D } from './conv1d.js';
export type { Conv1DOptions, Padding1D, Int1 } from './conv1d.js';
export { maxPooling1d, averagePooling1d, Pooling1D } from './pooling1d.js';
export type { Pooling1DOptions } from './pooling1d.js';
export { globalAveragePooling1d, globalMaxPooling1d, GlobalPooling1D } from './globalPooling1d.js';
export type { GlobalPooling1DOptions } from './globalPooling1d.js';

// Every class loadModel can recreate, in one table: none registers itself at import, which bundlers
// would drop from an app that uses no export of that module (package.json "sideEffects").
const FACTORIES: Record<string, (config: any) => Layer> = {
  Dense: dense,
  Activation: activation,
  Flatten: flatten,
  Dropout: dropout,
  SpatialDropout1D: spatialDropout1D,
  SpatialDropout2D: spatialDropout2D,
  GaussianDropout: gaussianDropout,
  AlphaDropout: alphaDropout,
  GaussianNoise: gaussianNoise,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  MaxPooling2D: maxPooling2d,
  AveragePooling2D: averagePooling2d,
  GlobalAveragePooling2D: globalAveragePooling2d,
  GlobalMaxPooling2D: globalMaxPooling2d,
  ZeroPadding2D: zeroPadding2d,
  Reshape: reshape,
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  Embedding: embedding,
  LSTM: lstm,
  GRU: gru,
  Bidirectional: bidirectionalFromConfig,
  Conv1D: conv1d,
  MaxPooling1D: maxPooling1d,
  AveragePooling1D: averagePooling1d,
  GlobalAveragePooling1D: globalAveragePooling1d,
  GlobalMaxPooling1D: globalMaxPooling1d,
  RandomRotation: randomRotation,
  RandomTranslation: randomTranslation,
  RandomZoom: randomZoom,
  RandomFlip: randomFlip,
  RandomBrightness: randomBrightness,
  RandomContrast: randomContrast,
};

/** Registers a layer class (a custom one) so that loadModel can recreate it from a saved config. */
export function registerLayer(className: string, factory: (config: any) => Layer): void {
  FACTORIES[className] = factory;
}

/**
 * Recreates a layer from its Keras class name and config (what loadModel does for each saved layer); an
 * unknown class is ERR_CORRUPT_DATA listing the known ones.
 */
export function layerFromConfig(fn: string, className: string, config: Record<string, unknown>): Layer {
  const f = FACTORIES[className];
  if (!f) throw new ValidationError(fn, 'layer.className', `a known layer class (${Object.keys(FACTORIES).join(', ')})`, className, 'ERR_CORRUPT_DATA');
  return f(config);
}
