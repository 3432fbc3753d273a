// Seeded synthetic data sets for model tests.
import { Rng, tensor, type Tensor } from '../../src/index.js';

/**
 * `classes` Gaussian blobs in `dims` dimensions whose centres sit on a circle of radius 3 in the
 * first two dimensions, with unit noise: a Bayes accuracy near 100% for 3 classes, not linearly
 * trivial in the presence of noise dimensions.
 */
export function blobs(n: number, classes: number, dims: number, seed: number): { x: Tensor<Float32Array>; labels: Int32Array; oneHot: Tensor<Float32Array> } {
  const rng = new Rng(seed);
  const x = new Float32Array(n * dims);
  const labels = new Int32Array(n);
  const oh = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const c = rng.int(classes);
    labels[i] = c;
    oh[i * classes + c] = 1;
    for (let d = 0; d < dims; d++) x[i * dims + d] = 0.6 * rng.normal();
    x[i * dims] += 3 * Math.cos((2 * Math.PI * c) / classes);
    x[i * dims + 1] += 3 * Math.sin((2 * Math.PI * c) / classes);
  }
  return { x: tensor(x, [n, dims]), labels, oneHot: tensor(oh, [n, classes]) };
}

/** XOR-like binary problem: label = sign(x0 * x1) > 0, not linearly separable. */
export function xor(n: number, seed: number): { x: Tensor<Float32Array>; y: Tensor<Float32Array> } {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.range(-1, 1);
    const b = rng.range(-1, 1);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = a * b > 0 ? 1 : 0;
  }
  return { x: tensor(x, [n, 2]), y: tensor(y, [n, 1]) };
}
