// Training throughput of the Keras mnist_mlp recipe (784-512(relu)-dropout 0.2-512(relu)-dropout
// 0.2-10(softmax), RMSprop 1e-3, categorical cross-entropy, batch 128) on real MNIST: simdnet against
// @tensorflow/tfjs-layers 4.22 on its wasm and cpu backends, same data, same run. The peers are slow,
// so each times a fixed number of steps (model.trainOnBatch) and we extrapolate to an epoch of 469
// steps. simdnet's step is also split into phases (Engine.profile), and the JavaScript between kernel
// calls is measured by running the same step with every wasm export replaced by a no-op.
// Rounds are interleaved (simdnet, tfjs-wasm, tfjs-cpu, ...) since this machine is shared.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../bindings/loader.js';
import { sequential, dense, dropout, rmsprop, datasets, oneHot, tensor } from '../src/index.js';
import { prepare, loadBatch } from '../src/model/data.js';

const B = 128;
const STEPS_PER_EPOCH = Math.ceil(60000 / B);
const ROUNDS = 3;
const SIMD_STEPS = 30;
const PEER_STEPS: Record<string, number> = { wasm: 4, cpu: 2 };

const m = await ready();
const { train } = await datasets.mnist();
const yAll = oneHot(train.y, 10);
const n = B * SIMD_STEPS;
const x = tensor(train.x.data.slice(0, n * 784), [n, 784]);
const y = tensor(yAll.data.slice(0, n * 10), [n, 10]);

const model = sequential({
  seed: 1,
  layers: [dense({ units: 512, activation: 'relu', inputShape: [784] }), dropout({ rate: 0.2 }), dense({ units: 512, activation: 'relu' }), dropout({ rate: 0.2 }), dense({ units: 10, activation: 'softmax' })],
});
model.compile({ optimizer: rmsprop({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const engine = model.engineFor('bench');
const data = prepare('bench', engine, x, y, null);
const order = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n); // a fixed scattered order: gathers like a shuffled epoch
engine.ensurePlan(B);

/** One simdnet "epoch" of SIMD_STEPS steps through the engine's loop; returns ms per step and the phase split. */
function simdnetRound(): { step: number; phases: number[] } {
  const prof = new Float64Array(4);
  let data_ = 0;
  engine.profile = prof;
  const t0 = performance.now();
  for (let s = 0; s < SIMD_STEPS; s++) {
    const a = performance.now();
    loadBatch(engine, data, order, s * B, B);
    data_ += performance.now() - a;
    engine.trainBatch(B);
  }
  const total = performance.now() - t0;
  engine.profile = null;
  return { step: total / SIMD_STEPS, phases: [data_, ...prof].map((v) => v / SIMD_STEPS) };
}

/** The JavaScript of a step alone: the same trainBatch with every kernel a no-op (optimizer included). */
function jsOverhead(): number {
  const e = engine as unknown as { k: unknown; ctx: { k: unknown }; step: unknown; lossFn: unknown };
  const saved = [e.k, e.ctx.k, e.step, e.lossFn];
  const noop = Object.fromEntries(Object.keys(m.exports).map((k) => [k, () => 0]));
  e.k = noop;
  e.ctx.k = noop;
  e.step = () => {};
  e.lossFn = () => 1;
  for (const l of engine.layers) (l as unknown as { forwardKernel?: unknown }).forwardKernel &&= () => 0;
  const reps = 2000;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) engine.trainBatch(B);
  const ms = (performance.now() - t0) / reps;
  [e.k, e.ctx.k, e.step, e.lossFn] = saved;
  for (const l of engine.layers) if ('forwardKernel' in l) (l as unknown as { bind: (c: unknown, io: unknown) => void; ctx: unknown; io: unknown }).bind(e.ctx, (l as unknown as { io: unknown }).io);
  return ms;
}

async function peer(backend: 'wasm' | 'cpu') {
  await tf.setBackend(backend);
  await tf.ready();
  const t = tfl.sequential({
    layers: [tfl.layers.dense({ units: 512, activation: 'relu', inputShape: [784] }), tfl.layers.dropout({ rate: 0.2 }), tfl.layers.dense({ units: 512, activation: 'relu' }), tfl.layers.dropout({ rate: 0.2 }), tfl.layers.dense({ units: 10, activation: 'softmax' })],
  });
  t.compile({ optimizer: tf.train.rmsprop(1e-3, 0.9, 0, 1e-7), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor2d(x.data.subarray(0, B * 784), [B, 784]);
  const ys = tf.tensor2d(y.data.subarray(0, B * 10), [B, 10]);
  await t.trainOnBatch(xs, ys); // warm-up
  return async () => {
    const steps = PEER_STEPS[backend];
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) await t.trainOnBatch(xs, ys);
    return (performance.now() - t0) / steps;
  };
}

simdnetRound(); // warm-up: V8 tiering and first-touch of the plan
const peers = { wasm: await peer('wasm'), cpu: await peer('cpu') };
const times: Record<string, number[]> = { simdnet: [], 'tfjs-wasm': [], 'tfjs-cpu': [] };
const phases: number[][] = [];
for (let r = 0; r < ROUNDS; r++) {
  const s = simdnetRound();
  times.simdnet.push(s.step);
  phases.push(s.phases);
  for (const b of ['wasm', 'cpu'] as const) {
    await tf.setBackend(b);
    times[`tfjs-${b}`].push(await peers[b]());
  }
}
const js = jsOverhead();

const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
const sim = med(times.simdnet);
console.log(`simdnet build: ${m.build}; mnist_mlp, batch ${B}; ${ROUNDS} interleaved rounds; medians (best); epoch = ${STEPS_PER_EPOCH} steps`);
console.log('| trainer | ms/step | samples/s | s/epoch | simdnet speed-up |');
console.log('|---|---|---|---|---|');
for (const [name, t] of Object.entries(times)) {
  const v = med(t);
  console.log(`| ${name} | ${v.toFixed(1)} (${Math.min(...t).toFixed(1)}) | ${((B / v) * 1000).toFixed(0)} | ${((v * STEPS_PER_EPOCH) / 1000).toFixed(1)} | ${(v / sim).toFixed(1)}x |`);
}
const ph = [0, 1, 2, 3, 4].map((i) => med(phases.map((p) => p[i])));
const names = ['data (gather batch)', 'zero grads + forward', 'loss + metrics', 'backward', 'optimizer'];
console.log('\nsimdnet step split (ms, median of rounds):');
console.log('| phase | ms | share |');
console.log('|---|---|---|');
names.forEach((nm, i) => console.log(`| ${nm} | ${ph[i].toFixed(2)} | ${((100 * ph[i]) / sim).toFixed(1)}% |`));
console.log(`| JavaScript between kernel calls (no-op kernels) | ${js.toFixed(4)} | ${((100 * js) / sim).toFixed(2)}% |`);
