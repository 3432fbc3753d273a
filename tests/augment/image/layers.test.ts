// The random image preprocessing layers: in training each equals the kernel applied with parameters
// drawn by Keras's documented rule from the layer's seeded Rng (re-derived here independently);
// at inference each is the identity; seeds reproduce; they sit in a model, train, and leave predict
// untouched; bad arguments are typed errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready, wasm } from '../../../bindings/loader.js';
import {
  randomRotation, randomTranslation, randomZoom, randomFlip, randomBrightness, randomContrast,
  affineTransform, rotationMatrix, translationMatrix, zoomMatrix, flipMatrix, type Affine,
  sequential, dense, flatten, tensor, Rng, SimdnetError, layerFromConfig, type Layer,
} from '../../../src/index.js';
import * as ref from '../../reference/warp.js';
import { assertClose, throwsNamed, type BadCall } from '../../helpers.js';

const [B, H, W, C] = [6, 9, 11, 3];
const SIZE = H * W * C;
const rng0 = new Rng(4);
const X = Float32Array.from({ length: B * SIZE }, () => rng0.uniform());

/** Binds a layer to fresh buffers for B images of [H, W, C] and returns forward(training) -> output. */
function harness(layer: Layer, shape: number[] = [H, W, C]): (training: boolean) => Float32Array {
  const m = wasm();
  layer.build(shape);
  const x = m.arena.alloc(X.length * 4);
  const y = m.arena.alloc(X.length * 4);
  const s = layer.scratch().map((sp) => m.arena.alloc((sp.perSample * B + sp.fixed) * 4));
  layer.bind({ k: m.exports, heap: () => new Float32Array(m.memory.buffer), ws: 0, ones: 0, sink: 0 }, { x, y, dx: 0, dy: 0, p: [], g: [], s });
  return (training) => {
    m.arena.f32(x, X.length).set(X);
    layer.forward(B, training);
    return m.arena.f32(y, X.length).slice();
  };
}

const images = tensor(X, [B, H, W, C]);
const warpOf = (mats: Affine[], fillMode: 'reflect' | 'constant' = 'reflect', interpolation: 'bilinear' | 'nearest' = 'bilinear') => affineTransform(images, mats, { fillMode, interpolation }).data;

test.before(async () => {
  await ready();
});

test('randomRotation: angle = u * 2pi, u uniform in [-factor, factor]', () => {
  const out = harness(randomRotation({ factor: 0.2, seed: 7 }))(true);
  const rng = new Rng(7);
  assert.equal(out, warpOf(Array.from({ length: B }, () => rotationMatrix(rng.range(-0.2, 0.2) * 2 * Math.PI, H, W))));
  const pair = harness(randomRotation({ factor: [0.1, 0.3], seed: 7, fillMode: 'constant', interpolation: 'nearest' }))(true);
  const r2 = new Rng(7);
  assert.equal(pair, warpOf(Array.from({ length: B }, () => rotationMatrix(r2.range(0.1, 0.3) * 2 * Math.PI, H, W)), 'constant', 'nearest'));
});

test('randomTranslation: shifts of u * height and u * width (height drawn first)', () => {
  const out = harness(randomTranslation({ heightFactor: 0.2, widthFactor: [-0.1, 0.3], seed: 3 }))(true);
  const rng = new Rng(3);
  const mats = Array.from({ length: B }, () => {
    const dy = rng.range(-0.2, 0.2) * H;
    return translationMatrix(rng.range(-0.1, 0.3) * W, dy);
  });
  assert.equal(out, warpOf(mats));
});

test('randomZoom: sampling factor 1 + u (positive zooms out), width follows height unless given', () => {
  const same = harness(randomZoom({ heightFactor: 0.3, seed: 5 }))(true);
  const rng = new Rng(5);
  assert.equal(same, warpOf(Array.from({ length: B }, () => {
    const z = 1 + rng.range(-0.3, 0.3);
    return zoomMatrix(z, z, H, W);
  })));
  const both = harness(randomZoom({ heightFactor: [-0.2, -0.1], widthFactor: [0.1, 0.2], seed: 5 }))(true);
  const r2 = new Rng(5);
  assert.equal(both, warpOf(Array.from({ length: B }, () => {
    const zy = 1 + r2.range(-0.2, -0.1);
    return zoomMatrix(1 + r2.range(0.1, 0.2), zy, H, W);
  })));
});

test('randomFlip: each image is itself or its exact mirror, both happen', () => {
  for (const mode of ['horizontal', 'vertical', 'horizontal_and_vertical'] as const) {
    const out = harness(randomFlip({ mode, seed: 1 }))(true);
    const options = mode === 'horizontal' ? [[false, false], [true, false]] : mode === 'vertical' ? [[false, false], [false, true]] : [[false, false], [true, false], [false, true], [true, true]];
    const candidates = options.map(([h, v]) => warpOf(Array(B).fill(flipMatrix(h, v, H, W)), 'reflect', 'nearest'));
    const used = new Set<number>();
    for (let i = 0; i < B; i++) {
      const img = out.subarray(i * SIZE, (i + 1) * SIZE);
      const k = candidates.findIndex((c) => c.subarray(i * SIZE, (i + 1) * SIZE).every((v, j) => v === img[j]));
      assert.ok(k >= 0, `${mode}: image ${i} is neither the input nor a mirror`);
      used.add(k);
    }
    assert.ok(used.size >= 2, `${mode}: only one outcome in ${B} images`);
  }
});

test('randomBrightness: x + u * (high - low), clipped to valueRange', () => {
  const out = harness(randomBrightness({ factor: 0.3, valueRange: [0, 1], seed: 9 }))(true);
  const rng = new Rng(9);
  const want = new Float32Array(X.length);
  const deltas = Float32Array.from({ length: B }, () => rng.range(-0.3, 0.3));
  ref.adjustBrightness(X, want, new Float32Array(B).fill(1), deltas, B, SIZE, 0, 1);
  assert.equal(out, want);
  assert.ok(out.some((v) => v === 1) && out.some((v) => v === 0), 'clipping happened');
});

test('randomContrast: factor uniform in [1 - lower, 1 + upper], per-channel mean, clipped', () => {
  const out = harness(randomContrast({ factor: [0.5, 0.2], valueRange: [0, 1], seed: 2 }))(true);
  const rng = new Rng(2);
  const factors = Float32Array.from({ length: B }, () => rng.range(0.5, 1.2));
  const want = new Float32Array(X.length);
  ref.adjustContrast(X, want, factors, B, H * W, C, 0, 1);
  assertClose(out, want, { rtol: 1e-6, atol: 1e-7 });
});

const ALL = () => [
  randomRotation({ factor: 0.1, seed: 1 }), randomTranslation({ heightFactor: 0.1, widthFactor: 0.1, seed: 1 }),
  randomZoom({ heightFactor: 0.1, seed: 1 }), randomFlip({ seed: 1 }), randomBrightness({ factor: 0.1, seed: 1 }),
  randomContrast({ factor: 0.1, seed: 1 }),
];

test('identity at inference; a fixed seed reproduces whatever fit seeds; without one, fit seeds decide', () => {
  for (const layer of ALL()) assert.equal(harness(layer)(false), X, `${layer.className} at inference`);
  const layers = ALL();
  const again = ALL();
  layers.forEach((layer, i) => {
    const a = harness(layer);
    const b = harness(again[i]);
    layer.seed(11);
    again[i].seed(12);
    assert.equal(a(true), b(true), `${layer.className}: same fixed seed`);
    assert.not.equal(a(true), X, `${layer.className}: changes the images in training`);
  });
  const u = randomRotation({ factor: 0.1 });
  const v = randomRotation({ factor: 0.1 });
  const fu = harness(u);
  const fv = harness(v);
  u.seed(5);
  v.seed(5);
  assert.equal(fu(true), fv(true), 'same fit seed');
  v.seed(6);
  assert.not.equal(fu(true), fv(true), 'other fit seed');
});

test('in a model: trains, must come first, and leaves predict untouched; configs round-trip', async () => {
  const n = 40;
  const rng = new Rng(8);
  const x = tensor(Float32Array.from({ length: n * 8 * 8 }, () => rng.uniform()), [n, 8, 8]);
  const aug = [randomFlip({ mode: 'horizontal', seed: 1, inputShape: [8, 8] }), randomRotation({ factor: 0.05, seed: 2 }), randomZoom({ heightFactor: 0.1, seed: 3 }), randomContrast({ factor: 0.2, valueRange: [0, 1], seed: 4 })];
  const model = sequential({ seed: 1, layers: [...aug, flatten(), dense({ units: 3, activation: 'softmax' })] });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const y = tensor(Int32Array.from({ length: n }, (_, i) => i % 3), [n]);
  const history = await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 1 });
  assert.ok(history.history.loss.length === 2 && history.history.loss.every(Number.isFinite), 'trains with augmentation layers');
  const plain = sequential({ layers: [flatten({ inputShape: [8, 8] }), dense({ units: 3, activation: 'softmax' })] });
  plain.build([8, 8]);
  plain.setWeights(model.getWeights());
  assert.equal(model.predict(x).data, plain.predict(x).data, 'augmentation is the identity in predict');
  const late = sequential({ layers: [flatten({ inputShape: [8, 8] }), randomFlip()] });
  try {
    late.build();
    assert.unreachable('an augmentation layer after a flatten was accepted');
  } catch (e) {
    assert.instance(e, SimdnetError);
  }
  for (const layer of ALL()) {
    layer.name = layer.className.toLowerCase();
    const copy = layerFromConfig('test', layer.className, layer.getConfig());
    assert.equal(copy.getConfig(), layer.getConfig(), layer.className);
  }
  model.dispose();
  plain.dispose();
});

test('bad arguments are rejected with typed errors naming fn and arg', () => {
  const cases: BadCall[] = [
    [() => randomRotation({ factor: 1.5 }), 'randomRotation', 'factor'],
    [() => randomRotation({} as never), 'randomRotation', 'factor'],
    [() => randomRotation({ factor: 0.1, fillMode: 'mirror' as never }), 'randomRotation', 'fillMode'],
    [() => randomRotation({ factor: 0.1, interpolation: 'bicubic' as never }), 'randomRotation', 'interpolation'],
    [() => randomRotation({ factor: 0.1, seed: 1.5 }), 'randomRotation', 'seed'],
    [() => randomTranslation({ heightFactor: 0.1 } as never), 'randomTranslation', 'widthFactor'],
    [() => randomZoom({ heightFactor: [0.1, 2] }), 'randomZoom', 'heightFactor'],
    [() => randomFlip({ mode: 'diagonal' as never }), 'randomFlip', 'mode'],
    [() => randomFlip({ fillMode: 'constant' } as never), 'randomFlip', 'fillMode'],
    [() => randomBrightness({ factor: 0.1, valueRange: [1, 0] }), 'randomBrightness', 'valueRange'],
    [() => randomContrast({ factor: -0.1 }), 'randomContrast', 'factor'],
    [() => randomContrast({ factor: 0.1, typo: 1 } as never), 'randomContrast', 'typo'],
    [() => randomRotation({ factor: 0.1 }).build([28]), 'RandomRotation', 'inputShape'],
  ];
  throwsNamed(cases);
});

test.run();
