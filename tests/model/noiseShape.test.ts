// dropout({noiseShape}), spatialDropout1D and spatialDropout2D as layers (bound directly to buffers):
// forward and backward against a float64 reference of Keras's broadcast rule (the mask drawn for the
// noise shape by the reference dropout from the TS twin of the layer's stream, then indexed with the
// broadcast dimensions held at 0), statistics of the draws, seeds, inference, and typed errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready, wasm } from '../../bindings/loader.js';
import { dropout, spatialDropout1D, spatialDropout2D, gaussianDropout, Rng, ValidationError, ShapeError, type Layer } from '../../src/index.js';
import { RngStream } from '../../src/rngStream.js';
import * as ref from '../reference/dropout.js';
import { assertClose } from '../helpers.js';

const RATE = 0.4;

/** Binds `layer` (built on `shape`) for `batch` samples; run() does forward then backward on x and dy. */
function harness(layer: Layer, shape: number[], batch: number) {
  const m = wasm();
  layer.build(shape);
  const n = batch * layer.inSize;
  const [x, y, dx, dy] = [0, 0, 0, 0].map(() => m.arena.alloc(n * 4));
  const s = layer.scratch().map((sp) => m.arena.alloc(Math.max(1, sp.perSample * batch + sp.fixed) * 4));
  layer.bind({ k: m.exports, heap: () => new Float32Array(m.memory.buffer), ws: 0, ones: 0, sink: 0 }, { x, y, dx, dy, p: [], g: [], s });
  return {
    n,
    run(xs: Float32Array, dys: Float32Array, training = true) {
      m.arena.f32(x, n).set(xs);
      m.arena.f32(dy, n).set(dys);
      m.arena.f32(dx, n).fill(0); // the model zeroes activation gradients before backward
      layer.forward(batch, training);
      if (training) layer.backward(batch);
      return { y: m.arena.f32(y, n).slice(), dx: m.arena.f32(dx, n).slice() };
    },
    free: () => [x, y, dx, dy, ...s].forEach((p) => m.arena.free(p)),
  };
}

/** Keras's rule in f64: mask of the concrete noise shape (null -> the input's size), broadcast where it is 1. */
function reference(full: number[], noise: (number | null)[], seed: number, x: Float32Array, dy: Float32Array) {
  const concrete = noise.map((e, i) => (e === null ? full[i] : e));
  const size = concrete.reduce((a, b) => a * b, 1);
  const mask = new Float64Array(size);
  ref.dropoutForward(new Float64Array(size).fill(1), new Float64Array(size), mask, size, RATE, new RngStream(seed));
  const y = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  for (let flat = 0; flat < x.length; flat++) {
    let rest = flat;
    let at = 0;
    let stride = 1;
    for (let d = full.length - 1; d >= 0; d--) {
      const i = rest % full[d];
      rest = Math.floor(rest / full[d]);
      if (concrete[d] !== 1) at += i * stride;
      stride *= concrete[d];
    }
    y[flat] = mask[at] === 0 ? 0 : x[flat] * mask[at];
    dx[flat] = dy[flat] * mask[at];
  }
  return { y, dx, mask };
}

const CASES: { what: string; layer: () => Layer; shape: number[]; noise: (number | null)[]; batch: number }[] = [
  { what: 'noiseShape [null, 1, null] (Keras docs example)', layer: () => dropout({ rate: RATE, noiseShape: [null, 1, null], seed: 3 }), shape: [5, 7], noise: [null, 1, null], batch: 3 },
  { what: 'one mask for the batch [1, 1, null]', layer: () => dropout({ rate: RATE, noiseShape: [1, 1, null], seed: 3 }), shape: [5, 7], noise: [1, 1, null], batch: 4 },
  { what: 'alternating [null, 1, null, 1] (looped blocks)', layer: () => dropout({ rate: RATE, noiseShape: [null, 1, null, 1], seed: 4 }), shape: [4, 3, 6], noise: [null, 1, null, 1], batch: 3 },
  { what: 'shared batch, sizes given [1, 4, 1, 6]', layer: () => dropout({ rate: RATE, noiseShape: [1, 4, 1, 6], seed: 5 }), shape: [4, 3, 6], noise: [1, 4, 1, 6], batch: 2 },
  { what: 'size-1 dims [null, 1, 1, null] on [1, 5, 9]', layer: () => dropout({ rate: RATE, noiseShape: [null, 1, 1, null], seed: 6 }), shape: [1, 5, 9], noise: [null, 1, 1, null], batch: 5 },
  { what: 'trailing broadcast [null, null, 1]', layer: () => dropout({ rate: RATE, noiseShape: [null, null, 1], seed: 7 }), shape: [6, 13], noise: [null, null, 1], batch: 3 },
  { what: 'all null = plain dropout', layer: () => dropout({ rate: RATE, noiseShape: [null, null], seed: 8 }), shape: [17], noise: [null, null], batch: 4 },
  { what: 'spatialDropout1D', layer: () => spatialDropout1D({ rate: RATE, seed: 9 }), shape: [5, 7], noise: [null, 1, null], batch: 3 },
  { what: 'spatialDropout1D large', layer: () => spatialDropout1D({ rate: RATE, seed: 10 }), shape: [33, 65], noise: [null, 1, null], batch: 17 },
  { what: 'spatialDropout2D channels_last', layer: () => spatialDropout2D({ rate: RATE, seed: 11 }), shape: [3, 4, 5], noise: [null, 1, 1, null], batch: 3 },
  { what: 'spatialDropout2D channels_first', layer: () => spatialDropout2D({ rate: RATE, seed: 12, dataFormat: 'channels_first' }), shape: [5, 3, 4], noise: [null, null, 1, 1], batch: 3 },
];

test.before(async () => {
  await ready();
});

test('forward and backward equal the f64 broadcast rule; inference is the identity', () => {
  const rng = new Rng(1);
  for (const c of CASES) {
    const layer = c.layer();
    const h = harness(layer, c.shape, c.batch);
    const x = Float32Array.from({ length: h.n }, () => rng.range(-3, 3));
    const dy = Float32Array.from({ length: h.n }, () => rng.range(-1, 1));
    const seed = layer.getConfig().seed as number;
    layer.seed(0); // the layer's own seed option wins over the fit seed
    const got = h.run(x, dy);
    const want = reference([c.batch, ...c.shape], c.noise, seed, x, dy);
    assert.ok(want.mask.some((v) => v === 0) && want.mask.some((v) => v !== 0), `${c.what}: both kept and dropped occur`);
    assertClose(got.y, Float32Array.from(want.y), { rtol: 1e-6, atol: 0, label: `${c.what} y` });
    assertClose(got.dx, Float32Array.from(want.dx), { rtol: 1e-6, atol: 0, label: `${c.what} dx` });
    assert.equal(h.run(x, dy, false).y, x, `${c.what}: inference`);
    h.free();
  }
});

test('statistics: whole channels dropped together, kept fraction 1 - rate over many draws', () => {
  const [B, H, W, C] = [16, 3, 4, 8];
  const layer = spatialDropout2D({ rate: RATE, seed: 21 });
  const h = harness(layer, [H, W, C], B);
  const x = new Float32Array(h.n).fill(1);
  const draws = 300;
  let kept = 0;
  for (let d = 0; d < draws; d++) {
    const { y } = h.run(x, x);
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) {
        const first = y[b * H * W * C + c];
        for (let p = 1; p < H * W; p++) assert.is(y[(b * H * W + p) * C + c], first, `draw ${d}: sample ${b} channel ${c} pixel ${p}`);
        if (first !== 0) kept++;
      }
    }
  }
  // kept ~ Binomial(draws * B * C, 1 - rate); 5 sigma: a false alarm has probability < 1e-6 (seeds fixed).
  const n = draws * B * C;
  assert.ok(Math.abs(kept - n * (1 - RATE)) < 5 * Math.sqrt(n * RATE * (1 - RATE)), `kept ${kept} of ${n}`);
  h.free();
  // One mask for the whole batch: every sample shows the same pattern.
  const shared = harness(dropout({ rate: RATE, noiseShape: [1, null], seed: 2 }), [40], 6);
  const { y } = shared.run(new Float32Array(shared.n).fill(1), new Float32Array(shared.n));
  for (let b = 1; b < 6; b++) assert.equal(y.subarray(b * 40, b * 40 + 40), y.subarray(0, 40), `sample ${b}`);
  shared.free();
});

test('seeds: the same seed repeats the masks, another seed or the next step draws others', () => {
  const x = new Float32Array(4 * 6 * 10).fill(1);
  const run = (seed: number) => {
    const layer = spatialDropout1D({ rate: 0.5 });
    const h = harness(layer, [6, 10], 4);
    layer.seed(seed);
    const a = h.run(x, x).y;
    const b = h.run(x, x).y;
    h.free();
    return [a, b];
  };
  const [a1, a2] = run(7);
  const [b1] = run(7);
  const [c1] = run(8);
  assert.equal(a1, b1);
  assert.not.equal(a1, c1);
  assert.not.equal(a1, a2);
});

test('typed errors: bad noiseShape values at creation, wrong rank or sizes at build, bad spatial options', () => {
  const isErr = (f: () => unknown, cls: typeof ValidationError, arg: string) =>
    assert.throws(f, (e: unknown) => e instanceof cls && (e as ValidationError).arg === arg, `${cls.name} on ${arg}`);
  isErr(() => dropout({ rate: 0.5, noiseShape: 'abc' as never }), ValidationError, 'noiseShape');
  isErr(() => dropout({ rate: 0.5, noiseShape: [null] }), ValidationError, 'noiseShape');
  isErr(() => dropout({ rate: 0.5, noiseShape: [null, 0] }), ValidationError, 'noiseShape[1]');
  isErr(() => dropout({ rate: 0.5, noiseShape: [null, 1.5] }), ValidationError, 'noiseShape[1]');
  isErr(() => dropout({ rate: 0.5, noiseShape: [null, '3' as never] }), ValidationError, 'noiseShape[1]');
  isErr(() => dropout({ rate: 0.5, noiseShape: [32, 1, null] }), ValidationError, 'noiseShape[0]');
  isErr(() => dropout({ rate: 0.5, noiseShape: [null, 1] }).build([5, 7]), ShapeError, 'noiseShape');
  isErr(() => dropout({ rate: 0.5, noiseShape: [null, 1, null, 1] }).build([5, 7]), ShapeError, 'noiseShape');
  isErr(() => dropout({ rate: 0.5, noiseShape: [null, 3, null] }).build([5, 7]), ShapeError, 'noiseShape[1]');
  isErr(() => spatialDropout1D({ rate: 0.5 }).build([5]), ShapeError, 'inputShape');
  isErr(() => spatialDropout2D({ rate: 0.5 }).build([4, 4]), ShapeError, 'inputShape');
  isErr(() => spatialDropout2D({ rate: 0.5, dataFormat: 'nhwc' as never }), ValidationError, 'dataFormat');
  isErr(() => spatialDropout1D({ rate: 0.5, noiseShape: [null, 1, null] } as never), ValidationError, 'noiseShape');
  isErr(() => spatialDropout1D({ rate: 1 }), ValidationError, 'rate');
  isErr(() => gaussianDropout({ rate: 0.5, noiseShape: [null, 1] } as never), ValidationError, 'noiseShape');
});

test.run();
