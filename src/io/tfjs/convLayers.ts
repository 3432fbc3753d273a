// The TensorFlow.js LayersModel mapping of Conv2D, DepthwiseConv2D and SeparableConv2D (tfjs-layers
// 4.22 config keys, snake_case, channels_last). Weights need no conversion: the layouts and names are
// tfjs's (tfjs-layers src/layers/convolutional.ts and convolutional_depthwise.ts addWeight calls):
//   Conv2D           kernel [kh, kw, C, filters], bias [filters]
//   DepthwiseConv2D  depthwise_kernel [kh, kw, C, DM], bias [C*DM]   (Keras 3 calls it 'kernel')
//   SeparableConv2D  depthwise_kernel [kh, kw, C, DM], pointwise_kernel [1, 1, C*DM, filters], bias [filters]
// Initializer and regularizer configs are written as null, as for Dense.
// tfjs-layers 4.22's DepthwiseConv2D ignores dilation_rate (its call passes null: "TODO(cais): Add
// support for dilation"), so a dilated depthwise layer is refused on save (ERR_UNSUPPORTED) rather
// than written as a file tfjs would run differently; on load we honour dilation_rate, as Keras does.
import type { TfjsMapping } from './imageLayers.js';
import type { Layer } from '../../layers/layer.js';
import { conv2d, type Conv2D } from '../../layers/conv2d.js';
import { depthwiseConv2d, type DepthwiseConv2D } from '../../layers/depthwiseConv2d.js';
import { separableConv2d, type SeparableConv2D } from '../../layers/separableConv2d.js';
import type { ConvSpatial } from '../../layers/convGeometry.js';
import { toTfjsActivation, fromTfjsActivation } from './activations.js';
import { SimdnetError } from '../../errors.js';

type Config = Record<string, any>;

const channelsLast = (c: Config, fn: string) => {
  if (c.data_format !== undefined && c.data_format !== null && c.data_format !== 'channels_last') {
    throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${c.name}': data_format ${JSON.stringify(c.data_format)} is not supported (only channels_last)`);
  }
};

const NULLS = { bias_initializer: null, bias_regularizer: null, activity_regularizer: null, bias_constraint: null };

/** The config keys tfjs's BaseConv writes, shared by the depthwise and separable layers. */
function depthwiseBase(l: Layer, fn: string, sp: ConvSpatial): Config {
  const d = l as DepthwiseConv2D;
  return {
    kernel_size: [...sp.kernelSize], strides: [...sp.strides], padding: sp.padding, data_format: 'channels_last', dilation_rate: [...sp.dilationRate],
    activation: toTfjsActivation(fn, l, d.activation.name), use_bias: d.useBias, depth_multiplier: d.depthMultiplier,
    depthwise_initializer: null, depthwise_regularizer: null, depthwise_constraint: null, ...NULLS,
  };
}

function depthwiseOptions(c: Config, base: { name: string; trainable: boolean }, fn: string) {
  channelsLast(c, fn);
  return {
    ...base, kernelSize: c.kernel_size, strides: c.strides ?? 1, padding: c.padding ?? 'valid', dilationRate: c.dilation_rate ?? 1,
    depthMultiplier: c.depth_multiplier ?? 1, activation: fromTfjsActivation(fn, c.name, c.activation) as never, useBias: c.use_bias ?? true,
  };
}

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
      channelsLast(c, fn);
      return conv2d({
        ...base, filters: c.filters, kernelSize: c.kernel_size, strides: c.strides ?? 1, padding: c.padding ?? 'valid', dilationRate: c.dilation_rate ?? 1,
        activation: fromTfjsActivation(fn, c.name, c.activation) as never, useBias: c.use_bias ?? true,
      });
    },
  },
  DepthwiseConv2D: {
    save: (l, fn) => {
      const sp = (l as DepthwiseConv2D).spatial;
      if (sp.dilationRate.some((d) => d > 1)) {
        throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${l.name}' (DepthwiseConv2D) has dilationRate [${sp.dilationRate}]: tfjs-layers 4.22 ignores dilation in DepthwiseConv2D, so the file would predict differently there`);
      }
      return depthwiseBase(l, fn, sp);
    },
    load: (c, base, fn) => depthwiseConv2d(depthwiseOptions(c, base, fn)),
  },
  SeparableConv2D: {
    save: (l, fn) => {
      const s = l as SeparableConv2D;
      return { ...depthwiseBase(l, fn, s.spatial), filters: s.filters, pointwise_initializer: null, pointwise_regularizer: null, pointwise_constraint: null };
    },
    load: (c, base, fn) => separableConv2d({ ...depthwiseOptions(c, base, fn), filters: c.filters }),
  },
};
