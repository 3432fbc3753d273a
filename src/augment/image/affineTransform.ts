// Tensor-level image operations: copy a batch into wasm memory, run the kernel, copy the result out.
// For one-off use and tests; the generator and the layers keep their buffers in the arena instead.
import { wasm } from '../../../bindings/loader.js';
import { warpAffine, type FillMode, type Interpolation, type ImageShape } from '../../../bindings/warp.js';
import { ShapeError, ValidationError } from '../../errors.js';
import { tensor, type Tensor } from '../../tensor.js';
import type { Affine } from './matrices.js';

/**
 * Options of `affineTransform`: how pixels are sampled and how those that map outside the image are
 * filled.
 */
export interface AffineTransformOptions {
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: Interpolation;
  /** 'constant' (default), 'nearest', 'reflect' or 'wrap'; see docs/augmentation.md "Image augmentation". */
  fillMode?: FillMode;
  /** Value outside the image when fillMode is 'constant'; default 0. */
  fillValue?: number;
}

/** The (N, H, W, C) of a channels-last image batch: rank 4, or rank 3 (N, H, W) read as C = 1. */
export function imageShapeOf(fn: string, arg: string, images: Tensor): ImageShape {
  if (!images || !(images.data instanceof Float32Array)) throw new ValidationError(fn, arg, 'a Float32 tensor of images', images, 'ERR_INVALID_TYPE');
  const s = images.shape;
  if (s.length === 4) return { n: s[0], h: s[1], w: s[2], c: s[3] };
  if (s.length === 3) return { n: s[0], h: s[1], w: s[2], c: 1 };
  throw new ShapeError(fn, arg, 'a batch of images [N, H, W, C] or [N, H, W]', `[${s.join(', ')}]`);
}

/**
 * Warps each image by its matrix (one [a0 a1 a2 b0 b1 b2] per image, mapping output pixel (x, y) to
 * the input point; build them with the helpers of ./matrices.ts). Needs `await ready()` first.
 */
export function affineTransform(images: Tensor<Float32Array>, matrices: Float32Array | readonly Affine[], options: AffineTransformOptions = {}): Tensor<Float32Array> {
  const fn = 'affineTransform';
  const shape = imageShapeOf(fn, 'images', images);
  const flat = matrices instanceof Float32Array ? matrices : Array.isArray(matrices) ? Float32Array.from(matrices.flat()) : null;
  if (!flat || flat.length !== shape.n * 6) throw new ShapeError(fn, 'matrices', `${shape.n} matrices of 6 numbers`, matrices);
  const m = wasm();
  const bytes = images.data.length * 4;
  const x = m.arena.alloc(bytes);
  const out = m.arena.alloc(bytes);
  const mat = m.arena.alloc(flat.length * 4);
  try {
    m.arena.f32(x, images.data.length).set(images.data);
    m.arena.f32(mat, flat.length).set(flat);
    warpAffine(m, { x, out, matrices: mat, shape, ...options });
    return tensor(m.arena.f32(out, images.data.length).slice(), images.shape);
  } finally {
    m.arena.free(mat);
    m.arena.free(out);
    m.arena.free(x);
  }
}
