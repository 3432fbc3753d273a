// The TensorFlow.js LayersModel mapping of the recurrent layers (the config keys tfjs-layers 4.22
// writes for LSTM and GRU, snake_case). Weights keep Keras's names and layouts (kernel [C, G·U],
// recurrent_kernel [U, G·U], bias), so they load unchanged both ways.
// Where the formats meet limits:
// - tfjs-layers' GRUCell throws on reset_after true ("GRUCell does not support reset_after"):
//   saving gru({resetAfter: true}) (the Keras 3 default) is refused; loading a reset_after true file
//   (a converted Keras model) is supported, as simdnet computes that form.
// - recurrent_activation: tfjs-layers defaults to hard_sigmoid, which it computes as Keras 2's
//   clip(0.2x + 0.5, 0, 1) and simdnet as Keras 3's relu6(x + 3) / 6: refused both ways (activations.ts).
// - Initializers are written as null (tfjs-layers' defaults), except recurrent_initializer, written
//   as Zeros: tfjs-layers 4.22's Orthogonal (its default) throws while building the layer on the cpu
//   backend ("rMat.flatten is not a function"), and the saved weights replace it anyway.
// - stateful and unroll are not supported: refused on load. dropout and recurrent_dropout are kept
//   both ways (they act in training only; tfjs-layers 4.22 writes no seed for them).
// - Bidirectional: {merge_mode, layer: {class_name, config}} as tfjs writes it; its weights are named
//   <bidirectional>/forward_<inner>/kernel ..., then backward_, in both. merge_mode null (two outputs)
//   is refused on load.
import type { Layer } from '../../layers/layer.js';
import type { TfjsMapping } from './imageLayers.js';
import { lstm, type Lstm } from '../../layers/recurrent/lstm.js';
import { gru, type Gru } from '../../layers/recurrent/gru.js';
import type { Rnn } from '../../layers/recurrent/rnn.js';
import { bidirectional, type Bidirectional } from '../../layers/recurrent/bidirectional.js';
import { toTfjsActivation, fromTfjsActivation } from './activations.js';
import { SimdnetError } from '../../errors.js';

type Config = Record<string, any>;

function rnnSave(l: Rnn, fn: string): Config {
  return {
    units: l.units, activation: toTfjsActivation(fn, l, l.activation.name), recurrent_activation: toTfjsActivation(fn, l, l.recurrentActivation.name),
    use_bias: l.useBias, kernel_initializer: null, recurrent_initializer: { class_name: 'Zeros', config: {} }, bias_initializer: null,
    kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null,
    kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: l.getConfig().dropout, recurrent_dropout: l.getConfig().recurrentDropout, implementation: null,
    return_sequences: l.returnSequences, return_state: l.returnState, go_backwards: l.goBackwards, stateful: false, unroll: false,
  };
}

function rnnLoad(c: Config, base: { name: string; trainable: boolean }, fn: string) {
  for (const k of ['stateful', 'unroll'] as const) {
    if (c[k]) throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${c.name}': ${k} true is not supported`);
  }
  return {
    ...base, units: c.units, activation: fromTfjsActivation(fn, c.name, c.activation ?? 'tanh') as never,
    recurrentActivation: fromTfjsActivation(fn, c.name, c.recurrent_activation ?? 'hard_sigmoid') as never, useBias: c.use_bias ?? true,
    returnSequences: c.return_sequences ?? false, returnState: c.return_state ?? false, goBackwards: c.go_backwards ?? false,
    dropout: c.dropout ?? 0, recurrentDropout: c.recurrent_dropout ?? 0,
  };
}

export const RECURRENT_TFJS: Record<string, TfjsMapping> = {
  LSTM: {
    save: (l: Layer, fn) => ({ ...rnnSave(l as Rnn, fn), unit_forget_bias: (l as Lstm).unitForgetBias }),
    load: (c, base, fn) => lstm({ ...rnnLoad(c, base, fn), unitForgetBias: c.unit_forget_bias ?? true }),
  },
  GRU: {
    save: (l: Layer, fn) => {
      if ((l as Gru).resetAfter) throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${l.name}' (GRU): resetAfter true cannot be written in the TensorFlow.js format: tfjs-layers' GRUCell only computes reset_after false (use gru({resetAfter: false}) for a model tfjs must load)`);
      return { ...rnnSave(l as Rnn, fn), reset_after: false };
    },
    load: (c, base, fn) => gru({ ...rnnLoad(c, base, fn), resetAfter: c.reset_after ?? false }),
  },
  Bidirectional: {
    save: (l: Layer, fn) => {
      const inner = (l as Bidirectional).forwardLayer;
      const name = inner.name.replace(/^forward_/, '');
      return { merge_mode: (l as Bidirectional).mergeMode, layer: { class_name: inner.className, config: { name, trainable: inner.trainable, dtype: 'float32', ...RECURRENT_TFJS[inner.className].save(inner, fn) } } };
    },
    load: (c, base, fn) => {
      const inner = c.layer ?? {};
      const mapping = inner.class_name === 'LSTM' || inner.class_name === 'GRU' ? RECURRENT_TFJS[inner.class_name] : null;
      if (!mapping) throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${c.name}' (Bidirectional): the wrapped layer ${JSON.stringify(inner.class_name)} is not supported (LSTM, GRU)`);
      if (c.merge_mode === null) throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${c.name}' (Bidirectional): merge_mode null (two outputs) is not supported in a sequential model`);
      const ic = inner.config ?? {};
      return bidirectional({ ...base, mergeMode: c.merge_mode ?? 'concat', layer: mapping.load(ic, { name: ic.name, trainable: ic.trainable ?? true }, fn) as Rnn });
    },
  },
};
