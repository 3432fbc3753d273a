import type { KernelSpec } from '../registry.js';

// Elementwise activations count one pass over x and y (forward) or x|y, dy and dx read + dx written
// (backward): they are memory-bound for the cheap ones, so benches report GB/s. Softmax rows make
// two reads and one write of the row in forward (max, exp+sum, scale).
const n4 = (s: Record<string, number>) => 4 * s.n;
const rc4 = (s: Record<string, number>) => 4 * s.rows * s.cols;

export const activationKernels: KernelSpec[] = [
  {
    name: 'activationForward',
    family: 'activation',
    args: ['code', 'x:(n)', 'y:(n)', 'n', 'param'],
    doc: 'y = f(x) for an activation code (assembly/codes.ts); in place allowed; param = alpha of leakyRelu/elu',
    bytes: (s) => 2 * n4(s),
  },
  {
    name: 'activationBackward',
    family: 'activation',
    args: ['code', 'x:(n)', 'y:(n)', 'dy:(n)', 'dx:(n)', 'n', 'param'],
    doc: 'dx += dy * f\'(.), reading x (gelu, geluTanh, silu) or y (all others); the unread pointer may be 0',
    bytes: (s) => 4 * n4(s),
  },
  {
    name: 'softmaxForward',
    family: 'activation',
    args: ['x:(rows,cols)', 'y:(rows,cols)', 'rows', 'cols'],
    doc: 'y = softmax(x) per row, max-shifted; in place allowed',
    bytes: (s) => 4 * rc4(s),
  },
  {
    name: 'softmaxBackward',
    family: 'activation',
    args: ['y:(rows,cols)', 'dy:(rows,cols)', 'dx:(rows,cols)', 'rows', 'cols'],
    doc: 'dx += y * (dy - sum(dy * y)) per row',
    bytes: (s) => 6 * rc4(s),
  },
  {
    name: 'logSoftmaxForward',
    family: 'activation',
    args: ['x:(rows,cols)', 'y:(rows,cols)', 'rows', 'cols'],
    doc: 'y = x - max - ln(sum e^(x - max)) per row; in place allowed',
    bytes: (s) => 4 * rc4(s),
  },
  {
    name: 'logSoftmaxBackward',
    family: 'activation',
    args: ['y:(rows,cols)', 'dy:(rows,cols)', 'dx:(rows,cols)', 'rows', 'cols'],
    doc: 'dx += dy - e^y * sum(dy) per row',
    bytes: (s) => 5 * rc4(s),
  },
  {
    name: 'mathMap',
    family: 'activation',
    args: ['fn', 'x:(n)', 'y:(n)', 'n'],
    doc: 'y = g(x) for the f32x4 transcendentals of assembly/math.ts (0 exp, 1 expm1, 2 log, 3 log1p, 4 sigmoid, 5 tanh, 6 erfc): tests and benches only',
    bytes: (s) => 2 * n4(s),
  },
];
