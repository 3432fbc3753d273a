// Registry rows for the pooling and zero-padding kernels (assembly/kernels/pool.ts, pad.ts). NHWC; window PH x PW, strides
// SH x SW, PT / PL padding rows / columns before the image (TF 'same' / 'valid' sizes, computed by
// src/layers/windowGeometry.ts). Cost: one compare (max) or add (average) per window cell and channel.
import type { KernelSpec } from '../registry.js';

const GEOMETRY = ['N', 'H', 'W', 'C', 'OH', 'OW', 'PH', 'PW', 'SH', 'SW', 'PT', 'PL'] as const;
const outputs = (s: Record<string, number>) => s.N * s.OH * s.OW * s.C;
const inputs = (s: Record<string, number>) => s.N * s.H * s.W * s.C;

export const poolKernels: KernelSpec[] = [
  {
    name: 'maxPool2dForward',
    family: 'pool',
    args: ['x:(N,H,W,C)', 'y:(N,OH,OW,C)', 'argmax:(N,OH,OW,C) i32', ...GEOMETRY],
    doc: 'window max over real cells (first max on ties, first NaN wins), argmax = flat index into x',
    flops: (s) => outputs(s) * s.PH * s.PW,
    bytes: (s) => 4 * (inputs(s) + 2 * outputs(s)),
  },
  {
    name: 'maxPool2dBackward',
    family: 'pool',
    args: ['dy:(n)', 'argmax:(n) i32', 'dx:(N,H,W,C)', 'n'],
    doc: 'dx[argmax[i]] += dy[i] (routes each gradient to its window max; overlaps accumulate)',
    flops: (s) => s.n,
    bytes: (s) => 16 * s.n,
  },
  {
    name: 'avgPool2dForward',
    family: 'pool',
    args: ['x:(N,H,W,C)', 'y:(N,OH,OW,C)', ...GEOMETRY],
    doc: "window mean over real cells ('same' divides by the cells inside the image, as TF)",
    flops: (s) => outputs(s) * (s.PH * s.PW + 1),
    bytes: (s) => 4 * (inputs(s) + outputs(s)),
  },
  {
    name: 'avgPool2dBackward',
    family: 'pool',
    args: ['dy:(N,OH,OW,C)', 'dx:(N,H,W,C)', ...GEOMETRY],
    doc: 'dx += dy / count spread over each window (accumulates)',
    flops: (s) => outputs(s) * (s.PH * s.PW + 1),
    bytes: (s) => 4 * (2 * inputs(s) + outputs(s)),
  },
  {
    name: 'zeroPad2dForward',
    family: 'pool',
    args: ['x:(N,H,W,C)', 'y:(N,H+PT+PB,W+PL+PR,C)', 'N', 'H', 'W', 'C', 'PT', 'PB', 'PL', 'PR'],
    doc: 'y = x with PT/PB zero rows and PL/PR zero columns around each image (Keras ZeroPadding2D)',
    bytes: (s) => 4 * s.N * s.C * (s.H * s.W + (s.H + s.PT + s.PB) * (s.W + s.PL + s.PR)),
  },
  {
    name: 'zeroPad2dBackward',
    family: 'pool',
    args: ['dy:(N,H+PT+PB,W+PL+PR,C)', 'dx:(N,H,W,C)', 'N', 'H', 'W', 'C', 'PT', 'PB', 'PL', 'PR'],
    doc: 'dx += the unpadded middle of dy',
    flops: (s) => s.N * s.H * s.W * s.C,
    bytes: (s) => 12 * s.N * s.H * s.W * s.C,
  },
];
