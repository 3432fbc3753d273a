// The TensorFlow.js LayersModel mapping of the sequence layers (tfjs-layers 4.22 config keys,
// snake_case). Embedding: the table [input_dim, output_dim] is stored as is (tfjs weight name
// 'embeddings'); initializer, regularizer and constraint configs are written as null, as for Dense.
// tfjs-layers' input_length (Keras 2) is read as the sequence length. LSTM and GRU: recurrentLayers.ts.
// Conv1D: kernel [k, C, filters] and bias [filters], tfjs's names and layout (tfjs-layers
// convolutional.ts, Conv1D); kernel_size / strides / dilation_rate as one-element arrays, as tfjs
// writes them. 'causal' padding is refused on save: tfjs-layers 4.22's conv1dWithBias throws
// NotImplementedError for it, so the file would not run there; a Keras file's 'causal' loads.
// MaxPooling1D / AveragePooling1D: pool_size, strides (arrays), padding. The global 1-D poolings
// have no options in tfjs (no keepdims: saving keepdims true is refused). tfjs-layers' 1-D global
// poolings ignore the mask, as Keras 3's max does; ours exclude masked steps (globalPooling1d.ts).
import type { TfjsMapping } from './imageLayers.js';
import { embedding, type Embedding } from '../../layers/embedding.js';
import { RECURRENT_TFJS } from './recurrentLayers.js';
import { conv1d, type Conv1D } from '../../layers/conv1d.js';
import { maxPooling1d, averagePooling1d, type Pooling1D } from '../../layers/pooling1d.js';
import { globalAveragePooling1d, globalMaxPooling1d, type GlobalPooling1D } from '../../layers/globalPooling1d.js';
import { toTfjsActivation, fromTfjsActivation } from './activations.js';
import { SimdnetError } from '../../errors.js';

type Config = Record<string, any>;

const channelsLast = (c: Config, fn: string) => {
  if (c.data_format !== undefined && c.data_format !== null && c.data_format !== 'channels_last') {
    throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${c.name}': data_format ${JSON.stringify(c.data_format)} is not supported (only channels_last)`);
  }
};

const pooling = (factory: typeof maxPooling1d): TfjsMapping => ({
  save: (l) => {
    const p = l as Pooling1D;
    return { pool_size: [p.poolSize], padding: p.padding, strides: [p.strides] };
  },
  load: (c, base, fn) => {
    channelsLast(c, fn);
    return factory({ ...base, poolSize: c.pool_size ?? 2, strides: c.strides ?? null, padding: c.padding ?? 'valid' });
  },
});

const globalPooling = (factory: typeof globalMaxPooling1d): TfjsMapping => ({
  save: (l, fn) => {
    if ((l as GlobalPooling1D).keepdims) throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${l.name}' (${l.className}): keepdims true has no tfjs-layers counterpart`);
    return {};
  },
  load: (c, base, fn) => {
    channelsLast(c, fn);
    return factory({ ...base, keepdims: c.keepdims ?? false });
  },
});

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
  Conv1D: {
    save: (l, fn) => {
      const c = l as Conv1D;
      if (c.padding1d === 'causal') {
        throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${l.name}' (Conv1D) has padding 'causal': tfjs-layers 4.22 does not implement it (conv1dWithBias throws), so the file would not run there`);
      }
      const sp = c.spatial;
      return {
        filters: c.filters, kernel_size: [sp.kernelSize[1]], strides: [sp.strides[1]], padding: c.padding1d, data_format: 'channels_last',
        dilation_rate: [sp.dilationRate[1]], activation: toTfjsActivation(fn, l, c.activation.name), use_bias: c.useBias,
        kernel_initializer: null, bias_initializer: null, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
      };
    },
    load: (c, base, fn) => {
      channelsLast(c, fn);
      return conv1d({
        ...base, filters: c.filters, kernelSize: c.kernel_size, strides: c.strides ?? 1, padding: c.padding ?? 'valid', dilationRate: c.dilation_rate ?? 1,
        activation: fromTfjsActivation(fn, c.name, c.activation) as never, useBias: c.use_bias ?? true,
      });
    },
  },
  MaxPooling1D: pooling(maxPooling1d),
  AveragePooling1D: pooling(averagePooling1d),
  GlobalMaxPooling1D: globalPooling(globalMaxPooling1d),
  GlobalAveragePooling1D: globalPooling(globalAveragePooling1d),
};
