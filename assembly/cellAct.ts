// The activations a recurrent cell applies to its gates and candidate (Keras `activation`,
// `recurrent_activation`), f32x4, with derivatives computed from the output y alone, so that BPTT
// keeps only the activated gates. Codes are those of assembly/codes.ts; the cell layers accept only
// linear, relu, sigmoid, tanh and hardSigmoid (checked in TypeScript). Formulas as Keras 3
// (keras/src/activations/activations.py), the same as assembly/kernels/activation.ts.
import { ACT_RELU, ACT_SIGMOID, ACT_TANH, ACT_HARD_SIGMOID } from './codes';
import { splat, atLeast, clamp } from './simd';
import { sigmoid4, tanh4 } from './math';

// @ts-ignore: decorator
@inline export function cellAct(code: i32, x: v128): v128 {
  switch (code) {
    case ACT_SIGMOID: return sigmoid4(x);
    case ACT_TANH: return tanh4(x);
    case ACT_RELU: return atLeast(x, splat(0));
    case ACT_HARD_SIGMOID: return f32x4.mul(clamp(f32x4.add(x, splat(3)), 0, 6), splat(1.0 / 6.0));
    default: return x; // ACT_LINEAR
  }
}

/** f'(x) from y = f(x). */
// @ts-ignore: decorator
@inline export function cellGrad(code: i32, y: v128): v128 {
  const one = splat(1);
  const zero = splat(0);
  switch (code) {
    case ACT_SIGMOID: return f32x4.mul(y, f32x4.sub(one, y));
    case ACT_TANH: return f32x4.sub(one, f32x4.mul(y, y));
    case ACT_RELU: return v128.and(f32x4.gt(y, zero), one);
    case ACT_HARD_SIGMOID: return v128.and(v128.and(f32x4.gt(y, zero), f32x4.lt(y, one)), splat(1.0 / 6.0));
    default: return one;
  }
}
