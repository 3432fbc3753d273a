// The TensorFlow.js LayersModel mapping of the image layers without weights (pooling, global
// pooling, zero padding, reshape, flatten): the config keys tfjs-layers 4.22 writes and reads
// (snake_case in model.json, channels_last). save.ts and load.ts consult this table for classes their
// own switch does not handle; a layer family adds its rows here or in a table of its own file.
// tfjs-layers has no `keepdims` on its global pooling layers: saving keepdims true is refused
// (ERR_UNSUPPORTED) rather than written as a file tfjs would load with another output shape; a
// Keras 3 file's keepdims is read.
import type { Layer } from '../../layers/layer.js';
import { flatten } from '../../layers/flatten.js';
import { maxPooling2d, averagePooling2d, type Pooling2D } from '../../layers/pooling.js';
import { globalAveragePooling2d, globalMaxPooling2d, type GlobalPooling2D } from '../../layers/globalPooling.js';
import { zeroPadding2d, type ZeroPadding2D } from '../../layers/zeroPadding.js';
import { reshape, type Reshape } from '../../layers/reshape.js';
import { SimdnetError } from '../../errors.js';
import { CONV_TFJS } from './convLayers.js';
import { SEQUENCE_TFJS } from './sequenceLayers.js';

type Config = Record<string, any>;
export interface TfjsMapping {
  /** The layer's config keys beyond name/trainable/dtype/batch_input_shape. */
  save(layer: Layer, fn: string): Config;
  /** The layer from a tfjs config; `base` holds name and trainable. */
  load(c: Config, base: { name: string; trainable: boolean }, fn: string): Layer;
}

const channelsLast = (c: Config, fn: string) => {
  if (c.data_format !== undefined && c.data_format !== null && c.data_format !== 'channels_last') {
    throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${c.name}': data_format ${JSON.stringify(c.data_format)} is not supported (only channels_last)`);
  }
};

const pooling = (factory: typeof maxPooling2d): TfjsMapping => ({
  save: (l) => {
    const p = l as Pooling2D;
    return { pool_size: [...p.poolSize], padding: p.padding, strides: [...p.strides], data_format: 'channels_last' };
  },
  load: (c, base, fn) => {
    channelsLast(c, fn);
    return factory({ ...base, poolSize: c.pool_size ?? 2, strides: c.strides ?? null, padding: c.padding ?? 'valid' });
  },
});

const globalPooling = (factory: typeof globalMaxPooling2d): TfjsMapping => ({
  save: (l, fn) => {
    if ((l as GlobalPooling2D).keepdims) throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${l.name}' (${l.className}): keepdims true has no tfjs-layers counterpart`);
    return { data_format: 'channels_last' };
  },
  load: (c, base, fn) => {
    channelsLast(c, fn);
    return factory({ ...base, keepdims: c.keepdims ?? false });
  },
});

export const IMAGE_TFJS: Record<string, TfjsMapping> = {
  MaxPooling2D: pooling(maxPooling2d),
  AveragePooling2D: pooling(averagePooling2d),
  GlobalMaxPooling2D: globalPooling(globalMaxPooling2d),
  GlobalAveragePooling2D: globalPooling(globalAveragePooling2d),
  ZeroPadding2D: {
    save: (l) => ({ padding: (l as ZeroPadding2D).padding.map((p) => [...p]), data_format: 'channels_last' }),
    load: (c, base, fn) => {
      channelsLast(c, fn);
      return zeroPadding2d({ ...base, padding: c.padding ?? 1 });
    },
  },
  Reshape: {
    save: (l) => ({ target_shape: [...(l as Reshape).targetShape] }),
    load: (c, base) => reshape({ ...base, targetShape: c.target_shape }),
  },
  ...CONV_TFJS,
  ...SEQUENCE_TFJS,
  Flatten: {
    save: () => ({ data_format: 'channels_last' }),
    load: (c, base, fn) => {
      channelsLast(c, fn);
      return flatten(base);
    },
  },
};
