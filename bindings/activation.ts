// Typed wrappers of the activation kernels (assembly/kernels/activation.ts, softmax.ts): names
// instead of codes, Keras 3 default parameters, and every argument checked before the wasm call.
// They cost a few hundred ns per call; a training step that has already validated its layout calls
// `m.exports.activationForward(...)` directly with `activationCode(name)`.
import type { WasmModule } from './loader.js';
import { ACTIVATION_CODES, type ActivationName } from './codes.js';
import { checkBuffer, checkDisjoint, checkRowsCols } from './buffers.js';
import { checkInt, checkNumber, checkOneOf } from '../src/validate.js';

/** Every activation name the wasm kernels know, in the order of ACTIVATION_CODES. */
export const ACTIVATION_NAMES = Object.keys(ACTIVATION_CODES) as ActivationName[];

/** Default `param` (alpha) per activation, as Keras 3's activation functions: leaky_relu
 *  negative_slope 0.2 (what `activation: 'leaky_relu'` uses; tf.leakyRelu in tfjs also 0.2), while
 *  the *layers* keras.layers.LeakyReLU and tfjs's leakyReLU default to 0.3; elu alpha 1.0 everywhere.
 *  Other activations ignore param. */
export const ACTIVATION_DEFAULT_PARAM: Readonly<Record<ActivationName, number>> = Object.freeze(
  Object.fromEntries(ACTIVATION_NAMES.map((n) => [n, n === 'leakyRelu' ? 0.2 : n === 'elu' ? 1 : 0])) as Record<ActivationName, number>,
);

// Backward of these reads the pre-activation x; all others read only y = f(x) (see the kernel file).
const NEEDS_INPUT: ReadonlySet<ActivationName> = new Set<ActivationName>(['gelu', 'geluTanh', 'silu']);

/** Whether activationBackward reads x (the pre-activation): if false, a layer may drop x after the
 *  forward pass and pass 0 for it; if true, y is not read and may be 0 instead. */
export function activationNeedsInput(name: ActivationName): boolean {
  return NEEDS_INPUT.has(checkOneOf('activationNeedsInput', 'name', name, ACTIVATION_NAMES));
}

/** The kernel code of an activation name (assembly/codes.ts). */
export function activationCode(name: ActivationName): number {
  return ACTIVATION_CODES[checkOneOf('activationCode', 'name', name, ACTIVATION_NAMES)];
}

function checkParam(fn: string, name: ActivationName, param: unknown): number {
  // leakyRelu and elu backward tell the x < 0 branch from y's sign, which needs alpha >= 0 (Keras 3
  // LeakyReLU also rejects a negative slope).
  return name === 'leakyRelu' || name === 'elu' ? checkNumber(fn, 'param', param, 0) : checkNumber(fn, 'param', param);
}

/** y = f(x) over n floats (x == y allowed). param: alpha for leakyRelu / elu, default as Keras 3. */
export function activationForward(m: WasmModule, name: ActivationName, x: number, y: number, n: number, param = ACTIVATION_DEFAULT_PARAM[name]): void {
  const fn = 'activationForward';
  const code = ACTIVATION_CODES[checkOneOf(fn, 'name', name, ACTIVATION_NAMES)];
  checkInt(fn, 'n', n, 0, 0x7fffffff);
  checkBuffer(fn, 'x', m, x, n);
  checkBuffer(fn, 'y', m, y, n);
  m.exports.activationForward(code, x, y, n, checkParam(fn, name, param));
}

/** dx += dy * f'(.) over n floats. Reads x if activationNeedsInput(name), else y; the unread one may be 0. */
export function activationBackward(
  m: WasmModule, name: ActivationName, x: number, y: number, dy: number, dx: number, n: number, param = ACTIVATION_DEFAULT_PARAM[name],
): void {
  const fn = 'activationBackward';
  const code = ACTIVATION_CODES[checkOneOf(fn, 'name', name, ACTIVATION_NAMES)];
  checkInt(fn, 'n', n, 0, 0x7fffffff);
  const needsX = NEEDS_INPUT.has(name);
  checkBuffer(fn, 'x', m, x, n, !needsX);
  checkBuffer(fn, 'y', m, y, n, needsX || name === 'linear');
  checkBuffer(fn, 'dy', m, dy, n);
  checkBuffer(fn, 'dx', m, dx, n);
  m.exports.activationBackward(code, x, y, dy, dx, n, checkParam(fn, name, param));
}

/** activationBackward over (rows, cols) with db[j] += sum over rows of dy * f'(.) (db (cols)) in the same pass. */
export function activationBackwardBias(
  m: WasmModule, name: ActivationName, x: number, y: number, dy: number, dx: number, db: number, rows: number, cols: number, param = ACTIVATION_DEFAULT_PARAM[name],
): void {
  const fn = 'activationBackwardBias';
  const code = ACTIVATION_CODES[checkOneOf(fn, 'name', name, ACTIVATION_NAMES)];
  checkRowsCols(fn, rows, cols);
  const n = rows * cols;
  const needsX = NEEDS_INPUT.has(name);
  checkBuffer(fn, 'x', m, x, n, !needsX);
  checkBuffer(fn, 'y', m, y, n, needsX || name === 'linear');
  checkBuffer(fn, 'dy', m, dy, n);
  checkBuffer(fn, 'dx', m, dx, n);
  checkBuffer(fn, 'db', m, db, cols);
  // db is written while later rows of the others are read: it must not overlap them.
  for (const [arg, ptr] of [['x', x], ['y', y], ['dy', dy], ['dx', dx]] as const) if (ptr) checkDisjoint(fn, [[arg, ptr, n], ['db', db, cols]]);
  m.exports.activationBackwardBias(code, x, y, dy, dx, db, rows, cols, checkParam(fn, name, param));
}

type RowKernel = 'softmaxForward' | 'logSoftmaxForward' | 'softmaxBackward' | 'logSoftmaxBackward';

function rows3(fn: RowKernel, m: WasmModule, a: number, b: number, c: number | null, rows: number, cols: number): void {
  checkRowsCols(fn, rows, cols);
  const n = rows * cols;
  const names = c === null ? ['x', 'y'] : ['y', 'dy', 'dx'];
  checkBuffer(fn, names[0], m, a, n);
  checkBuffer(fn, names[1], m, b, n);
  if (c === null) m.exports[fn](a, b, rows, cols);
  else m.exports[fn](a, b, checkBuffer(fn, names[2], m, c, n), rows, cols);
}

/** y = softmax(x) over each row of (rows, cols); x == y allowed. */
export const softmaxForward = (m: WasmModule, x: number, y: number, rows: number, cols: number) => rows3('softmaxForward', m, x, y, null, rows, cols);
/** dx += softmax Jacobian-vector product, from y = softmax(x). */
export const softmaxBackward = (m: WasmModule, y: number, dy: number, dx: number, rows: number, cols: number) =>
  rows3('softmaxBackward', m, y, dy, dx, rows, cols);
/** y = logSoftmax(x) over each row; x == y allowed. */
export const logSoftmaxForward = (m: WasmModule, x: number, y: number, rows: number, cols: number) =>
  rows3('logSoftmaxForward', m, x, y, null, rows, cols);
/** dx += dy - softmax * sum(dy), from y = logSoftmax(x). */
export const logSoftmaxBackward = (m: WasmModule, y: number, dy: number, dx: number, rows: number, cols: number) =>
  rows3('logSoftmaxBackward', m, y, dy, dx, rows, cols);
