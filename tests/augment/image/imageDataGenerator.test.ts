// imageDataGenerator: seeded reproducibility, batches per the Batch contract, Keras argument
// semantics of each range, the flow equal to the warp of the drawn matrices, and typed errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../../bindings/loader.js';
import { imageDataGenerator, type ImageDataGeneratorOptions } from '../../../src/augment/image/imageDataGenerator.js';
import { affineTransform } from '../../../src/augment/image/affineTransform.js';
import { flipMatrix, identityMatrix, type Affine } from '../../../src/augment/image/matrices.js';
import { tensor } from '../../../src/tensor.js';
import { Rng } from '../../../src/rng.js';
import { throwsNamed, type BadCall } from '../../helpers.js';
import type { Batch } from '../../../src/data/batch.js';

const N = 23;
const [H, W, C] = [9, 7, 2];
const rng0 = new Rng(11);
const x = tensor(Float32Array.from({ length: N * H * W * C }, () => rng0.uniform()), [N, H, W, C]);
const y = tensor(Int32Array.from({ length: N }, (_, i) => i), [N]);
const FULL: ImageDataGeneratorOptions = { rotationRange: 20, widthShiftRange: 0.1, heightShiftRange: 2, shearRange: 10, zoomRange: 0.2, horizontalFlip: true, verticalFlip: true, brightnessRange: [0.8, 1.2] };

test.before(async () => {
  await ready();
});

test('same seeds give the same batches; other seeds and later epochs differ', () => {
  const a = [...imageDataGenerator(FULL).flow(x, y, { batchSize: 5, seed: 3 })];
  const b = [...imageDataGenerator(FULL).flow(x, y, { batchSize: 5, seed: 3 })];
  assert.equal(a, b);
  const c = [...imageDataGenerator(FULL).flow(x, y, { batchSize: 5, seed: 4 })];
  assert.not.equal(a[0].xs.data, c[0].xs.data);
  const flow = imageDataGenerator({ ...FULL, seed: 9 }).flow(x, y, { batchSize: 5, shuffle: false });
  const e1 = [...flow];
  const e2 = [...flow];
  assert.equal(e1[0].ys.data, e2[0].ys.data, 'no shuffle: same order');
  assert.not.equal(e1[0].xs.data, e2[0].xs.data, 'new transforms each epoch');
  // The generator seed fixes the transforms whatever the flow's shuffling seed.
  const g1 = [...imageDataGenerator({ ...FULL, seed: 9 }).flow(x, y, { batchSize: 5, shuffle: false, seed: 1 })];
  assert.equal(g1, e1);
});

test('batches: shapes, a smaller last batch, every sample once per epoch, rows of x and y together', () => {
  const flow = imageDataGenerator().flow(x, y, { batchSize: 5, seed: 1 });
  assert.is(flow.length, 5);
  const batches: Batch[] = [...flow];
  assert.equal(batches.map((b) => b.xs.shape), [[5, H, W, C], [5, H, W, C], [5, H, W, C], [5, H, W, C], [3, H, W, C]]);
  const seen = batches.flatMap((b) => [...b.ys.data]);
  assert.equal([...seen].sort((p, q) => p - q), [...y.data]);
  assert.not.equal(seen, [...y.data], 'shuffled');
  const image = H * W * C;
  for (const b of batches) {
    assert.instance(b.ys.data, Int32Array);
    b.ys.data.forEach((k, i) => assert.equal(b.xs.data.subarray(i * image, (i + 1) * image), x.data.subarray(k * image, (k + 1) * image)));
  }
});

test('the flow equals the warp of the matrices it draws (rank-3 input, Float32 targets)', () => {
  const gray = tensor(x.data.subarray(0, N * H * W), [N, H, W]);
  const targets = tensor(Float32Array.from({ length: N * 2 }, (_, i) => i), [N, 2]);
  const options: ImageDataGeneratorOptions = { ...FULL, brightnessRange: null, fillMode: 'reflect', seed: 5 };
  const gen = imageDataGenerator(options);
  const batches = [...gen.flow(gray, targets, { batchSize: 8, shuffle: false })];
  const rng = new Rng(5).fork();
  const mats: Affine[] = Array.from({ length: N }, () => gen.randomTransform(rng, H, W).matrix);
  const want = affineTransform(gray, mats, { fillMode: 'reflect' });
  assert.equal(new Float32Array(batches.flatMap((b) => [...b.xs.data])), want.data);
  assert.equal(batches[0].xs.shape, [8, H, W]);
  assert.equal(batches[2].ys.shape, [7, 2]);
  assert.equal([...batches[2].ys.data], [32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45]);
});

test('ranges follow the Keras docs', () => {
  const rng = new Rng(1);
  const draw = (o: ImageDataGeneratorOptions, n = 400) => Array.from({ length: n }, () => imageDataGenerator(o).randomTransform(rng, 28, 28));
  // Rotation in degrees: |theta| <= 30 means cos >= cos 30.
  for (const t of draw({ rotationRange: 30 })) assert.ok(t.matrix[0] >= Math.cos(Math.PI / 6) - 1e-12 && Math.abs(t.matrix[3]) <= 0.5 + 1e-12);
  // Shift as a fraction of the width (< 1), whole pixels (integer >= 1), or choices.
  const dx = (o: ImageDataGeneratorOptions) => draw(o).map((t) => -t.matrix[2]);
  assert.ok(dx({ widthShiftRange: 0.1 }).every((d) => Math.abs(d) <= 2.8 + 1e-9));
  assert.ok(Math.max(...dx({ widthShiftRange: 0.1 }).map(Math.abs)) > 2);
  assert.equal([...new Set(dx({ widthShiftRange: 3 }))].sort(), [-2, -1, 0, 1, 2].sort(), 'integer pixels in (-3, 3)');
  assert.equal([...new Set(dx({ widthShiftRange: [0.25, 0.5] }).map((d) => Math.round(d * 1e9) / 1e9))].sort((p, q) => p - q), [-14, -7, 7, 14]);
  // Zoom z -> factors in [1 - z, 1 + z], x and y drawn independently.
  const zooms = draw({ zoomRange: 0.2 }).map((t) => [t.matrix[0], t.matrix[4]]);
  assert.ok(zooms.every(([a, b]) => a >= 0.8 && a <= 1.2 && b >= 0.8 && b <= 1.2));
  assert.ok(zooms.some(([a, b]) => Math.abs(a - b) > 0.05));
  // Flips with probability 1/2; brightness factor uniform in the range.
  const flips = draw({ horizontalFlip: true }, 1000).map((t) => t.matrix[0] === -1);
  const share = flips.filter(Boolean).length / flips.length;
  assert.ok(share > 0.43 && share < 0.57, `flip share ${share}`);
  assert.ok(draw({ horizontalFlip: true }).every((t) => [identityMatrix(), flipMatrix(true, false, 28, 28)].some((m) => m.every((v, i) => v === t.matrix[i]))));
  assert.ok(draw({ brightnessRange: [0.5, 1.5] }).every((t) => t.brightness >= 0.5 && t.brightness <= 1.5));
});

test('brightnessRange multiplies each image by its factor', () => {
  const [batch] = [...imageDataGenerator({ brightnessRange: [0.5, 1.5], seed: 2 }).flow(x, y, { batchSize: N, shuffle: false })];
  const image = H * W * C;
  const factors = new Set<number>();
  for (let i = 0; i < N; i++) {
    const f = batch.xs.data[i * image] / x.data[i * image];
    assert.ok(f >= 0.5 && f <= 1.5);
    factors.add(f);
    for (let k = 0; k < image; k++) assert.ok(Math.abs(batch.xs.data[i * image + k] - x.data[i * image + k] * f) < 1e-6);
  }
  assert.ok(factors.size > N / 2);
});

test('bad arguments are rejected with typed errors naming fn and arg', () => {
  const cases: BadCall[] = [
    [() => imageDataGenerator({ rotation_range: 10 } as never), 'imageDataGenerator', 'rotation_range'],
    [() => imageDataGenerator({ rotationRange: -1 }), 'imageDataGenerator', 'rotationRange'],
    [() => imageDataGenerator({ zoomRange: [1.2, 0.8] }), 'imageDataGenerator', 'zoomRange'],
    [() => imageDataGenerator({ zoomRange: 1.5 }), 'imageDataGenerator', 'zoomRange'],
    [() => imageDataGenerator({ brightnessRange: [1] as never }), 'imageDataGenerator', 'brightnessRange'],
    [() => imageDataGenerator({ widthShiftRange: 'a' as never }), 'imageDataGenerator', 'widthShiftRange'],
    [() => imageDataGenerator({ heightShiftRange: -0.1 }), 'imageDataGenerator', 'heightShiftRange'],
    [() => imageDataGenerator({ fillMode: 'mirror' as never }), 'imageDataGenerator', 'fillMode'],
    [() => imageDataGenerator({ horizontalFlip: 1 as never }), 'imageDataGenerator', 'horizontalFlip'],
    [() => imageDataGenerator({ seed: -1 }), 'imageDataGenerator', 'seed'],
    [() => imageDataGenerator().flow(x, y, { batchSize: 0 }), 'imageDataGenerator.flow', 'batchSize'],
    [() => imageDataGenerator().flow(x, tensor(new Int32Array(3), [3])), 'imageDataGenerator.flow', 'y'],
    [() => imageDataGenerator().flow(tensor(new Float32Array(6), [2, 3]), y), 'imageDataGenerator.flow', 'x'],
    [() => affineTransform(x, [identityMatrix()]), 'affineTransform', 'matrices'],
  ];
  throwsNamed(cases);
});

test.run();
