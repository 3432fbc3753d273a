import type { KernelSpec } from '../registry.js';

// Image augmentation kernels (assembly/kernels/warp.ts, color.ts). Sizes: N images, H rows, W columns, C channels.
const pixels = (s: Record<string, number>) => s.N * s.H * s.W * s.C;

export const warpKernels: KernelSpec[] = [
  {
    name: 'warpAffine',
    family: 'warp',
    args: ['x:(N,H,W,C)', 'out:(N,H,W,C)', 'm:(N,6)', 'N', 'H', 'W', 'C', 'interpolation', 'fillMode', 'fillValue'],
    doc: 'out[n](x,y) = x[n] sampled at m[n]·(x,y,1) (pixel centres), bilinear or nearest, fill constant/nearest/reflect/wrap',
    // Bilinear: 4 neighbours read (mostly from cache) and 9 flops per output value; bytes count one read and one write.
    flops: (s) => 9 * pixels(s),
    bytes: (s) => 8 * pixels(s) + 24 * s.N,
  },
  {
    name: 'adjustBrightness',
    family: 'warp',
    args: ['x:(N,S)', 'out:(N,S)', 'scale:(N)', 'delta:(N)', 'N', 'S', 'lo', 'hi'],
    doc: 'out = clamp(x * scale[n] + delta[n], lo, hi) (Keras RandomBrightness; ImageDataGenerator brightness_range)',
    bytes: (s) => 8 * s.N * s.S,
  },
  {
    name: 'adjustContrast',
    family: 'warp',
    args: ['x:(N,P,C)', 'out:(N,P,C)', 'factor:(N)', 'N', 'P', 'C', 'lo', 'hi'],
    doc: 'out = clamp((x - mean[n,c]) * factor[n] + mean[n,c], lo, hi), mean over the P = H*W pixels (Keras RandomContrast)',
    bytes: (s) => 12 * s.N * s.P * s.C,
  },
];
