// Optimizer steps and reductions over the mnist_mlp parameter arena (784-512-512-10: 669,706 floats),
// the size one training step updates: wasm kernels (assembly/kernels/optim.ts, reduce.ts) against a
// naive TypeScript loop (the references of tests/reference/ on Float32Arrays) and against TensorFlow.js
// 4.22 (tf.train optimizers' applyGradients, tf.sum, tf.norm) on its wasm and cpu backends, all in one
// run. Rounds are interleaved (wasm, TS, tfjs, ...) because this machine is shared: the table gives
// the median round (best in parentheses), GB/s from the registry's byte counts, and speed-ups.
import { Bench } from 'tinybench';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { ready } from '../bindings/loader.js';
import { KERNELS } from '../bindings/registry.js';
import { BENCH_CASES } from './cases/index.js';
import { optimReferences } from '../tests/reference/optim.js';
import { reduceReferences } from '../tests/reference/reduce.js';
import { Rng } from '../src/rng.js';

const N = 669_706;
const ROUNDS = 3;
const m = await ready();
const rng = new Rng(1);
const arr = (lo = -1, hi = 1) => Float32Array.from({ length: N }, () => rng.range(lo, hi));
const x = arr(), g = arr(-0.01, 0.01);

/** Per kernel: the same call through the TS reference, each optimizer on its own copy of the state. */
function ts(name: string, call: (p: Float32Array, s: Float32Array[]) => unknown): () => unknown {
  const p = x.slice(), s = [new Float32Array(N), new Float32Array(N), new Float32Array(N)];
  return () => call(p, s);
}
const O = optimReferences, Rd = reduceReferences;
const TS: Record<string, () => unknown> = {
  sgdStep: ts('sgd', (p, s) => O.sgdStep(p, g, s[0], N, 0.01, 0.9, 10, 1, 0, 0.004, 1)),
  rmspropStep: ts('rmsprop', (p, s) => O.rmspropStep(p, g, s[0], s[1], s[2], N, 0.001, 0.9, 0, 1e-7, 10, 1, 0, 0.004, 0)),
  adamStep: ts('adam', (p, s) => O.adamStep(p, g, s[0], s[1], s[2], N, 0.001, 0.9, 0.999, 1e-7, 10, 1, 0, 0.004, 0)),
  adagradStep: ts('adagrad', (p, s) => O.adagradStep(p, g, s[0], N, 0.001, 1e-7, 10, 1, 0, 0.004)),
  adadeltaStep: ts('adadelta', (p, s) => O.adadeltaStep(p, g, s[0], s[1], N, 0.001, 0.95, 1e-7, 10, 1, 0, 0.004)),
  adamaxStep: ts('adamax', (p, s) => O.adamaxStep(p, g, s[0], s[1], N, 0.001, 0.9, 0.999, 1e-7, 10, 1, 0, 0.004)),
  nadamStep: ts('nadam', (p, s) => O.nadamStep(p, g, s[0], s[1], N, 0.001, 0.9, 0.999, 1e-7, 10, 1, 0, 0.004)),
  sum: () => Rd.sum(x, N),
  sumSquares: () => Rd.sumSquares(x, N),
  l2Norm: () => Rd.l2Norm(x, N),
  hasNonFinite: () => Rd.hasNonFinite(x, N),
};

/** TF.js counterparts, per backend: one optimizer step over a single variable of N floats. */
async function tfjsTasks(backend: string): Promise<Record<string, () => unknown>> {
  await tf.setBackend(backend);
  await tf.ready();
  const w = tf.variable(tf.tensor1d(x), true, `w_${backend}`);
  const grad = tf.tensor1d(g);
  const xt = tf.tensor1d(x);
  void w;
  const opt = (o: tf.Optimizer) => () => o.applyGradients({ [`w_${backend}`]: grad });
  return {
    sgdStep: opt(tf.train.momentum(0.01, 0.9, true)),
    rmspropStep: opt(tf.train.rmsprop(0.001, 0.9, 0, 1e-7)),
    adamStep: opt(tf.train.adam(0.001, 0.9, 0.999, 1e-7)),
    adagradStep: opt(tf.train.adagrad(0.001, 0.1)),
    adadeltaStep: opt(tf.train.adadelta(0.001, 0.95, 1e-7)),
    adamaxStep: opt(tf.train.adamax(0.001, 0.9, 0.999, 1e-7)),
    sum: () => tf.tidy(() => tf.sum(xt).dataSync()),
    sumSquares: () => tf.tidy(() => tf.sum(tf.square(xt)).dataSync()),
    l2Norm: () => tf.tidy(() => tf.norm(xt).dataSync()),
    hasNonFinite: () => tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(xt))).dataSync()),
  };
}

const peers: Record<string, Record<string, () => unknown>> = { 'tfjs-wasm': await tfjsTasks('wasm'), 'tfjs-cpu': await tfjsTasks('cpu') };
const names = Object.keys(TS);
const times: Record<string, Record<string, number[]>> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const name of names) {
    // A few iterations bound the cost of tfjs-cpu (hundreds of ms per call); fast tasks run for `time`.
    const bench = new Bench({ time: 150, warmupTime: 30, iterations: 4, warmupIterations: 2 });
    bench.add('wasm', BENCH_CASES[name].setup(m, { n: N }));
    bench.add('ts', TS[name]);
    for (const [peer, tasks] of Object.entries(peers)) {
      if (!tasks[name]) continue;
      await tf.setBackend(peer.slice(5));
      bench.add(peer, tasks[name]);
    }
    // Run tasks one at a time so that each tfjs task runs on its own backend.
    for (const task of bench.tasks) {
      if (task.name.startsWith('tfjs')) await tf.setBackend(task.name.slice(5));
      await task.run();
      const r = task.result as { latency?: { p50: number } };
      ((times[name] ??= {})[task.name] ??= []).push(r.latency?.p50 ?? NaN);
    }
  }
}

const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
const ms = (a?: number[]) => (a ? `${med(a).toFixed(3)} (${Math.min(...a).toFixed(3)})` : 'n/a');
console.log(`simdnet build: ${m.build}; n = ${N.toLocaleString('en-US')} floats; ${ROUNDS} interleaved rounds; times in ms, median (best)`);
console.log('| kernel | wasm ms | wasm GB/s | TS loop ms | tfjs-wasm ms | tfjs-cpu ms | vs TS | vs tfjs-wasm | vs tfjs-cpu |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const name of names) {
  const t = times[name];
  const bytes = KERNELS.find((k) => k.name === name)!.bytes!({ n: N });
  const w = med(t.wasm);
  const ratio = (peer: string) => (t[peer] ? `${(med(t[peer]) / w).toFixed(1)}x` : 'n/a');
  console.log(`| ${name} | ${ms(t.wasm)} | ${(bytes / (w * 1e6)).toFixed(1)} | ${ms(t.ts)} | ${ms(t['tfjs-wasm'])} | ${ms(t['tfjs-cpu'])} | ${ratio('ts')} | ${ratio('tfjs-wasm')} | ${ratio('tfjs-cpu')} |`);
}
