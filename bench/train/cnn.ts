// mnist_cnn (Keras mnist_cnn: src/cli/recipe.ts mnistCnn) against tfjs-layers 4.22 in one process, on
// random [128, 28, 28, 1] batches, one thread each (simdnet: setThreads(1); tfjs-wasm is single-
// threaded in Node, bench/tfjs.ts): training samples/s of simdnet vs tfjs-layers on the cpu backend
// (time-limited: SIMDNET_BENCH_CPU_STEPS steps, default 1), the error tfjs-layers' fit raises on the
// wasm backend (evidence that it cannot train this model), and predict samples/s vs tfjs-wasm.
// Run: npm run build && node dist/bench/train/cnn.js
import * as tfl from '@tensorflow/tfjs-layers';
import { loadTfjs, useBackend } from '../tfjs.js';
import { ready } from '../../bindings/loader.js';
import { setThreads } from '../../bindings/threads/config.js';
import { mnistCnn } from '../../src/cli/recipe.js';
import { adadelta } from '../../src/optimizers/optimizer.js';
import { tensor } from '../../src/tensor.js';
import { Rng } from '../../src/rng.js';

const B = 128;
const STEPS = Number(process.env.SIMDNET_BENCH_STEPS ?? 10);
const CPU_STEPS = Number(process.env.SIMDNET_BENCH_CPU_STEPS ?? 1);
await ready();
await setThreads(1);
const tf = await loadTfjs();
const rng = new Rng(1);
const xData = Float32Array.from({ length: B * 784 }, () => rng.uniform());
const yData = new Float32Array(B * 10).map((_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0));

const ours = mnistCnn({ seed: 1 });
ours.compile({ optimizer: adadelta({ learningRate: 1 }), loss: 'categoricalCrossentropy' });
const xs = tensor(xData, [B, 28, 28, 1]);
const ys = tensor(yData, [B, 10]);
await ours.fit(xs, ys, { epochs: 2, batchSize: B, verbose: 0 });
let t = performance.now();
await ours.fit(xs, ys, { epochs: STEPS, batchSize: B, verbose: 0 });
const oursTrain = (STEPS * B) / ((performance.now() - t) / 1000);
ours.predict(xs, { batchSize: B });
t = performance.now();
for (let i = 0; i < STEPS; i++) ours.predict(xs, { batchSize: B });
const oursPredict = (STEPS * B) / ((performance.now() - t) / 1000);

console.log(`simdnet mnist_cnn, 1 thread: training ${oursTrain.toFixed(0)} samples/s, predict ${oursPredict.toFixed(0)} samples/s`);

function tfjsModel(): tfl.Sequential {
  const m = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }), tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }), tfl.layers.dropout({ rate: 0.25 }), tfl.layers.flatten(), tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.5 }), tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: tf.train.adadelta(1), loss: 'categoricalCrossentropy' });
  return m;
}

await useBackend(tf, 'wasm');
let wasmError = 'none';
let wasmPredict = NaN;
{
  const m = tfjsModel();
  const x = tf.tensor4d(xData, [B, 28, 28, 1]);
  const y = tf.tensor2d(yData, [B, 10]);
  (m.predict(x) as any).dispose();
  t = performance.now();
  for (let i = 0; i < STEPS; i++) (m.predict(x) as any).dataSync();
  wasmPredict = (STEPS * B) / ((performance.now() - t) / 1000);
  try {
    await m.fit(x, y, { epochs: 1, batchSize: B, verbose: 0 });
  } catch (e) {
    wasmError = (e as Error).message.split('\n')[0];
  }
}
console.log(`tfjs-layers wasm: predict ${wasmPredict.toFixed(0)} samples/s; fit: ${wasmError}`);
await useBackend(tf, 'cpu');
let cpuTrain = NaN;
if (CPU_STEPS > 0) {
  const m = tfjsModel();
  const x = tf.tensor4d(xData, [B, 28, 28, 1]);
  const y = tf.tensor2d(yData, [B, 10]);
  t = performance.now();
  await m.fit(x, y, { epochs: CPU_STEPS, batchSize: B, verbose: 0 });
  cpuTrain = (CPU_STEPS * B) / ((performance.now() - t) / 1000);
}
console.log(`\nmnist_cnn, batch ${B}, 1 thread each (${STEPS} simdnet steps, ${CPU_STEPS} tfjs-cpu step(s), no warm-up for tfjs-cpu)`);
console.log('| | simdnet | tfjs-layers cpu | tfjs-layers wasm | simdnet / peer |\n|---|---|---|---|---|');
console.log(`| training, samples/s | ${oursTrain.toFixed(0)} | ${cpuTrain.toFixed(2)} | fit fails: "${wasmError}" | ${(oursTrain / cpuTrain).toFixed(0)}x cpu |`);
console.log(`| predict, samples/s | ${oursPredict.toFixed(0)} | | ${wasmPredict.toFixed(0)} | ${(oursPredict / wasmPredict).toFixed(2)}x wasm |`);
