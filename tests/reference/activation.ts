// Plain-TypeScript references for the activation kernels (assembly/kernels/activation.ts and
// softmax.ts), keyed by wasm export name. Float64 throughout; pointer arguments become arrays.
// The formulas are the textbook ones (Keras 3 definitions), written independently of the SIMD code:
// derivatives from x, never from y, so that the y-based kernels are checked against something else.
import { ACTIVATION_CODES as A } from '../../bindings/codes.js';

type Arr = { [i: number]: number; length: number };

/** erf and erfc in float64: Maclaurin series of erf for |x| < 1, Lentz continued fraction of
 *  erfc beyond (both converge to ~1e-15 relative there; tests/kernels/math.test.ts checks values
 *  from mpmath). erfc keeps full relative precision in its right tail. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a >= 1) return Math.sign(x) * (1 - erfcTail(a));
  // erf x = 2/sqrt(pi) sum (-1)^k x^(2k+1) / (k! (2k+1))
  let term = a;
  let sum = a;
  for (let k = 1; k < 80; k++) {
    term *= (-a * a) / k;
    const t = term / (2 * k + 1);
    sum += t;
    if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
  }
  return Math.sign(x) * sum * (2 / Math.sqrt(Math.PI));
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 1) return erfcTail(x);
  if (x <= -1) return 2 - erfcTail(-x);
  return 1 - erf(x);
}

/** erfc a for a >= 1 (converges in < 2000 terms there): e^(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))), modified Lentz. */
function erfcTail(a: number): number {
  if (a > 27) return 0;
  const tiny = 1e-300;
  let f = a;
  let c = a;
  let d = 0;
  for (let k = 1; k < 2000; k++) {
    const an = k / 2;
    d = a + an * d;
    d = d === 0 ? tiny : 1 / d;
    c = a + an / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const cdf = (x: number) => 0.5 * erfc(-x / Math.SQRT2);
const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);

/** f(x) for an activation code (param = alpha of leakyRelu / elu). */
export function act(code: number, x: number, param: number): number {
  switch (code) {
    case A.linear: return x;
    case A.relu: return Math.max(x, 0);
    case A.leakyRelu: return x > 0 ? x : param * x;
    case A.elu: return x > 0 ? x : param * Math.expm1(x);
    case A.selu: return SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
    case A.gelu: return x === -Infinity ? 0 : x * cdf(x);
    case A.geluTanh: return x === -Infinity ? 0 : 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_A * x * x * x)));
    case A.silu: return x === -Infinity ? 0 : x * sigmoid(x);
    case A.sigmoid: return sigmoid(x);
    case A.tanh: return Math.tanh(x);
    case A.softplus: return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case A.softsign: return Number.isFinite(x) ? x / (1 + Math.abs(x)) : Math.sign(x);
    case A.hardSigmoid: return Math.min(Math.max(x + 3, 0), 6) / 6;
    case A.relu6: return Math.min(Math.max(x, 0), 6);
  }
  throw new Error(`unknown activation code ${code}`);
}

// Piecewise-linear activations choose their slope by comparisons, which are false for NaN (as in
// TF's ReluGrad): their gradient at NaN is the "else" slope, not NaN.
const PIECEWISE: readonly number[] = [A.linear, A.relu, A.leakyRelu, A.hardSigmoid, A.relu6];

/** f'(x) from x. Kinks take TensorFlow's gradient-kernel conventions, as the wasm kernels do. */
export function actGrad(code: number, x: number, param: number): number {
  if (Number.isNaN(x) && !PIECEWISE.includes(code)) return NaN;
  switch (code) {
    case A.linear: return 1;
    case A.relu: return x > 0 ? 1 : 0;
    case A.leakyRelu: return x > 0 ? 1 : param;
    case A.elu: return x >= 0 ? 1 : param * Math.exp(x);
    case A.selu: return x >= 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x);
    case A.gelu: return Number.isFinite(x) ? cdf(x) + x * phi(x) : x > 0 ? 1 : 0;
    case A.geluTanh: {
      if (!Number.isFinite(x)) return x > 0 ? 1 : 0;
      const t = Math.tanh(GELU_C * (x + GELU_A * x * x * x));
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * x * x);
    }
    case A.silu: {
      if (!Number.isFinite(x)) return x > 0 ? 1 : 0;
      const s = sigmoid(x);
      return s * (1 + x * (1 - s));
    }
    case A.sigmoid: return sigmoid(x) * (1 - sigmoid(x));
    case A.tanh: return 1 - Math.tanh(x) ** 2;
    case A.softplus: return sigmoid(x);
    case A.softsign: return 1 / (1 + Math.abs(x)) ** 2;
    case A.hardSigmoid: return x > -3 && x < 3 ? 1 / 6 : 0;
    case A.relu6: return x > 0 && x < 6 ? 1 : 0;
  }
  throw new Error(`unknown activation code ${code}`);
}

export function activationForward(code: number, x: Arr, y: Arr, n: number, param: number): void {
  for (let i = 0; i < n; i++) y[i] = act(code, x[i], param);
}

export function activationBackward(code: number, x: Arr, _y: Arr, dy: Arr, dx: Arr, n: number, param: number): void {
  for (let i = 0; i < n; i++) dx[i] += dy[i] * actGrad(code, x[i], param);
}

/** activationBackward over (rows, cols), plus db[j] += sum_r dy[r, j] f'(x[r, j]). */
export function activationBackwardBias(code: number, x: Arr, _y: Arr, dy: Arr, dx: Arr, db: Arr, rows: number, cols: number, param: number): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const v = dy[r * cols + j] * actGrad(code, x[r * cols + j], param);
      dx[r * cols + j] += v;
      db[j] += v;
    }
  }
}

export function softmaxForward(x: Arr, y: Arr, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[o + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[o + j] - m);
    for (let j = 0; j < cols; j++) y[o + j] = Math.exp(x[o + j] - m) / s;
  }
}

/** dx_j += sum_i dy_i dy_i/dx_j = y_j (dy_j - sum_i dy_i y_i), written as the full Jacobian. */
export function softmaxBackward(y: Arr, dy: Arr, dx: Arr, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) {
      let g = 0;
      for (let i = 0; i < cols; i++) g += dy[o + i] * y[o + i] * ((i === j ? 1 : 0) - y[o + j]);
      dx[o + j] += g;
    }
  }
}

export function logSoftmaxForward(x: Arr, y: Arr, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[o + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[o + j] - m);
    for (let j = 0; j < cols; j++) y[o + j] = x[o + j] - m - Math.log(s);
  }
}

/** d y_i / d x_j = [i == j] - softmax_j. */
export function logSoftmaxBackward(y: Arr, dy: Arr, dx: Arr, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) {
      let g = 0;
      for (let i = 0; i < cols; i++) g += dy[o + i] * ((i === j ? 1 : 0) - Math.exp(y[o + j]));
      dx[o + j] += g;
    }
  }
}

/** The functions behind mathMap's fn codes (0 exp, 1 expm1, 2 log, 3 log1p, 4 sigmoid, 5 tanh, 6 erfc). */
export const MATH_FNS: readonly ((x: number) => number)[] = [Math.exp, Math.expm1, Math.log, Math.log1p, sigmoid, Math.tanh, erfc];

export function mathMap(fn: number, x: Arr, y: Arr, n: number): void {
  for (let i = 0; i < n; i++) y[i] = MATH_FNS[fn](x[i]);
}

export const activationReferences: Record<string, Function> = {
  activationForward,
  activationBackward,
  activationBackwardBias,
  softmaxForward,
  softmaxBackward,
  logSoftmaxForward,
  logSoftmaxBackward,
  mathMap,
};
