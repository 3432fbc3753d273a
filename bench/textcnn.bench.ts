// The embedding + conv1d text classifier (issue 15 "Speed", arm (a); `npm run bench -- textcnn`; the
// LSTM arm is recurrent.bench.ts): token ids [32, 64] -> embedding(10000, 64) -> conv1d(128, 5, relu)
// -> globalMaxPooling1d -> dense(1, sigmoid), binary cross-entropy, Adam, one thread each.
// Timed as recurrent.bench.ts does, for the same reason: one training step on a preloaded batch (the
// engine's hot path, as fit runs it per batch), in process CPU time (on this shared machine wall
// time mostly measures the wait for a core), interleaved round by round with the in-run 1-thread
// peak probe; best round, median in brackets; wall-clock samples/s printed too.
// Prints the GFLOP/s of the step's conv1d GEMMs against the probe (forward, dKernel and dCol, each
// 2·R·K·D·F with R = B·(T-K+1) rows; the embedding's dx is never needed: token ids).
// Peer, CPU time too: tfjs-layers 4.22 trainOnBatch on the same model on its cpu backend
// (SIMDNET_BENCH_CPU_STEPS steps, default 1, no warm-up: its conv gradients are plain JS loops, a
// step takes minutes) and on its wasm backend, where the step is expected to fail: tfjs-backend-wasm
// has neither UnsortedSegmentSum (the Embedding gradient, tensorflow/tfjs#8082) nor
// Conv2DBackpropFilter; the error is printed as the evidence. Target: >= 20x cpu.
// BENCH_ROUNDS (default 4), SIMDNET_BENCH_STEPS simdnet steps per round (default 10).
import { loadavg } from 'node:os';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadTfjs, useBackend, type Tf } from './tfjs.js';
import { ready } from '../bindings/loader.js';
import { setThreads } from '../bindings/threads/config.js';
import { sequential, embedding, conv1d, globalMaxPooling1d, dense, adam, tensor, Rng } from '../src/index.js';
import { prepare, loadBatch } from '../src/model/data.js';
import { iota } from '../src/model/evaluate.js';
import { probeCases } from './cases/probe.js';
import { Rounds, describeMachine } from './measure.js';

const [B, T, V, D, F, K] = [32, 64, 10000, 64, 128, 5];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const STEPS = Number(process.env.SIMDNET_BENCH_STEPS ?? 10);
const CPU_STEPS = Number(process.env.SIMDNET_BENCH_CPU_STEPS ?? 1);
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const m = await ready();
await setThreads(1);
console.log(`${describeMachine()}; simdnet build ${m.build}, 1 thread; batch ${B}, T ${T}, vocab ${V}, embedding ${D}, conv1d ${F}x${K}; ${ROUNDS} rounds; load average ${load()} at ${new Date().toISOString().slice(11, 16)} UTC`);

const rng = new Rng(1);
const ids = Int32Array.from({ length: B * T }, () => rng.int(V));
const labels = Float32Array.from({ length: B }, (_, i) => i % 2);
const convFlops = 3 * 2 * B * (T - K + 1) * K * D * F;

const ours = sequential({ seed: 1, layers: [embedding({ inputDim: V, outputDim: D, inputShape: [T] }), conv1d({ filters: F, kernelSize: K, activation: 'relu' }), globalMaxPooling1d(), dense({ units: 1, activation: 'sigmoid' })] });
ours.compile({ optimizer: adam(), loss: 'binaryCrossentropy' });
const engine = ours.engineFor('bench');
engine.ensurePlan(B);
loadBatch(engine, prepare('bench', engine, tensor(ids, [B, T]), tensor(labels, [B, 1]), null), iota(B), 0, B);
const step = () => engine.trainBatch(B);
const probe = probeCases.peakProbe.setup(m, probeCases.peakProbe.sizes[0]);
const PROBE_FLOPS = 96 * probeCases.peakProbe.sizes[0].iters; // bindings/specs/probe.ts: 12 f32x4 multiply-adds per iteration
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const rounds = new Rounds();
const wall = new Rounds();
const tasks: Record<string, () => unknown> = { probe, step };
for (const f of Object.values(tasks)) for (let i = 0; i < 3; i++) f(); // warm up (V8 tiers up)
for (let r = 0; r < ROUNDS; r++) {
  for (const [k, f] of Object.entries(tasks)) {
    const n = k === 'probe' ? 200 : STEPS;
    const [c0, w0] = [cpuMs(), performance.now()];
    for (let i = 0; i < n; i++) f();
    rounds.add(k, (cpuMs() - c0) / n);
    wall.add(k, (performance.now() - w0) / n);
  }
}
ours.dispose();
const peak = PROBE_FLOPS / rounds.best('probe') / 1e6;
const samples = (B * 1000) / rounds.best('step');
const gflops = convFlops / rounds.best('step') / 1e6;
console.log(`\n| text CNN (batch ${B}, T ${T}, 1 thread) | CPU ms per step | samples/s (CPU) | conv1d GEMM GFLOP/s | % of probe (${peak.toFixed(1)} GFLOP/s) | samples/s wall-clock |\n|---|---|---|---|---|---|`);
console.log(`| simdnet | ${rounds.best('step').toFixed(2)} (${rounds.median('step').toFixed(2)}) | ${samples.toFixed(0)} (${((B * 1000) / rounds.median('step')).toFixed(0)}) | ${gflops.toFixed(1)} | ${((100 * gflops) / peak).toFixed(1)}% | ${((B * 1000) / wall.best('step')).toFixed(0)} |`);

function tfjsModel(tf: Tf): tfl.Sequential {
  const t = tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: V, outputDim: D, inputLength: T }), tfl.layers.conv1d({ filters: F, kernelSize: K, activation: 'relu' }), tfl.layers.globalMaxPooling1d({}), tfl.layers.dense({ units: 1, activation: 'sigmoid' })] });
  t.compile({ optimizer: tf.train.adam(), loss: 'binaryCrossentropy' });
  return t;
}
const tf = await loadTfjs();
const peer: Record<string, string> = {};
let cpuSamples = NaN;
for (const backend of ['wasm', 'cpu'] as const) {
  await useBackend(tf, backend);
  const t = tfjsModel(tf);
  const x = tf.tensor2d(ids, [B, T], 'int32');
  const y = tf.tensor2d(labels, [B, 1]);
  const n = backend === 'cpu' ? CPU_STEPS : 3;
  try {
    if (n === 0) throw new Error('skipped (SIMDNET_BENCH_CPU_STEPS=0)');
    if (backend === 'wasm') await t.trainOnBatch(x, y); // warm up (the cpu step takes minutes: no warm-up, as recurrent.bench.ts)
    const c0 = cpuMs();
    for (let i = 0; i < n; i++) await t.trainOnBatch(x, y);
    const sps = (n * B * 1000) / (cpuMs() - c0);
    if (backend === 'cpu') cpuSamples = sps;
    peer[backend] = `${sps.toFixed(1)} samples/s (CPU time, ${n} step${n > 1 ? 's' : ''}); simdnet ${(samples / sps).toFixed(1)}x`;
  } catch (e) {
    peer[backend] = `fails: "${(e as Error).message.split('\n')[0]}"`;
  }
  tf.dispose([x, y]);
  t.dispose();
}
console.log(`\ntfjs-layers 4.22 text CNN training, cpu backend: ${peer.cpu}`);
console.log(`tfjs-layers 4.22 text CNN training, wasm backend: ${peer.wasm}`);
const ratio = samples / cpuSamples;
console.log(`${ratio >= 20 ? 'PASS' : Number.isNaN(ratio) ? 'NO PEER' : 'FAIL'} text CNN training vs tfjs-layers cpu: ${ratio.toFixed(1)}x (target >= 20x)`);
console.log(`load average after: ${load()}`);
