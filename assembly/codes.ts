// Activation codes shared by the GEMM epilogue and the activation kernels.
// Mirror: bindings/codes.ts (a test checks that both lists agree).
export const ACT_LINEAR: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_LEAKY_RELU: i32 = 2; // param = alpha (negative slope)
export const ACT_ELU: i32 = 3; // param = alpha
export const ACT_SELU: i32 = 4;
export const ACT_GELU: i32 = 5; // exact, erf form
export const ACT_GELU_TANH: i32 = 6; // tanh approximation
export const ACT_SILU: i32 = 7; // swish
export const ACT_SIGMOID: i32 = 8;
export const ACT_TANH: i32 = 9;
export const ACT_SOFTPLUS: i32 = 10;
export const ACT_SOFTSIGN: i32 = 11;
export const ACT_HARD_SIGMOID: i32 = 12;
export const ACT_RELU6: i32 = 13;
