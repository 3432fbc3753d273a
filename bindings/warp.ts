// Typed wrappers of the image kernels (assembly/kernels/warp.ts, color.ts). They take arena pointers (byte
// offsets) and check everything the kernel trusts: sizes, codes, finite scalars and matrices,
// pointers aligned and inside memory, and no overlap where the kernel cannot run in place.
import type { WasmModule } from './loader.js';
import { ShapeError, ValidationError } from '../src/errors.js';
import { checkInt, checkNumber, checkOneOf } from '../src/validate.js';

export const INTERPOLATIONS = ['nearest', 'bilinear'] as const;
/** How an affine warp samples between pixels (Keras's interpolation). */
export type Interpolation = (typeof INTERPOLATIONS)[number];
export const FILL_MODES = ['constant', 'nearest', 'reflect', 'wrap'] as const;
/** How an affine warp fills pixels that map outside the image (Keras's fill_mode). */
export type FillMode = (typeof FILL_MODES)[number];
/** Mirrors of the kernel's codes: the index in the lists above. */
export const INTERPOLATION_CODES: Record<Interpolation, number> = { nearest: 0, bilinear: 1 };
export const FILL_MODE_CODES: Record<FillMode, number> = { constant: 0, nearest: 1, reflect: 2, wrap: 3 };
/** Largest image side: keeps the kernel's f32 index folding exact (see assembly/kernels/warp.ts). */
export const MAX_SIDE = 1 << 20;

/** A batch of channels-last images: N x H x W x C. */
export interface ImageShape {
  n: number;
  h: number;
  w: number;
  c: number;
}

export interface WarpArgs {
  /** Input images (N,H,W,C). */
  x: number;
  /** Output images (N,H,W,C); must not overlap x. */
  out: number;
  /** One row [a0 a1 a2 b0 b1 b2] per image (N,6), mapping output pixel (x,y) to the input point. */
  matrices: number;
  shape: ImageShape;
  /** Default 'bilinear' (Keras layers' default). */
  interpolation?: Interpolation;
  /** Default 'constant'. */
  fillMode?: FillMode;
  /** Value outside the image for fillMode 'constant'; default 0. */
  fillValue?: number;
}

export function checkImageShape(fn: string, shape: ImageShape): number {
  if (typeof shape !== 'object' || shape === null) throw new ValidationError(fn, 'shape', 'an object {n, h, w, c}', shape, 'ERR_INVALID_TYPE');
  checkInt(fn, 'shape.n', shape.n, 0);
  checkInt(fn, 'shape.h', shape.h, 1, MAX_SIDE);
  checkInt(fn, 'shape.w', shape.w, 1, MAX_SIDE);
  checkInt(fn, 'shape.c', shape.c, 1);
  const image = shape.h * shape.w * shape.c * 4;
  if (image >= 2 ** 31) throw new ShapeError(fn, 'shape', 'an image smaller than 2 GiB (H*W*C*4 < 2^31)', `${shape.h}x${shape.w}x${shape.c}`);
  return shape.n * shape.h * shape.w * shape.c;
}

/** A byte offset into m's memory, 4-aligned, past the static data, with `bytes` available. */
export function checkPointer(fn: string, arg: string, m: WasmModule, ptr: unknown, bytes: number): number {
  checkInt(fn, arg, ptr, 0);
  const p = ptr as number;
  const end = m.memory.buffer.byteLength;
  if (p % 4 !== 0 || p < m.arena.base || p + bytes > end) {
    throw new ValidationError(fn, arg, `a 4-aligned arena pointer with ${bytes} bytes in [${m.arena.base}, ${end})`, p);
  }
  return p;
}

function overlaps(a: number, b: number, bytes: number): boolean {
  return bytes > 0 && a < b + bytes && b < a + bytes;
}

/** Applies one affine matrix per image (see WarpArgs). */
export function warpAffine(m: WasmModule, args: WarpArgs): void {
  const fn = 'warpAffine';
  const size = checkImageShape(fn, args.shape);
  const { n, h, w, c } = args.shape;
  const interp = checkOneOf(fn, 'interpolation', args.interpolation ?? 'bilinear', INTERPOLATIONS);
  const mode = checkOneOf(fn, 'fillMode', args.fillMode ?? 'constant', FILL_MODES);
  const fill = checkNumber(fn, 'fillValue', args.fillValue ?? 0, -3.4e38, 3.4e38);
  const x = checkPointer(fn, 'x', m, args.x, size * 4);
  const out = checkPointer(fn, 'out', m, args.out, size * 4);
  const mat = checkPointer(fn, 'matrices', m, args.matrices, n * 24);
  if (overlaps(x, out, size * 4)) throw new ValidationError(fn, 'out', 'a buffer that does not overlap x (the warp is a gather)', out);
  const view = m.arena.f32(mat, n * 6);
  for (let i = 0; i < view.length; i++) {
    if (!Number.isFinite(view[i])) throw new ValidationError(fn, 'matrices', 'finite numbers', `${view[i]} at [${Math.floor(i / 6)}, ${i % 6}]`);
  }
  m.exports.warpAffine(x, out, mat, n, h, w, c, INTERPOLATION_CODES[interp], FILL_MODE_CODES[mode], fill);
}

export interface BrightnessArgs {
  x: number;
  /** May equal x (in place). */
  out: number;
  /** Per-image multiplier (N). */
  scale: number;
  /** Per-image additive delta (N). */
  delta: number;
  shape: ImageShape;
  /** Output clipped to [lo, hi]. */
  lo: number;
  hi: number;
}

/** out = clamp(x * scale[n] + delta[n], lo, hi). */
export function adjustBrightness(m: WasmModule, args: BrightnessArgs): void {
  const fn = 'adjustBrightness';
  const size = checkImageShape(fn, args.shape);
  const { n } = args.shape;
  const { lo, hi } = checkRange(fn, args.lo, args.hi);
  const x = checkPointer(fn, 'x', m, args.x, size * 4);
  const out = checkPointer(fn, 'out', m, args.out, size * 4);
  if (x !== out && overlaps(x, out, size * 4)) throw new ValidationError(fn, 'out', 'x itself or a buffer that does not overlap x', out);
  const scale = checkFinitePerImage(fn, 'scale', m, args.scale, n);
  const delta = checkFinitePerImage(fn, 'delta', m, args.delta, n);
  m.exports.adjustBrightness(x, out, scale, delta, n, size / Math.max(n, 1), lo, hi);
}

export interface ContrastArgs {
  x: number;
  /** May equal x (in place). */
  out: number;
  /** Per-image contrast factor (N). */
  factor: number;
  shape: ImageShape;
  lo: number;
  hi: number;
}

/** out = clamp((x - mean) * factor[n] + mean, lo, hi), mean per image and channel. */
export function adjustContrast(m: WasmModule, args: ContrastArgs): void {
  const fn = 'adjustContrast';
  const size = checkImageShape(fn, args.shape);
  const { n, h, w, c } = args.shape;
  const { lo, hi } = checkRange(fn, args.lo, args.hi);
  const x = checkPointer(fn, 'x', m, args.x, size * 4);
  const out = checkPointer(fn, 'out', m, args.out, size * 4);
  if (x !== out && overlaps(x, out, size * 4)) throw new ValidationError(fn, 'out', 'x itself or a buffer that does not overlap x', out);
  const factor = checkFinitePerImage(fn, 'factor', m, args.factor, n);
  m.exports.adjustContrast(x, out, factor, n, h * w, c, lo, hi);
}

function checkRange(fn: string, lo: unknown, hi: unknown): { lo: number; hi: number } {
  if (typeof lo !== 'number' || Number.isNaN(lo)) throw new ValidationError(fn, 'lo', 'a number (not NaN)', lo, 'ERR_INVALID_TYPE');
  if (typeof hi !== 'number' || Number.isNaN(hi) || hi < lo) throw new ValidationError(fn, 'hi', `a number >= lo (${lo})`, hi);
  return { lo, hi };
}

function checkFinitePerImage(fn: string, arg: string, m: WasmModule, ptr: unknown, n: number): number {
  const p = checkPointer(fn, arg, m, ptr, n * 4);
  const view = m.arena.f32(p, n);
  for (let i = 0; i < n; i++) if (!Number.isFinite(view[i])) throw new ValidationError(fn, arg, 'finite numbers', `${view[i]} at [${i}]`);
  return p;
}
