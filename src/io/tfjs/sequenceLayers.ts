// The TensorFlow.js LayersModel mapping of the sequence layers (tfjs-layers 4.22 config keys,
// snake_case). Embedding: the table [input_dim, output_dim] is stored as is (tfjs weight name
// 'embeddings'); initializer, regularizer and constraint configs are written as null, as for Dense.
// tfjs-layers' input_length (Keras 2) is read as the sequence length. LSTM and GRU: recurrentLayers.ts.
import type { TfjsMapping } from './imageLayers.js';
import { embedding, type Embedding } from '../../layers/embedding.js';
import { RECURRENT_TFJS } from './recurrentLayers.js';

export const SEQUENCE_TFJS: Record<string, TfjsMapping> = {
  Embedding: {
    save: (l) => {
      const e = l as Embedding;
      return {
        input_dim: e.inputDim, output_dim: e.outputDim, mask_zero: e.maskZero, input_length: e.inShape[0],
        embeddings_initializer: null, embeddings_regularizer: null, activity_regularizer: null, embeddings_constraint: null,
      };
    },
    load: (c, base) => embedding({ ...base, inputDim: c.input_dim, outputDim: c.output_dim, maskZero: c.mask_zero ?? false }),
  },
  ...RECURRENT_TFJS,
};
