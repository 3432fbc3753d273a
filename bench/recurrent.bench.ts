// Recurrent training steps (`npm run bench -- recurrent`), issue 15 "Speed": a 1-layer LSTM(128) (also with
// dropout and recurrentDropout 0.2, which split the recurrent GEMMs per gate block: src/layers/recurrent/rnnDropout.ts) and
// GRU(128) (resetAfter true and false) over 64 timesteps of 32 features, batch 32, dense(1) head, MSE,
// Adam, one thread: milliseconds per training step (forward, BPTT, optimizer), samples/s, and the
// GFLOP/s of the step's GEMMs (counted below from the layer's loops: the input projection and dW over
// all steps, the per-step recurrent products and their NT backward, dR; no dx: first layer) against
// the in-run peak probe, timed in the same interleaved rounds (best round, median in brackets), in
// process CPU time: on this shared machine a 35 ms step is preempted many times, so wall-clock time
// mostly measures the wait (load 10-18: 290 ms wall for 35 ms of CPU), while the 0.5 ms probe fits
// in one time slice and would make the ratio meaningless. Wall-clock samples/s are printed too.
// Peer (CPU time too): tfjs-layers 4.22 training the same LSTM (recurrentActivation 'sigmoid', as ours) on its cpu
// backend (SIMDNET_BENCH_CPU_STEPS steps, default 1, no warm-up: it is slow) and on its wasm backend
// (steps, or the error it raises). Target (issue 15): LSTM >= 20x tfjs-layers cpu.
// BENCH_ROUNDS (default 4).
import { loadavg } from 'node:os';
import * as tfl from '@tensorflow/tfjs-layers';
import { ready } from '../bindings/loader.js';
import { setThreads } from '../bindings/threads/config.js';
import { sequential, type Sequential } from '../src/model/sequential.js';
import { lstm } from '../src/layers/recurrent/lstm.js';
import { gru } from '../src/layers/recurrent/gru.js';
import { dense } from '../src/layers/dense.js';
import { adam } from '../src/optimizers/optimizer.js';
import { tensor } from '../src/tensor.js';
import { Rng } from '../src/rng.js';
import { prepare, loadBatch } from '../src/model/data.js';
import { iota } from '../src/model/evaluate.js';
import { probeCases } from './cases/probe.js';
import { Rounds, describeMachine } from './measure.js';
import { loadTfjs, useBackend } from './tfjs.js';

const [T, C, U, B] = [64, 32, 128, 32];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CPU_STEPS = Number(process.env.SIMDNET_BENCH_CPU_STEPS ?? 1);
const m = await ready();
await setThreads(1);
console.log(`${describeMachine()}; simdnet build ${m.build}, 1 thread; T ${T}, features ${C}, units ${U}, batch ${B}; ${ROUNDS} rounds; load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} at ${new Date().toISOString().slice(11, 16)} UTC`);

const rng = new Rng(1);
const xData = Float32Array.from({ length: B * T * C }, () => rng.range(-1, 1));
const yData = Float32Array.from({ length: B }, () => rng.range(-1, 1));

const KINDS = ['lstm', 'lstmDrop', 'gru', 'gruV2'] as const;
type Kind = (typeof KINDS)[number];

/** GEMM FLOPs of one training step, as the layers run them (src/layers/recurrent/{lstm,gru}.ts). */
function stepFlops(kind: Kind): number {
  if (kind === 'lstmDrop') kind = 'lstm'; // the same products, split per gate block
  const G = kind === 'lstm' ? 4 : 3;
  const input = 2 * (2 * T * B * C * G * U); // projection + dW
  const dR = 2 * T * B * U * G * U;
  if (kind === 'lstm') return input + dR + 2 * (2 * (T - 1) * B * U * G * U); // h·R forward (s > 0), dz·Rᵀ backward (s > 0)
  const fwd = T * 2 * B * U * G * U; // every step, s = 0 included (the recurrent bias / r·h)
  const bwd = kind === 'gru' ? (T - 1) * 2 * B * G * U * U : T * 2 * B * U * U + (T - 1) * 2 * B * 2 * U * U;
  return input + dR + fwd + bwd;
}

function model(kind: Kind): Sequential {
  const cell = kind === 'lstm' ? lstm({ units: U, inputShape: [T, C] }) : kind === 'lstmDrop' ? lstm({ units: U, dropout: 0.2, recurrentDropout: 0.2, seed: 1, inputShape: [T, C] }) : gru({ units: U, resetAfter: kind === 'gru', inputShape: [T, C] });
  const s = sequential({ seed: 1, layers: [cell, dense({ units: 1 })] });
  s.compile({ optimizer: adam(), loss: 'meanSquaredError' });
  return s;
}

/** One training step on a preloaded batch (the engine's hot path, as fit runs it per batch). */
function stepper(s: Sequential): () => number {
  const engine = s.engineFor('bench');
  engine.ensurePlan(B);
  loadBatch(engine, prepare('bench', engine, tensor(xData, [B, T, C]), tensor(yData, [B, 1]), null), iota(B), 0, B);
  s.layers.forEach((l) => l.stochastic && l.seed(1)); // fit would seed the dropout streams
  return () => engine.trainBatch(B);
}

const LABEL = { lstm: 'LSTM(128)', lstmDrop: 'LSTM(128) dropout 0.2, recurrentDropout 0.2 (per-gate GEMMs)', gru: 'GRU(128) resetAfter true', gruV2: 'GRU(128) resetAfter false' };
const steps = Object.fromEntries(KINDS.map((k) => [k, stepper(model(k))]));
const probe = probeCases.peakProbe.setup(m, probeCases.peakProbe.sizes[0]);
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const rounds = new Rounds();
const wall = new Rounds();
const tasks: Record<string, () => unknown> = { probe, ...steps };
for (const f of Object.values(tasks)) for (let i = 0; i < 3; i++) f(); // warm up (V8 tiers up)
for (let r = 0; r < ROUNDS; r++) {
  for (const [k, f] of Object.entries(tasks)) {
    const n = k === 'probe' ? 200 : 5;
    const [c0, w0] = [cpuMs(), performance.now()];
    for (let i = 0; i < n; i++) f();
    rounds.add(k, (cpuMs() - c0) / n);
    wall.add(k, (performance.now() - w0) / n);
  }
}
const PROBE_FLOPS = 96 * probeCases.peakProbe.sizes[0].iters;
const peak = PROBE_FLOPS / rounds.best('probe') / 1e6;
console.log(`\n| model (T ${T}, batch ${B}, 1 thread) | GEMM GFLOP per step | CPU ms per step | samples/s (CPU) | GEMM GFLOP/s | % of probe (${peak.toFixed(1)} GFLOP/s) | samples/s wall-clock |\n|---|---|---|---|---|---|---|`);
const samples: Record<string, number> = {};
for (const k of KINDS) {
  const f = stepFlops(k);
  const [best, med] = [rounds.best(k), rounds.median(k)];
  samples[k] = (B * 1000) / best;
  const g = f / best / 1e6;
  console.log(`| ${LABEL[k]} | ${(f / 1e9).toFixed(3)} | ${best.toFixed(2)} (${med.toFixed(2)}) | ${samples[k].toFixed(0)} (${((B * 1000) / med).toFixed(0)}) | ${g.toFixed(1)} (${(f / med / 1e6).toFixed(1)}) | ${((100 * g) / peak).toFixed(1)}% | ${((B * 1000) / wall.best(k)).toFixed(0)} |`);
}

// tfjs-layers: the same LSTM. Its Orthogonal initializer throws on these backends in Node (4.22:
// "rMat.flatten is not a function"), so its recurrent kernel starts from glorotUniform (no effect on speed).
const tf = await loadTfjs();
const peer: Record<string, string> = {};
for (const backend of ['wasm', 'cpu'] as const) {
  await useBackend(tf, backend);
  const t = tfl.sequential({ layers: [tfl.layers.lstm({ units: U, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform', inputShape: [T, C] }), tfl.layers.dense({ units: 1 })] });
  t.compile({ optimizer: tf.train.adam(), loss: 'meanSquaredError' });
  const x = tf.tensor3d(xData, [B, T, C]);
  const y = tf.tensor2d(yData, [B, 1]);
  const n = backend === 'cpu' ? CPU_STEPS : 3;
  try {
    if (n === 0) throw new Error('skipped (SIMDNET_BENCH_CPU_STEPS=0)');
    if (backend === 'wasm') await t.trainOnBatch(x, y); // warm up
    const t0 = cpuMs();
    for (let i = 0; i < n; i++) await t.trainOnBatch(x, y);
    const sps = (n * B * 1000) / (cpuMs() - t0); // CPU time, as ours
    peer[backend] = `${sps.toFixed(1)} samples/s (${n} step${n > 1 ? 's' : ''}); simdnet LSTM ${(samples.lstm / sps).toFixed(1)}x`;
    if (backend === 'cpu') console.log(`\n${samples.lstm / sps >= 20 ? 'PASS' : 'FAIL'} LSTM(128) training vs tfjs-layers cpu: ${(samples.lstm / sps).toFixed(1)}x (target >= 20x)`);
  } catch (e) {
    peer[backend] = `fails: "${(e as Error).message.split('\n')[0]}"`;
  }
  tf.dispose([x, y]);
  t.dispose();
}
console.log(`tfjs-layers 4.22 LSTM(128) training, cpu backend: ${peer.cpu}`);
console.log(`tfjs-layers 4.22 LSTM(128) training, wasm backend: ${peer.wasm}`);
console.log(`load average after: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
