// Activation codes, the mirror of assembly/codes.ts (tests/codes.test.ts checks they agree).
/** The integer code of each activation that the wasm kernels take (the mirror of assembly/codes.ts). */
export const ACTIVATION_CODES = {
  linear: 0,
  relu: 1,
  leakyRelu: 2,
  elu: 3,
  selu: 4,
  gelu: 5,
  geluTanh: 6,
  silu: 7,
  sigmoid: 8,
  tanh: 9,
  softplus: 10,
  softsign: 11,
  hardSigmoid: 12,
  relu6: 13,
} as const;
/** An activation the wasm kernels implement (a key of ACTIVATION_CODES). */
export type ActivationName = keyof typeof ACTIVATION_CODES;
