// Activation functions by name. Elementwise ones map to a wasm activation code (bindings/codes.ts),
// fused into the GEMM epilogue where the backward pass can work from the output alone; softmax is a
// row-wise kernel. Names are Keras's (snake_case accepted) or camelCase.
//
// Choosing one (a short guide):
// - relu: the default for hidden layers of MLPs and CNNs; cheap, does not saturate for x > 0, pairs
//   with heNormal/heUniform initialisation. Units can "die" (stuck at 0) with large learning rates.
// - leakyRelu / elu / selu: keep a gradient for x < 0; selu with lecunNormal and alphaDropout gives
//   self-normalizing nets (Klambauer et al. 2017).
// - gelu / silu (swish): smooth ReLU-likes used by transformers and modern CNNs; slightly better
//   accuracy in deep nets, a little more compute.
// - sigmoid: for a binary output (use binaryCrossentropy) or gates; as a hidden activation it
//   saturates and its gradient (<= 0.25) vanishes in deep stacks.
// - tanh: zero-centred sigmoid; fine for small nets and RNN-style gates, still saturates.
// - softmax: the output of a multi-class classifier (use categorical or sparse categorical
//   cross-entropy, which simdnet fuses with it).
// - linear: regression outputs, or logits when the loss says fromLogits.
import { ACTIVATION_CODES, type ActivationName } from '../../bindings/codes.js';
import { ACTIVATION_DEFAULT_PARAM } from '../../bindings/activation.js'; // Keras 3: leakyRelu 0.2, elu 1
import { ValidationError } from '../errors.js';

/** Names layers accept for `activation`: camelCase and Keras's snake_case spellings. A literal union
 *  (no `string`), so a misspelling such as 'rellu' is a compile error, not only a run-time one. */
export type ActivationIdentifier = ActivationName | 'softmax' | 'swish' | 'leaky_relu' | 'hard_sigmoid' | 'gelu_tanh';

export interface ActivationSpec {
  /** Canonical camelCase name ('relu', 'softmax', ...). */
  readonly name: string;
  /** Wasm activation code, or -1 for softmax (a row-wise kernel). */
  readonly code: number;
  /** The code's parameter (leakyRelu's negative slope, elu's alpha); 0 when unused. */
  readonly param: number;
}

const ALIASES: Record<string, string> = { swish: 'silu', leaky_relu: 'leakyRelu', hard_sigmoid: 'hardSigmoid', gelu_tanh: 'geluTanh' };

/** Every activation name layers accept, camelCase (the Keras snake_case spellings are accepted too). */
export const ACTIVATION_NAMES: readonly string[] = [...Object.keys(ACTIVATION_CODES), 'softmax', 'swish'];

/**
 * Resolves an activation name (or null, 'linear') to the kernel spec a layer fuses; an unknown name is a
 * ValidationError naming `fn` and `arg`.
 */
export function getActivation(fn: string, arg: string, id: unknown): ActivationSpec {
  if (id === undefined || id === null) id = 'linear';
  if (typeof id === 'string') {
    const name = ALIASES[id] ?? id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (name === 'softmax') return Object.freeze({ name, code: -1, param: 0 });
    if (name in ACTIVATION_CODES) return Object.freeze({ name, code: ACTIVATION_CODES[name as ActivationName], param: ACTIVATION_DEFAULT_PARAM[name as ActivationName] });
  }
  throw new ValidationError(fn, arg, `one of ${ACTIVATION_NAMES.join(', ')}`, id);
}
