// Elementwise activations (forward and backward) and row softmax / logSoftmax.
// Buffers: x, y, dy, dx are (n) f32 for the elementwise kernels and (rows, cols) row-major for the
// softmax family. Forward writes y = f(x) and may run in place (x == y). Backward ACCUMULATES
// dx += dy * f'(x) (llm.c convention: a tensor used twice needs no special case); zero dx first
// for dy * f' alone.
// Which of x (pre-activation) and y (output) backward reads, by activation (bindings/activation.ts
// `activationNeedsInput` mirrors this so a dense layer can drop x when it is not needed):
//   y only: linear (neither), relu, leakyRelu, elu, selu, sigmoid, tanh, softplus, softsign,
//           hardSigmoid, relu6 (for leakyRelu and elu this needs alpha >= 0, checked in bindings)
//   x only: gelu, geluTanh, silu
// Formulas follow Keras 3 (keras/src/activations/activations.py); derivatives at kinks follow
// TensorFlow's gradient kernels (relu'(0) = 0, leakyRelu'(0) = alpha, elu'(0) = 1, relu6'(6) = 0).
// Each activation is one straight SIMD loop: the code is switched on once per call (cheap enough
// for GEMM's epilogue, which calls activationForward on each row of C), and inlining the constant
// code into `fwd`/`grad` lets the optimizer drop the other cases from every loop (check the .wat
// after changing the dispatchers: activationForward has 39 loops, activationBackward 42).
import {
  ACT_LINEAR, ACT_RELU, ACT_LEAKY_RELU, ACT_ELU, ACT_SELU, ACT_GELU, ACT_GELU_TANH, ACT_SILU,
  ACT_SIGMOID, ACT_TANH, ACT_SOFTPLUS, ACT_SOFTSIGN, ACT_HARD_SIGMOID, ACT_RELU6,
} from '../codes';
import { splat, madd, atLeast, clamp } from '../simd';
import { exp4, expm14, log4, log1p4, sigmoid4, tanh4, erfc4 } from '../math';

// SELU constants (Klambauer et al. 2017, "Self-Normalizing Neural Networks"), as in Keras.
const SELU_ALPHA: f32 = 1.6732632423543772848170429916717;
const SELU_SCALE: f32 = 1.0507009873554804934193349852946;
const SQRT1_2: f32 = 0.70710678118654752440; // gelu: Phi(x) = erfc(-x / sqrt 2) / 2
const INV_SQRT_2PI: f32 = 0.39894228040143267794; // gelu': phi(x) = e^(-x^2/2) / sqrt(2 pi)
const GELU_C: f32 = 0.79788456080286535588; // sqrt(2 / pi), geluTanh (Hendrycks & Gimpel 2016)
const GELU_A: f32 = 0.044715;
const FLT_MAX: f32 = 3.40282347e38;

/** Finite stand-in for ±Inf where x * (something that tends to 0) would give Inf * 0 = NaN. */
// @ts-ignore: decorator
@inline function finite(x: v128): v128 {
  return clamp(x, -FLT_MAX, FLT_MAX);
}

/** -Inf as -FLT_MAX, for x * cdf(x) whose limit at -Inf is 0 (+Inf * 1 stays +Inf). */
// @ts-ignore: decorator
@inline function aboveNegInf(x: v128): v128 {
  return atLeast(x, splat(-FLT_MAX));
}

/** Standard normal cdf Phi(x) = erfc(-x / sqrt 2) / 2: full relative precision in the left tail
 *  (Keras computes (1 + erf(x / sqrt 2)) / 2, which cancels for x < -3). */
// @ts-ignore: decorator
@inline function normalCdf(x: v128): v128 {
  return f32x4.mul(erfc4(f32x4.mul(x, splat(-SQRT1_2))), splat(0.5));
}

/** geluTanh(x) = x/2 (1 + tanh(u)) = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3). */
// @ts-ignore: decorator
@inline function geluTanhArg(x: v128): v128 {
  const x2 = f32x4.mul(x, x);
  return f32x4.mul(f32x4.mul(x, splat(2 * GELU_C)), madd(x2, splat(GELU_A), splat(1)));
}

/** f(x) for one activation code; p = splat(param). */
// @ts-ignore: decorator
@inline function fwd(code: i32, x: v128, p: v128): v128 {
  const zero = splat(0);
  switch (code) {
    case ACT_RELU: return atLeast(x, zero);
    case ACT_LEAKY_RELU: return v128.bitselect(x, f32x4.mul(x, p), f32x4.gt(x, zero));
    case ACT_ELU: return v128.bitselect(x, f32x4.mul(p, expm14(x)), f32x4.gt(x, zero));
    case ACT_SELU:
      return f32x4.mul(splat(SELU_SCALE), v128.bitselect(x, f32x4.mul(splat(SELU_ALPHA), expm14(x)), f32x4.gt(x, zero)));
    case ACT_GELU: {
      const xf = aboveNegInf(x);
      return f32x4.mul(xf, normalCdf(xf));
    }
    case ACT_GELU_TANH: {
      const xf = aboveNegInf(x);
      return f32x4.mul(xf, sigmoid4(geluTanhArg(xf)));
    }
    case ACT_SILU: {
      const xf = aboveNegInf(x);
      return f32x4.mul(xf, sigmoid4(xf));
    }
    case ACT_SIGMOID: return sigmoid4(x);
    case ACT_TANH: return tanh4(x);
    // softplus(x) = max(x, 0) + ln(1 + e^-|x|): no overflow, full precision in the left tail.
    case ACT_SOFTPLUS: return f32x4.add(atLeast(x, zero), log1p4(exp4(f32x4.neg(f32x4.abs(x)))));
    case ACT_SOFTSIGN: {
      const xf = finite(x);
      return f32x4.div(xf, f32x4.add(splat(1), f32x4.abs(xf)));
    }
    // Keras 3: relu6(x + 3) / 6 (tfjs and Keras 2 use clip(0.2 x + 0.5, 0, 1) instead).
    case ACT_HARD_SIGMOID:
      return f32x4.mul(clamp(f32x4.add(x, splat(3)), 0, 6), splat(1.0 / 6.0));
    case ACT_RELU6: return clamp(x, 0, 6);
    default: return x; // ACT_LINEAR
  }
}

/** f'(.) for one activation code, from y (output) or x (pre-activation) as listed at the top. */
// @ts-ignore: decorator
@inline function grad(code: i32, x: v128, y: v128, p: v128): v128 {
  const zero = splat(0);
  const one = splat(1);
  switch (code) {
    case ACT_RELU: return v128.and(f32x4.gt(y, zero), one);
    case ACT_LEAKY_RELU: return v128.bitselect(one, p, f32x4.gt(y, zero));
    // For x <= 0: elu' = alpha e^x = y + alpha; TF's EluGrad takes the y >= 0 branch at x = 0.
    case ACT_ELU: return v128.bitselect(one, f32x4.add(y, p), f32x4.ge(y, zero));
    case ACT_SELU:
      return v128.bitselect(splat(SELU_SCALE), f32x4.add(y, splat(SELU_SCALE * SELU_ALPHA)), f32x4.ge(y, zero));
    case ACT_GELU: {
      // Phi(x) + x phi(x); x clamped to ±10 where phi(x) < 1e-22, so Inf * 0 cannot happen.
      const xc = clamp(x, -10, 10);
      const cdf = normalCdf(xc);
      const pdf = f32x4.mul(exp4(f32x4.mul(f32x4.mul(xc, xc), splat(-0.5))), splat(INV_SQRT_2PI));
      return madd(xc, pdf, cdf);
    }
    case ACT_GELU_TANH: {
      // d/dx [x s(v)] = s + x s (1 - s) v', v = 2u, v' = 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2).
      const xc = clamp(x, -10, 10);
      const s = sigmoid4(geluTanhArg(xc));
      const dv = f32x4.mul(splat(2 * GELU_C), madd(f32x4.mul(xc, xc), splat(3 * GELU_A), one));
      return madd(f32x4.mul(xc, f32x4.mul(s, f32x4.sub(one, s))), dv, s);
    }
    case ACT_SILU: {
      // s (1 + x (1 - s)); ±Inf become ±FLT_MAX so that x (1 - s) is 0 rather than Inf * 0.
      const xf = finite(x);
      const s = sigmoid4(xf);
      return f32x4.mul(s, madd(xf, f32x4.sub(one, s), one));
    }
    case ACT_SIGMOID: return f32x4.mul(y, f32x4.sub(one, y));
    case ACT_TANH: return f32x4.sub(one, f32x4.mul(y, y));
    // softplus' = sigmoid(x) = 1 - e^-y.
    case ACT_SOFTPLUS: return f32x4.neg(expm14(f32x4.neg(y)));
    case ACT_SOFTSIGN: {
      // 1 / (1 + |x|)^2 = (1 - |y|)^2.
      const t = f32x4.sub(one, f32x4.abs(y));
      return f32x4.mul(t, t);
    }
    case ACT_HARD_SIGMOID:
      return v128.and(v128.and(f32x4.gt(y, zero), f32x4.lt(y, one)), splat(1.0 / 6.0));
    case ACT_RELU6: return v128.and(v128.and(f32x4.gt(y, zero), f32x4.lt(y, splat(6))), one);
    default: return one; // ACT_LINEAR
  }
}

// Bodies run 4 vectors per iteration (loads before stores, so x == y stays safe): measured 1.75x
// on sigmoid and 2.2x on gelu over one vector per iteration (V8 schedules the four independent
// polynomial chains together); relu is store-bound either way.
// @ts-ignore: decorator
@inline function forwardLoop(code: i32, x: usize, y: usize, n: i32, p: v128): void {
  const end = x + (<usize>n << 2);
  const end16 = x + (<usize>(n & ~15) << 2);
  const end4 = x + (<usize>(n & ~3) << 2);
  const d = y - x;
  for (; x < end16; x += 64) {
    const a = v128.load(x);
    const b = v128.load(x, 16);
    const c = v128.load(x, 32);
    const e = v128.load(x, 48);
    v128.store(x + d, fwd(code, a, p));
    v128.store(x + d, fwd(code, b, p), 16);
    v128.store(x + d, fwd(code, c, p), 32);
    v128.store(x + d, fwd(code, e, p), 48);
  }
  for (; x < end4; x += 16) v128.store(x + d, fwd(code, v128.load(x), p));
  // Tail: the same vector code on one lane at a time, so tail and body agree bit for bit.
  for (; x < end; x += 4) store<f32>(x + d, f32x4.extract_lane(fwd(code, f32x4.splat(load<f32>(x)), p), 0));
}

/** Whether grad(code, ...) reads x (else y, or nothing for linear): see the list at the top. */
// @ts-ignore: decorator
@inline function readsX(code: i32): bool {
  return code == ACT_GELU || code == ACT_GELU_TANH || code == ACT_SILU;
}

/** dx[o..o+4) += dy * f' for one vector at byte offset o. Only the operand grad needs is loaded
 *  (code is a constant here, so the other load folds away): 3 streams instead of 4. */
// @ts-ignore: decorator
@inline function backwardVec(code: i32, x: usize, y: usize, dy: usize, dx: usize, o: usize, p: v128): void {
  const xv = readsX(code) ? v128.load(x + o) : splat(0);
  const yv = readsX(code) || code == ACT_LINEAR ? splat(0) : v128.load(y + o);
  const g = grad(code, xv, yv, p);
  v128.store(dx + o, madd(v128.load(dy + o), g, v128.load(dx + o)));
}

// @ts-ignore: decorator
@inline function backwardLoop(code: i32, x: usize, y: usize, dy: usize, dx: usize, n: i32, p: v128): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    backwardVec(code, x, y, dy, dx, o, p);
    backwardVec(code, x, y, dy, dx, o + 16, p);
    backwardVec(code, x, y, dy, dx, o + 32, p);
    backwardVec(code, x, y, dy, dx, o + 48, p);
  }
  for (; i + 4 <= n; i += 4) backwardVec(code, x, y, dy, dx, <usize>i << 2, p);
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const xv = readsX(code) ? f32x4.splat(load<f32>(x + o)) : splat(0);
    const yv = readsX(code) || code == ACT_LINEAR ? splat(0) : f32x4.splat(load<f32>(y + o));
    const g = f32x4.extract_lane(grad(code, xv, yv, p), 0);
    store<f32>(dx + o, load<f32>(dy + o) * g + load<f32>(dx + o));
  }
}

/** y = f(x), x and y (n); in place allowed. param = alpha for leakyRelu and elu, unused otherwise. */
export function activationForward(code: i32, x: usize, y: usize, n: i32, param: f32): void {
  const p = f32x4.splat(param);
  switch (code) {
    case ACT_RELU: forwardLoop(ACT_RELU, x, y, n, p); break;
    case ACT_LEAKY_RELU: forwardLoop(ACT_LEAKY_RELU, x, y, n, p); break;
    case ACT_ELU: forwardLoop(ACT_ELU, x, y, n, p); break;
    case ACT_SELU: forwardLoop(ACT_SELU, x, y, n, p); break;
    case ACT_GELU: forwardLoop(ACT_GELU, x, y, n, p); break;
    case ACT_GELU_TANH: forwardLoop(ACT_GELU_TANH, x, y, n, p); break;
    case ACT_SILU: forwardLoop(ACT_SILU, x, y, n, p); break;
    case ACT_SIGMOID: forwardLoop(ACT_SIGMOID, x, y, n, p); break;
    case ACT_TANH: forwardLoop(ACT_TANH, x, y, n, p); break;
    case ACT_SOFTPLUS: forwardLoop(ACT_SOFTPLUS, x, y, n, p); break;
    case ACT_SOFTSIGN: forwardLoop(ACT_SOFTSIGN, x, y, n, p); break;
    case ACT_HARD_SIGMOID: forwardLoop(ACT_HARD_SIGMOID, x, y, n, p); break;
    case ACT_RELU6: forwardLoop(ACT_RELU6, x, y, n, p); break;
    default: if (x != y) memory.copy(y, x, <usize>n << 2); // ACT_LINEAR
  }
}

/** dx += dy * f'(.), all (n); reads x or y as listed at the top of this file (the other may be 0). */
export function activationBackward(code: i32, x: usize, y: usize, dy: usize, dx: usize, n: i32, param: f32): void {
  const p = f32x4.splat(param);
  switch (code) {
    case ACT_RELU: backwardLoop(ACT_RELU, x, y, dy, dx, n, p); break;
    case ACT_LEAKY_RELU: backwardLoop(ACT_LEAKY_RELU, x, y, dy, dx, n, p); break;
    case ACT_ELU: backwardLoop(ACT_ELU, x, y, dy, dx, n, p); break;
    case ACT_SELU: backwardLoop(ACT_SELU, x, y, dy, dx, n, p); break;
    case ACT_GELU: backwardLoop(ACT_GELU, x, y, dy, dx, n, p); break;
    case ACT_GELU_TANH: backwardLoop(ACT_GELU_TANH, x, y, dy, dx, n, p); break;
    case ACT_SILU: backwardLoop(ACT_SILU, x, y, dy, dx, n, p); break;
    case ACT_SIGMOID: backwardLoop(ACT_SIGMOID, x, y, dy, dx, n, p); break;
    case ACT_TANH: backwardLoop(ACT_TANH, x, y, dy, dx, n, p); break;
    case ACT_SOFTPLUS: backwardLoop(ACT_SOFTPLUS, x, y, dy, dx, n, p); break;
    case ACT_SOFTSIGN: backwardLoop(ACT_SOFTSIGN, x, y, dy, dx, n, p); break;
    case ACT_HARD_SIGMOID: backwardLoop(ACT_HARD_SIGMOID, x, y, dy, dx, n, p); break;
    case ACT_RELU6: backwardLoop(ACT_RELU6, x, y, dy, dx, n, p); break;
    // Linear reads neither x nor y. Passing 0s (not x, y) also keeps this arm different from the
    // others: when every arm was the same loop up to the code constant, Binaryen's code folding
    // merged them into one loop switching on the code per vector (seen in the .wat: 3 loops
    // instead of 42).
    default: backwardLoop(ACT_LINEAR, 0, 0, dy, dx, n, p);
  }
}

/**
 * A dense layer's activation backward with its bias gradient fused in (issue 19: one pass instead of
 * two over dz): over row-major (rows, cols) buffers, dx += dy * f'(.) exactly as activationBackward,
 * and db[j] += sum over rows of dy * f'(.) (db (cols)). Replaces the 1 x rows GEMM against a ones
 * vector that read dz again for the bias gradient. x or y as activationBackward reads them.
 */
export function activationBackwardBias(code: i32, x: usize, y: usize, dy: usize, dx: usize, db: usize, rows: i32, cols: i32, param: f32): void {
  const p = f32x4.splat(param);
  switch (code) {
    case ACT_RELU: biasLoop(ACT_RELU, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_LEAKY_RELU: biasLoop(ACT_LEAKY_RELU, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_ELU: biasLoop(ACT_ELU, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_SELU: biasLoop(ACT_SELU, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_GELU: biasLoop(ACT_GELU, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_GELU_TANH: biasLoop(ACT_GELU_TANH, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_SILU: biasLoop(ACT_SILU, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_SIGMOID: biasLoop(ACT_SIGMOID, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_TANH: biasLoop(ACT_TANH, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_SOFTPLUS: biasLoop(ACT_SOFTPLUS, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_SOFTSIGN: biasLoop(ACT_SOFTSIGN, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_HARD_SIGMOID: biasLoop(ACT_HARD_SIGMOID, x, y, dy, dx, db, rows, cols, p); break;
    case ACT_RELU6: biasLoop(ACT_RELU6, x, y, dy, dx, db, rows, cols, p); break;
    default: biasLoop(ACT_LINEAR, 0, 0, dy, dx, db, rows, cols, p); // see activationBackward's default
  }
}

/** One row at a time: columns by f32x4 (db's row stays in L1), then the cols % 4 tail one lane at a time. */
// @ts-ignore: decorator
@inline function biasLoop(code: i32, x: usize, y: usize, dy: usize, dx: usize, db: usize, rows: i32, cols: i32, p: v128): void {
  const c4 = <usize>(cols & ~3) << 2;
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * rowBytes;
    let j: usize = 0;
    for (; j < c4; j += 16) {
      const xv = readsX(code) ? v128.load(x + o + j) : splat(0);
      const yv = readsX(code) || code == ACT_LINEAR ? splat(0) : v128.load(y + o + j);
      const g = grad(code, xv, yv, p);
      const d = v128.load(dy + o + j);
      v128.store(dx + o + j, madd(d, g, v128.load(dx + o + j)));
      v128.store(db + j, madd(d, g, v128.load(db + j)));
    }
    for (; j < rowBytes; j += 4) {
      const xv = readsX(code) ? f32x4.splat(load<f32>(x + o + j)) : splat(0);
      const yv = readsX(code) || code == ACT_LINEAR ? splat(0) : f32x4.splat(load<f32>(y + o + j));
      // As activationBackward's tail (scalar mul + add; the plain build is then bit-identical to it).
      const v = load<f32>(dy + o + j) * f32x4.extract_lane(grad(code, xv, yv, p), 0);
      store<f32>(dx + o + j, v + load<f32>(dx + o + j));
      store<f32>(db + j, v + load<f32>(db + j));
    }
  }
}

/** y = g(x), x and y (n), for the transcendentals of assembly/math.ts: fn 0 exp, 1 expm1, 2 log,
 *  3 log1p, 4 sigmoid, 5 tanh, 6 erfc. Exists so tests can sweep them and benches can time them. */
export function mathMap(fn: i32, x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    // Whole vectors only where 4 lanes remain; the tail goes one lane at a time.
    const v = n - i >= 4 ? v128.load(x + o) : f32x4.splat(load<f32>(x + o));
    let r: v128;
    switch (fn) {
      case 0: r = exp4(v); break;
      case 1: r = expm14(v); break;
      case 2: r = log4(v); break;
      case 3: r = log1p4(v); break;
      case 4: r = sigmoid4(v); break;
      case 5: r = tanh4(v); break;
      default: r = erfc4(v);
    }
    if (n - i >= 4) v128.store(y + o, r);
    else {
      store<f32>(y + o, f32x4.extract_lane(r, 0));
      i -= 3;
    }
  }
}
