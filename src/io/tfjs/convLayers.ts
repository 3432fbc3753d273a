// The TensorFlow.js LayersModel mapping of Conv2D (tfjs-layers 4.22 config keys, snake_case,
// channels_last). Weights need no conversion: both store kernel [kh, kw, inChannels, filters] and
// bias [filters], in that order. Initializer and regularizer configs are written as null, as for Dense.
import type { TfjsMapping } from './imageLayers.js';
import { conv2d, type Conv2D } from '../../layers/conv2d.js';
import { toTfjsActivation, fromTfjsActivation } from './activations.js';
import { SimdnetError } from '../../errors.js';

export const CONV_TFJS: Record<string, TfjsMapping> = {
  Conv2D: {
    save: (l, fn) => {
      const c = l as Conv2D;
      const sp = c.spatial;
      return {
        filters: c.filters, kernel_size: [...sp.kernelSize], strides: [...sp.strides], padding: sp.padding, data_format: 'channels_last',
        dilation_rate: [...sp.dilationRate], activation: toTfjsActivation(fn, l, c.activation.name), use_bias: c.useBias,
        kernel_initializer: null, bias_initializer: null, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
      };
    },
    load: (c, base, fn) => {
      if (c.data_format !== undefined && c.data_format !== null && c.data_format !== 'channels_last') {
        throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${c.name}': data_format ${JSON.stringify(c.data_format)} is not supported (only channels_last)`);
      }
      return conv2d({
        ...base, filters: c.filters, kernelSize: c.kernel_size, strides: c.strides ?? 1, padding: c.padding ?? 'valid', dilationRate: c.dilation_rate ?? 1,
        activation: fromTfjsActivation(fn, c.name, c.activation) as never, useBias: c.use_bias ?? true,
      });
    },
  },
};
