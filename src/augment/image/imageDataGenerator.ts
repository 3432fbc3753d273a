// imageDataGenerator: Keras's ImageDataGenerator (keras.preprocessing.image) for on-the-fly
// augmentation feeding `fit`. Per image it draws rotation, shifts, shear, zoom, flips and brightness
// with the argument semantics of the Keras docs, composes them into ONE affine matrix, and warps the
// whole batch with one wasm call (assembly/kernels/warp.ts).
// Differences from Keras, on purpose:
// - transforms are centred on the true pixel centre ((w-1)/2, (h-1)/2); keras_preprocessing uses
//   w/2 + 0.5, one pixel off;
// - brightness multiplies the float image by the drawn factor (PIL's ImageEnhance.Brightness is a
//   multiplication too) without Keras's round trip through 8-bit PIL images, hence no quantisation,
//   no rescaling to 0-255 and no clipping;
// - the random stream is simdnet's Rng, so the same seed does not give Keras's numbers.
import { wasm, type WasmModule } from '../../../bindings/loader.js';
import { warpAffine, adjustBrightness, FILL_MODES, type FillMode, type ImageShape } from '../../../bindings/warp.js';
import { ShapeError, ValidationError } from '../../errors.js';
import { Rng, randomSeed } from '../../rng.js';
import type { Tensor, TensorData } from '../../tensor.js';
import type { Batch } from '../../data/batch.js';
import { checkBool, checkInt, checkKeys, checkNumber, checkOneOf } from '../../validate.js';
import { pairRange, shiftSampler, uniform, type Range } from './factors.js';
import { centred, composeMatrices, flipMatrix, translationMatrix, type Affine } from './matrices.js';
import { imageShapeOf } from './affineTransform.js';

/**
 * The transforms an ImageDataGenerator draws from (Keras's argument names and defaults: all off unless
 * given).
 */
export interface ImageDataGeneratorOptions {
  /** Degrees: rotation uniform in [-r, r]. Default 0. */
  rotationRange?: number;
  /** Horizontal shift: fraction of the width if < 1, pixels if >= 1 (integer: whole pixels), or an array of choices. Default 0. */
  widthShiftRange?: number | number[];
  /** Vertical shift, same forms as widthShiftRange, relative to the height. Default 0. */
  heightShiftRange?: number | number[];
  /** Shear angle in degrees (counter-clockwise), uniform in [-s, s]. Default 0. */
  shearRange?: number;
  /** z gives [1 - z, 1 + z]; or [lower, upper]. Zoom factors for x and y are drawn independently; > 1 zooms out. Default 0. */
  zoomRange?: number | [number, number];
  /** Mirror left-right with probability 1/2. Default false. */
  horizontalFlip?: boolean;
  /** Mirror top-bottom with probability 1/2. Default false. */
  verticalFlip?: boolean;
  /** `[lower, upper]`: each image multiplied by a factor uniform in it. Default none. */
  brightnessRange?: [number, number] | null;
  /** Default 'nearest' (Keras ImageDataGenerator's default). */
  fillMode?: FillMode;
  /** Fill value for fillMode 'constant'. Default 0. */
  cval?: number;
  /** 1 = bilinear (default, Keras interpolation_order=1), 0 = nearest. */
  interpolationOrder?: 0 | 1;
  /** Seed of the random transforms; default: `flow`'s seed, else from the clock. */
  seed?: number;
}

/** Options of `ImageDataGenerator.flow`: batch size, shuffling and seed. */
export interface FlowOptions {
  /** Default 32 (Keras). The last batch of an epoch may be smaller. */
  batchSize?: number;
  /** Reshuffle the samples every epoch. Default true. */
  shuffle?: boolean;
  /** Seed for shuffling and, unless the generator has its own, the transforms. */
  seed?: number;
}

/** One image's drawn transform: the composed matrix and the brightness factor (1 = none). */
export interface ImageTransform {
  matrix: Affine;
  brightness: number;
}

/** A Dataset (src/data/batch.ts): iterating it runs one epoch; `length` is the number of batches. */
export interface ImageFlow extends Iterable<Batch> {
  readonly length: number;
}

/**
 * Keras's ImageDataGenerator on the wasm warp: draws one random transform per image and yields augmented
 * batches for `model.fit(gen.flow(x, y))`.
 */
export interface ImageDataGenerator {
  /** Draws one image's transform (pure: only `rng` changes). */
  randomTransform(rng: Rng, h: number, w: number): ImageTransform;
  /** Batches of augmented x with the matching rows of y, for `model.fit(gen.flow(x, y))`. Needs `await ready()` before iterating. */
  flow(x: Tensor<Float32Array>, y: Tensor, options?: FlowOptions): ImageFlow;
}

const KEYS = ['rotationRange', 'widthShiftRange', 'heightShiftRange', 'shearRange', 'zoomRange', 'horizontalFlip', 'verticalFlip', 'brightnessRange', 'fillMode', 'cval', 'interpolationOrder', 'seed'];

/**
 * Makes a Keras-style ImageDataGenerator (rotation, shifts, shear, zoom, flips, brightness) whose `flow(x,
 * y)` augments each batch in wasm.
 */
export function imageDataGenerator(options: ImageDataGeneratorOptions = {}): ImageDataGenerator {
  const fn = 'imageDataGenerator';
  if (typeof options !== 'object' || options === null) throw new ValidationError(fn, 'options', 'an object', options, 'ERR_INVALID_TYPE');
  checkKeys(fn, options, KEYS);
  const rotation = checkNumber(fn, 'rotationRange', options.rotationRange ?? 0, 0);
  const shiftX = shiftSampler(fn, 'widthShiftRange', options.widthShiftRange ?? 0);
  const shiftY = shiftSampler(fn, 'heightShiftRange', options.heightShiftRange ?? 0);
  const shear = checkNumber(fn, 'shearRange', options.shearRange ?? 0, 0);
  const z = options.zoomRange ?? 0;
  const zoom: Range = typeof z === 'number' ? [1 - checkNumber(fn, 'zoomRange', z, 0, 1, {}), 1 + z] : pairRange(fn, 'zoomRange', z, 0);
  const hflip = checkBool(fn, 'horizontalFlip', options.horizontalFlip ?? false);
  const vflip = checkBool(fn, 'verticalFlip', options.verticalFlip ?? false);
  const brightness = options.brightnessRange == null ? null : pairRange(fn, 'brightnessRange', options.brightnessRange, 0);
  const fillMode = checkOneOf(fn, 'fillMode', options.fillMode ?? 'nearest', FILL_MODES);
  const cval = checkNumber(fn, 'cval', options.cval ?? 0);
  const interpOrder = checkInt(fn, 'interpolationOrder', options.interpolationOrder ?? 1, 0, 1);
  const seed = options.seed === undefined ? undefined : checkInt(fn, 'seed', options.seed, 0, 0xffffffff);

  function randomTransform(rng: Rng, h: number, w: number): ImageTransform {
    // Keras's order of composition (apply_affine_transform): rotation . shift . shear . zoom about the
    // centre, then the flips on the result; each draw is skipped when its range is 0, as in Keras.
    const theta = rotation ? (rng.range(-rotation, rotation) * Math.PI) / 180 : 0;
    const dy = shiftY(rng, h);
    const dx = shiftX(rng, w);
    const s = shear ? (rng.range(-shear, shear) * Math.PI) / 180 : 0;
    const zx = zoom[0] === 1 && zoom[1] === 1 ? 1 : uniform(rng, zoom);
    const zy = zoom[0] === 1 && zoom[1] === 1 ? 1 : uniform(rng, zoom);
    const fh = hflip && rng.uniform() < 0.5;
    const fv = vflip && rng.uniform() < 0.5;
    const b = brightness ? uniform(rng, brightness) : 1;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    let m: Affine = [cos, -sin, 0, sin, cos, 0];
    m = composeMatrices(m, translationMatrix(dx, dy));
    m = composeMatrices(m, [Math.cos(s), 0, 0, -Math.sin(s), 1, 0]);
    m = composeMatrices(m, [zx, 0, 0, 0, zy, 0]);
    m = composeMatrices(centred(m, h, w), flipMatrix(fh, fv, h, w));
    return { matrix: m, brightness: b };
  }

  function flow(x: Tensor<Float32Array>, y: Tensor, flowOptions: FlowOptions = {}): ImageFlow {
    const f = 'imageDataGenerator.flow';
    const shape = imageShapeOf(f, 'x', x);
    if (!y || !(y.data instanceof Float32Array || y.data instanceof Int32Array) || y.shape[0] !== shape.n) {
      throw new ShapeError(f, 'y', `a Float32 or Int32 tensor with ${shape.n} rows`, y ? `[${y.shape?.join(', ')}]` : y);
    }
    checkKeys(f, flowOptions, ['batchSize', 'shuffle', 'seed']);
    const batchSize = checkInt(f, 'batchSize', flowOptions.batchSize ?? 32, 1);
    const shuffle = checkBool(f, 'shuffle', flowOptions.shuffle ?? true);
    const flowSeed = flowOptions.seed === undefined ? undefined : checkInt(f, 'seed', flowOptions.seed, 0, 0xffffffff);
    const base = flowSeed ?? seed ?? randomSeed();
    // Two streams: the order of the samples and the transforms (a generator seed fixes the latter alone).
    const shuffler = new Rng(base);
    const transforms = new Rng(seed ?? base).fork();
    const length = Math.ceil(shape.n / batchSize);
    return {
      length,
      *[Symbol.iterator]() {
        const index = Int32Array.from({ length: shape.n }, (_, i) => i);
        if (shuffle) shuffler.shuffle(index);
        yield* epoch(wasm(), x, y, shape, index, batchSize, transforms);
      },
    };
  }

  function* epoch(m: WasmModule, x: Tensor<Float32Array>, y: Tensor, shape: ImageShape, index: Int32Array, batchSize: number, rng: Rng): Generator<Batch> {
    const { h, w, c } = shape;
    const image = h * w * c;
    const cap = Math.min(batchSize, shape.n);
    const src = m.arena.alloc(cap * image * 4);
    const dst = m.arena.alloc(cap * image * 4);
    const mats = m.arena.alloc(cap * 24);
    const scale = m.arena.alloc(cap * 4);
    const zero = m.arena.calloc(cap * 4);
    const yRow = y.data.length / Math.max(shape.n, 1);
    try {
      for (let start = 0; start < shape.n; start += batchSize) {
        const b = Math.min(batchSize, shape.n - start);
        const xs = m.arena.f32(src, b * image);
        const matView = m.arena.f32(mats, b * 6);
        const scaleView = m.arena.f32(scale, b);
        const ys = new (y.data.constructor as new (n: number) => TensorData)(b * yRow);
        for (let i = 0; i < b; i++) {
          const k = index[start + i];
          xs.set(x.data.subarray(k * image, (k + 1) * image), i * image);
          ys.set(y.data.subarray(k * yRow, (k + 1) * yRow), i * yRow);
          const t = randomTransform(rng, h, w);
          matView.set(t.matrix, i * 6);
          scaleView[i] = t.brightness;
        }
        const batchShape = { n: b, h, w, c };
        warpAffine(m, { x: src, out: dst, matrices: mats, shape: batchShape, interpolation: interpOrder ? 'bilinear' : 'nearest', fillMode, fillValue: cval });
        if (brightness) adjustBrightness(m, { x: dst, out: dst, scale, delta: zero, shape: batchShape, lo: -Infinity, hi: Infinity });
        const data = m.arena.f32(dst, b * image).slice();
        yield { xs: { data, shape: [b, ...x.shape.slice(1)] }, ys: { data: ys, shape: [b, ...y.shape.slice(1)] } };
      }
    } finally {
      for (const p of [zero, scale, mats, dst, src]) m.arena.free(p);
    }
  }

  return { randomTransform, flow };
}
