// conv2d forward and backward against the direct six-deep loop (tests/reference/conv.ts) on awkward
// shapes: odd and even H, W; 1x1, 2x3, 3x3, 4x4, 5x5 kernels; stride 2; dilation 2; 'same' with even
// kernels (TensorFlow pads the extra row/column at the bottom/right); C = 1, 3 and not a multiple of
// 4; batch 1; several im2col chunks with a partial last one; fused relu/tanh, kept-z gelu; every build;
// both im2col modes (explicit, implicit), whose forward outputs must also agree bit for bit.
// Tolerance: the float32 bound γ_n·Σ|terms| (tests/layers/convHarness.ts), n = 2·(terms) + slack for
// the K-slice and chunk accumulations and the epilogue; a wrong or missing tap is about one
// term ≈ Σ|terms| / terms, far above it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { conv2d, Conv2D, type Conv2DOptions } from '../../src/layers/conv2d.js';
import { conv2dRef, conv2dBackwardRef, type Geometry } from '../reference/conv.js';
import { Rng } from '../../src/rng.js';
import { moduleFor, testBuilds, randomArray, throwsArg } from '../helpers.js';
import { sequential, flatten, dense, maxPooling2d, tensor } from '../../src/index.js';
import { ShapeError } from '../../src/errors.js';
import { ready } from '../../bindings/loader.js';
import { runLayer, assertBound, abs } from './convHarness.js';

interface Case { B: number; H: number; W: number; C: number; F: number; o: Omit<Conv2DOptions, 'filters'> }

const CASES: Case[] = [
  { B: 1, H: 5, W: 7, C: 1, F: 3, o: { kernelSize: 3 } },
  { B: 2, H: 6, W: 6, C: 3, F: 5, o: { kernelSize: [2, 3], padding: 'same' } },
  { B: 2, H: 9, W: 8, C: 5, F: 4, o: { kernelSize: 5, strides: 2, padding: 'same', activation: 'relu' } },
  { B: 1, H: 7, W: 6, C: 3, F: 8, o: { kernelSize: 3, dilationRate: 2, activation: 'tanh' } },
  { B: 3, H: 4, W: 5, C: 6, F: 7, o: { kernelSize: 1 } }, // pointwise: no im2col
  { B: 2, H: 8, W: 7, C: 2, F: 3, o: { kernelSize: 1, strides: 2 } },
  { B: 1, H: 10, W: 11, C: 4, F: 9, o: { kernelSize: 4, strides: [2, 3], padding: 'same', activation: 'gelu' } },
  { B: 2, H: 6, W: 6, C: 5, F: 4, o: { kernelSize: 2, dilationRate: [2, 1], padding: 'same' } },
  { B: 2, H: 5, W: 5, C: 3, F: 2, o: { kernelSize: 5, padding: 'valid', useBias: false } }, // kernel = input
  { B: 3, H: 20, W: 20, C: 32, F: 4, o: { kernelSize: 3, activation: 'relu' } }, // 2 samples per chunk: chunks 2 + 1
];

/** Each case's explicit-im2col output, which the implicit run must reproduce bit for bit. */
const explicitY: ArrayLike<number>[] = [];

function geometry(l: Conv2D, B: number): Geometry {
  return { B, ...l.geometry };
}

/** dz = act'(.)·dy for the reference (relu, tanh from y; gelu from z). */
function dzOf(name: string, z: Float64Array, dy: Float32Array): Float64Array {
  return Float64Array.from(dy, (d, i) => {
    const v = z[i];
    if (name === 'relu') return v > 0 ? d : 0;
    if (name === 'tanh') return d * (1 - Math.tanh(v) ** 2);
    if (name === 'gelu') {
      const cdf = 0.5 * (1 + erf(v / Math.SQRT2));
      return d * (cdf + (v * Math.exp((-v * v) / 2)) / Math.sqrt(2 * Math.PI));
    }
    return d;
  });
}

function act(name: string, v: number): number {
  if (name === 'relu') return Math.max(v, 0);
  if (name === 'tanh') return Math.tanh(v);
  if (name === 'gelu') return 0.5 * v * (1 + erf(v / Math.SQRT2));
  return v;
}

/** erf by Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7): well inside the tolerance of the gelu case. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

test('conv2d forward and backward match the direct loop on awkward shapes, every build, both im2col modes', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [ci, c] of CASES.entries()) for (const im2col of ['explicit', 'implicit'] as const) {
      const rng = new Rng(c.H * 31 + c.C);
      const layer = Object.assign(conv2d({ filters: c.F, ...c.o }), { im2col });
      layer.build([c.H, c.W, c.C]);
      const g = geometry(layer, c.B);
      const K = g.KH * g.KW * g.C;
      const x = randomArray(rng, c.B * c.H * c.W * c.C);
      const w = randomArray(rng, K * c.F);
      const bias = layer.useBias ? randomArray(rng, c.F) : null;
      const dy = randomArray(rng, c.B * g.OH * g.OW * c.F);
      const run = runLayer(m, layer, [c.H, c.W, c.C], c.B, x, bias ? [w, bias] : [w], dy);
      const label = `${build} ${im2col} ${JSON.stringify(c)}`;
      if (im2col === 'explicit') explicitY[ci] = run.y;
      else assert.equal(Array.from(run.y), Array.from(explicitY[ci]), `${label}: y differs from explicit im2col`);
      assert.equal(layer.outShape, [g.OH, g.OW, c.F], `${label}: output shape`);
      const name = layer.activation.name;
      const z = conv2dRef(x, w, bias, c.F, g);
      const mag = conv2dRef(abs(x), abs(w), bias ? abs(bias) : null, c.F, g);
      // The activation adds its own error (our tanh/gelu approximations are within ~2e-6 relative).
      const yWant = z.map((v) => act(name, v));
      const slack = name === 'linear' || name === 'relu' ? 0 : 64;
      assertBound(run.y, yWant, mag.map((v) => v + 1), 2 * K + 16 + slack, `${label} y`);
      const dz = dzOf(name, z, dy);
      const ref = conv2dBackwardRef(x, w, dz, c.F, g);
      const refMag = conv2dBackwardRef(abs(x), abs(w), abs(dz), c.F, g);
      const rows = c.B * g.OH * g.OW;
      // A gelu/tanh dz differs from the float64 one by the activation's error: scale it in as terms.
      const n = 2 * Math.max(rows, K, c.F) + 2 * c.B + 16 + slack * 4;
      assertBound(run.dx, ref.dx, refMag.dx, n, `${label} dx`);
      assertBound(run.grads[0], ref.dw, refMag.dw, n, `${label} dKernel`);
      if (bias) assertBound(run.grads[1], ref.db, refMag.db, n, `${label} dBias`);
    }
  }
});

test('conv2d output shapes follow Keras/TensorFlow: valid, same (ceil), strides, dilation', () => {
  const shape = (o: Omit<Conv2DOptions, 'filters'>, inShape: number[]) => conv2d({ filters: 2, ...o }).build(inShape);
  assert.equal(shape({ kernelSize: 3 }, [28, 28, 1]), [26, 26, 2]);
  assert.equal(shape({ kernelSize: 3, strides: 2 }, [28, 28, 1]), [13, 13, 2]);
  assert.equal(shape({ kernelSize: 3, strides: 2, padding: 'same' }, [7, 8, 1]), [4, 4, 2]);
  assert.equal(shape({ kernelSize: [2, 4], padding: 'same' }, [5, 5, 3]), [5, 5, 2]);
  assert.equal(shape({ kernelSize: 3, dilationRate: 2 }, [9, 7, 1]), [5, 3, 2]);
  // 'same' with an even kernel pads one more row at the bottom, as TensorFlow: top padding floor(1/2) = 0.
  const l = conv2d({ filters: 1, kernelSize: 2, padding: 'same' });
  l.build([4, 4, 1]);
  assert.equal([l.geometry.PT, l.geometry.PL], [0, 0]);
  const l4 = conv2d({ filters: 1, kernelSize: 4, padding: 'same' });
  l4.build([6, 6, 1]);
  assert.equal([l4.geometry.PT, l4.geometry.PL], [1, 1]); // total 3: 1 on top, 2 at the bottom
});

test('bad conv2d options and inputs raise typed errors naming the argument, before any wasm call', async () => {
  await ready();
  const bad: [() => unknown, string][] = [
    [() => conv2d({ filters: 0, kernelSize: 3 }), 'filters'],
    [() => conv2d({ filters: 2.5, kernelSize: 3 }), 'filters'],
    [() => conv2d({ filters: 2 } as Conv2DOptions), 'kernelSize'],
    [() => conv2d({ filters: 2, kernelSize: 1.5 }), 'kernelSize'],
    [() => conv2d({ filters: 2, kernelSize: [3, 0] }), 'kernelSize[1]'],
    [() => conv2d({ filters: 2, kernelSize: [3, 3, 3] as never }), 'kernelSize'],
    [() => conv2d({ filters: 2, kernelSize: 3, strides: -1 }), 'strides'],
    [() => conv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 }), 'dilationRate'],
    [() => conv2d({ filters: 2, kernelSize: 3, strides: [1, 2], dilationRate: [2, 1] }), 'dilationRate'],
    [() => conv2d({ filters: 2, kernelSize: 3, padding: 'full' as never }), 'padding'],
    [() => conv2d({ filters: 2, kernelSize: 3, kernel_size: 3 } as never), 'kernel_size'],
    // @ts-expect-error 'nope' is not an activation name: a compile error, and a ValidationError at run time
    [() => conv2d({ filters: 2, kernelSize: 3, activation: 'nope' }), 'activation'],
    // Flat and channel-less inputs, a kernel larger than the input (empty output).
    [() => conv2d({ filters: 2, kernelSize: 3 }).build([784]), 'inputShape'],
    [() => conv2d({ filters: 2, kernelSize: 3 }).build([28, 28]), 'inputShape'],
    [() => conv2d({ filters: 2, kernelSize: 3 }).build([2, 5, 1]), 'kernelSize'],
    [() => conv2d({ filters: 2, kernelSize: 3, dilationRate: 3 }).build([6, 6, 1]), 'kernelSize'],
  ];
  for (const [call, arg] of bad) throwsArg(call, arg);
  // 'same' pads: a kernel larger than the input is fine there (as Keras).
  assert.equal(conv2d({ filters: 2, kernelSize: 5, padding: 'same' }).build([2, 3, 1]), [2, 3, 2]);
  // Through a model: the shape error names the layer, and nothing is built.
  let error: unknown = null;
  try {
    sequential({ layers: [conv2d({ filters: 2, kernelSize: 3, inputShape: [784] }), flatten(), dense({ units: 2 })] }).build([784]);
  } catch (e) {
    error = e;
  }
  assert.instance(error, ShapeError);
  assert.match(String(error), /reshape/);
});

test('a CNN whose third layer cannot fit its input is not half-built: no arena bytes, memory not grown, the error again on predict', async () => {
  const mod = await ready();
  const [used, bytes] = [mod.arena.bytesInUse, mod.memory.buffer.byteLength];
  // 7x7 -> conv 3x3 -> 5x5 -> pool 2 -> 2x2 -> conv 3x3 'valid': the kernel is larger than its input.
  const m = sequential({ layers: [conv2d({ filters: 8, kernelSize: 3, inputShape: [7, 7, 2] }), maxPooling2d(), conv2d({ filters: 4, kernelSize: 3, name: 'late' }), flatten(), dense({ units: 2 })] });
  const late = (e: unknown) => e instanceof ShapeError && e.arg === 'kernelSize' && e.fn === "conv2d 'late'" && /\[2, 2\]/.test(e.message);
  assert.throws(() => m.build(), late);
  assert.is(m.built, false);
  assert.is(mod.arena.bytesInUse, used, 'no arena bytes taken');
  assert.is(mod.memory.buffer.byteLength, bytes, 'memory not grown');
  assert.throws(() => m.predict(tensor(new Float32Array(2 * 98), [2, 7, 7, 2])), late);
  assert.is(mod.arena.bytesInUse, used);
});

test.run();
