// The one table between simdnet's activations and the activation names of a TensorFlow.js
// LayersModel (tfjs-layers 4.22, src/activations.ts: the classes registered by className), used by
// saveTfjs and loadTfjs alike. An activation is written only when tfjs computes the same function
// (tests/io/tfjsActivations.test.ts runs every simdnet activation through tfjs-layers and checks
// predictions within 1e-5); otherwise saving is refused with the reason, so a saved model never
// predicts differently in tfjs. Where the two differ:
// - hardSigmoid: simdnet follows Keras 3 (keras/src/activations/activations.py hard_sigmoid:
//   relu6(x + 3) / 6), tfjs-layers keeps Keras 2's clip(0.2 x + 0.5, 0, 1); they differ by up to
//   0.083 (at x = +-2.5). Refused both ways.
// - leakyRelu: tfjs has no leaky ReLU activation function (only a LeakyReLU layer). Refused.
// - silu: tfjs calls it 'swish' (x * sigmoid(x), alpha 1), Keras 3 names it 'silu' with 'swish' an alias.
// - geluTanh: the tanh approximation is tfjs's 'gelu_new', which tfjs can compute but not load from
//   model.json (its reader camel-cases names to 'geluNew'): refused on save, accepted on load.
//   tfjs's 'gelu' is the exact erf form, as ours.
import type { Layer } from '../../layers/layer.js';
import { SimdnetError } from '../../errors.js';

/** simdnet activation name -> tfjs activation name, or why tfjs has none. */
const TO_TFJS: Record<string, string | { refused: string }> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  gelu: 'gelu',
  silu: 'swish',
  geluTanh: { refused: "tfjs-layers has it as 'gelu_new', but its model.json reader turns that name into 'geluNew' and cannot load it" },
  hardSigmoid: { refused: "tfjs-layers computes hard_sigmoid as Keras 2's clip(0.2x + 0.5, 0, 1), simdnet as Keras 3's relu6(x + 3) / 6 (they differ by up to 0.083)" },
  leakyRelu: { refused: 'tfjs-layers has no leaky ReLU activation function (only a LeakyReLU layer, which saveTfjs does not write)' },
};

/** tfjs activation name (as in model.json, snake_case or camelCase) -> simdnet name. */
const FROM_TFJS: Record<string, string> = { ...Object.fromEntries(Object.entries(TO_TFJS).flatMap(([ours, t]) => (typeof t === 'string' ? [[t, ours]] : []))), gelu_new: 'geluTanh' };
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The tfjs name of a layer's activation; ERR_UNSUPPORTED when tfjs would compute something else. */
export function toTfjsActivation(fn: string, layer: Layer, name: string): string {
  const t = TO_TFJS[name];
  if (typeof t === 'string') return t;
  const why = t ? t.refused : 'it has no tfjs counterpart';
  throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${layer.name}' (${layer.className}): activation '${name}' cannot be written in the TensorFlow.js format: ${why}`);
}

/** The simdnet activation for a tfjs activation name; ERR_UNSUPPORTED when simdnet has no identical one. */
export function fromTfjsActivation(fn: string, layerName: string, name: unknown): string {
  if (name === undefined || name === null) return 'linear';
  const s = String(name);
  const ours = FROM_TFJS[s] ?? FROM_TFJS[camel(s)];
  if (ours) return ours;
  const refused = s === 'hard_sigmoid' || s === 'hardSigmoid' ? `: ${(TO_TFJS.hardSigmoid as { refused: string }).refused}` : '';
  throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${layerName}': the TensorFlow.js activation '${s}' has no identical simdnet activation${refused} (supported: ${Object.keys(FROM_TFJS).join(', ')})`);
}
