// V8 heap bytes allocated per training step (STYLE.md: "nothing allocates in the training loop").
// Run: npm run build && node --expose-gc --max-semi-space-size=512 dist/bench/train/allocation.js
// A young generation of 512 MB holds everything 10,000 small steps allocate, so no GC runs in the
// measured window (checked: a PerformanceObserver counts GC events, and the row says how many ran)
// and heapUsed after minus before, over the steps, is the bytes allocated per step. Two windows:
// a bare loop of Engine.trainBatch on a loaded batch, and model.fit over 10,000 batches (gathering
// batches, the loop, callbacks' bookkeeping; the epoch's shuffle is included, spread over its batches).
import { PerformanceObserver } from 'node:perf_hooks';
import { ready } from '../../bindings/loader.js';
import { adam, nadam, rmsprop, sgd, type Optimizer } from '../../src/optimizers/index.js';
import { oneCycle } from '../../src/schedules/index.js';
import { sequential } from '../../src/model/index.js';
import { dense, conv2d, maxPooling2d, dropout, flatten } from '../../src/layers/index.js';
import type { Sequential } from '../../src/model/sequential.js';
import type { Tensor } from '../../src/tensor.js';
import { tensor } from '../../src/tensor.js';
import { Rng } from '../../src/rng.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --max-semi-space-size=512');
await ready();
let gcs = 0;
new PerformanceObserver((list) => void (gcs += list.getEntries().length)).observe({ entryTypes: ['gc'] });

const N = 10_000, B = 8, F = 16, C = 4;
const rng = new Rng(1);
const x = tensor(Float32Array.from({ length: N * B * F }, () => rng.range(-0.5, 0.5)), [N * B, F]);
const y = tensor(Float32Array.from({ length: N * B * C }, (_, i) => (i % C === ((i / C) | 0) % C ? 1 : 0)), [N * B, C]);
const cycle = () => oneCycle({ maxLearningRate: 1e-2, totalSteps: 3 * N });
const variants: Record<string, () => Optimizer> = {
  'adam, constant rate': () => adam({ learningRate: 1e-3 }),
  'sgd momentum, constant rate': () => sgd({ learningRate: 1e-2, momentum: 0.9 }),
  'adam, oneCycle (beta1 cycled)': () => adam({ learningRate: cycle() }),
  'sgd, oneCycle (momentum cycled)': () => sgd({ learningRate: cycle() }),
  'nadam, oneCycle (beta1 cycled)': () => nadam({ learningRate: cycle() }),
  'rmsprop, globalClipnorm': () => rmsprop({ globalClipnorm: 1 }),
};

console.log(`| model and optimizer (batch ${B}) | Engine.trainBatch, B/step | model.fit, B/batch |\n|---|---|---|`);

/** Bytes allocated per step in the two windows (see the header); prints one row. */
async function measure(name: string, model: Sequential, optimizer: Optimizer, xs: Tensor, ys: Tensor): Promise<void> {
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  await model.fit(xs, ys, { batchSize: B, epochs: 1, verbose: 0 }); // warm-up: lets V8 optimize the loop
  let h0 = 0, g0 = 0, perBatch = 0, gcFit = 0;
  gc!();
  await model.fit(xs, ys, {
    batchSize: B, epochs: 1, verbose: 0,
    callbacks: [{
      onEpochBegin: () => void ((h0 = process.memoryUsage().heapUsed), (g0 = gcs)),
      onEpochEnd: () => void ((perBatch = (process.memoryUsage().heapUsed - h0) / N), (gcFit = gcs - g0)),
    }],
  });
  const engine = model.engineFor('bench');
  gc!();
  const g1 = gcs, h1 = process.memoryUsage().heapUsed;
  for (let i = 0; i < N; i++) engine.trainBatch(B);
  const perStep = (process.memoryUsage().heapUsed - h1) / N;
  const gcNote = (n: number) => (n ? ` (${n} GC ran: not valid)` : '');
  console.log(`| ${name} | ${perStep.toFixed(1)}${gcNote(gcs - g1)} | ${perBatch.toFixed(1)}${gcNote(gcFit)} |`);
  model.dispose();
}

for (const [name, make] of Object.entries(variants)) {
  const model = sequential({ seed: 1, layers: [dense({ units: 32, activation: 'relu', inputShape: [F] }), dense({ units: C, activation: 'softmax' })] });
  await measure(`dense 16-32-4, ${name}`, model, make(), x, y);
}
// A small CNN (conv2d, max pooling, dropout, flatten, dense) on [4, 4, 1] images: the same 16 inputs.
const cnn = sequential({
  seed: 1,
  layers: [conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [4, 4, 1] }), maxPooling2d(), dropout({ rate: 0.25 }), flatten(), dense({ units: C, activation: 'softmax' })],
});
await measure('conv2d(4, 3, same) -> maxPooling2d -> dropout -> flatten -> dense(4), adam', cnn, adam({ learningRate: 1e-3 }), tensor(x.data, [N * B, 4, 4, 1]), y);
