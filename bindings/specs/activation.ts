import type { KernelSpec } from '../registry.js';

// Elementwise activations count one pass over x and y (forward) or x|y, dy and dx read + dx written
// (backward): they are memory-bound for the cheap ones, so benches report GB/s. Softmax rows make
// two reads and one write of the row in forward (max, exp+sum, scale).
const n4 = (s: Record<string, number>) => 4 * s.n;
const rc4 = (s: Record<string, number>) => 4 * s.rows * s.cols;
const rowForwardArgs = ['x:(rows,cols)', 'y:(rows,cols)', 'rows', 'cols'];
const rowBackwardArgs = ['y:(rows,cols)', 'dy:(rows,cols)', 'dx:(rows,cols)', 'rows', 'cols'];

/** One registry row: `passes` full passes over a buffer of `size` bytes. */
const row = (name: string, args: readonly string[], doc: string, passes: number, size: (s: Record<string, number>) => number): KernelSpec => ({
  name,
  family: 'activation',
  args,
  doc,
  bytes: (s) => passes * size(s),
});

export const activationKernels: KernelSpec[] = [
  row('activationForward', ['code', 'x:(n)', 'y:(n)', 'n', 'param'], 'y = f(x) for an activation code (assembly/codes.ts); in place allowed; param = alpha of leakyRelu/elu', 2, n4),
  row('activationBackward', ['code', 'x:(n)', 'y:(n)', 'dy:(n)', 'dx:(n)', 'n', 'param'], 'dx += dy * f\'(.), reading x (gelu, geluTanh, silu) or y (all others); the unread pointer may be 0', 4, n4),
  row('activationBackwardBias', ['code', 'x:(rows,cols)', 'y:(rows,cols)', 'dy:(rows,cols)', 'dx:(rows,cols)', 'db:(cols)', 'rows', 'cols', 'param'], 'dx += dy * f\'(.) as activationBackward and db[j] += sum over rows of dy * f\'(.), in one pass (a dense layer\'s bias gradient fused into its activation backward)', 4, rc4),
  row('softmaxForward', rowForwardArgs, 'y = softmax(x) per row, max-shifted; in place allowed', 4, rc4),
  row('softmaxBackward', rowBackwardArgs, 'dx += y * (dy - sum(dy * y)) per row', 6, rc4),
  row('logSoftmaxForward', rowForwardArgs, 'y = x - max - ln(sum e^(x - max)) per row; in place allowed', 4, rc4),
  row('logSoftmaxBackward', rowBackwardArgs, 'dx += dy - e^y * sum(dy) per row', 5, rc4),
  row('mathMap', ['fn', 'x:(n)', 'y:(n)', 'n'], 'y = g(x) for the f32x4 transcendentals of assembly/math.ts (0 exp, 1 expm1, 2 log, 3 log1p, 4 sigmoid, 5 tanh, 6 erfc): tests and benches only', 2, n4),
];
