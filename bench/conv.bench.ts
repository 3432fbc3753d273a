// Convolution layers and the mnist_cnn step on the thread pool (`npm run bench -- conv`), issue 14:
//   1. each conv layer of Keras mnist_cnn (28x28x1 -> conv 3x3/32 -> 26x26x32 -> conv 3x3/64), plus a
//      MobileNet-like depthwise and separable layer, forward + backward at batch 128 on one thread:
//      GFLOP/s of the layer's multiply-adds (conv2d: 2·R·K·F forward, the same for dW, and for dX
//      unless it is the first layer; R = B·OH·OW, K = KH·KW·C) against the in-run peak probe, timed
//      in the same rounds. Target: >= 65% of the probe for the 3x3 layers with >= 32 channels.
//      Each conv2d layer runs twice, explicit im2col (one sample chunk at a time, then sgemm) and
//      implicit (conv2dGemm packs the patches straight from x), in the same rounds: the two ratios
//      say which is faster in this run (the default is src/layers/conv2d.ts IM2COL_DEFAULT). For explicit,
//      the share of im2col + col2im in the layer's time is printed; the target verdict is the default's;
//   2. the workspace each layer uses, in bytes (im2col columns, kept pre-activations, ...), at batch 128;
//   3. the thread-pool speed-up of mnist_cnn training steps (fit on STEPS batches of 128, adadelta)
//      on 2 threads against 1, with the machine's scaling S from the peak probe in the same rounds
//      (bench/threads/scaling.ts). Target: >= 0.8 S. 1T and 2T share the module, memory and model; 1T
//      sets the pool's split thresholds to Infinity. Steps stand in for an epoch (469 steps): a
//      step's work does not change within an epoch.
// Rounds interleave every variant (the machine is shared): best round, median in brackets. Each
// round also times the layer and the probe in process CPU time (process.cpuUsage: time the OS gave
// to other processes is not counted, which wall-clock rounds on a loaded machine cannot exclude; it
// does count every thread of the process, so an idle pool worker that spun would lower the figure).
// BENCH_ROUNDS (default 4), SIMDNET_BENCH_STEPS (default 4).
import { loadavg } from 'node:os';
import { ready } from '../bindings/loader.js';
import { setThreads } from '../bindings/threads/config.js';
import { MIN_WORK } from '../bindings/threads/gemm.js';
import { MIN_ELEMENTS } from '../bindings/threads/elementwise.js';
import { conv2d, IM2COL_DEFAULT, type Im2colMode } from '../src/layers/conv2d.js';
import { depthwiseConv2d } from '../src/layers/depthwiseConv2d.js';
import { separableConv2d } from '../src/layers/separableConv2d.js';
import type { Layer } from '../src/layers/layer.js';
import { mnistCnn } from '../src/cli/recipe.js';
import { adadelta } from '../src/optimizers/optimizer.js';
import { tensor } from '../src/tensor.js';
import { Rng } from '../src/rng.js';
import { probeCases } from './cases/probe.js';
import { measureRound, Rounds, describeMachine } from './measure.js';
import { probeRound, scaling } from './threads/scaling.js';
import { layerRig } from './conv/layerRig.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const STEPS = Number(process.env.SIMDNET_BENCH_STEPS ?? 4);
const B = 128;
const THREADS = 2;
const m = await ready();
const threads = await setThreads(THREADS);
const pool = m.pool;
console.log(`${describeMachine()}; simdnet build ${m.build}${pool ? `, threads build, pool of ${threads}` : ' (single-threaded: no speed-up section)'}; batch ${B}; ${ROUNDS} rounds; load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} at ${new Date().toISOString().slice(11, 16)} UTC`);
const on1 = () => {
  if (pool) (pool.minWork = Infinity), (pool.minElements = Infinity);
};
const on2 = () => {
  if (pool) (pool.minWork = MIN_WORK), (pool.minElements = MIN_ELEMENTS);
};

interface LayerCase { label: string; layer: () => Layer; inShape: number[]; first: boolean; flops: (l: Layer) => number; target: boolean; mode?: Im2colMode }
const convFlops = (first: boolean) => (l: Layer) => {
  const g = (l as ReturnType<typeof conv2d>).geometry;
  const gemm = 2 * B * g.OH * g.OW * g.KH * g.KW * g.C * (l as ReturnType<typeof conv2d>).filters;
  return gemm * (first ? 2 : 3);
};
const depthwiseFlops = (l: Layer) => {
  const d = l as ReturnType<typeof separableConv2d>;
  const g = d.geometry;
  const dw = 2 * B * g.OH * g.OW * g.KH * g.KW * g.C * d.depthMultiplier;
  const pw = d.className === 'SeparableConv2D' ? 2 * B * g.OH * g.OW * g.C * d.depthMultiplier * d.filters : 0;
  return 3 * (dw + pw);
};
/** A conv2d case in both im2col modes; the default mode's row carries the target. */
const convCases = (label: string, filters: number, inShape: number[], first: boolean, target: boolean): LayerCase[] =>
  (['explicit', 'implicit'] as const).map((mode) => ({
    label: `${label}, ${mode} im2col`,
    layer: () => Object.assign(conv2d({ filters, kernelSize: 3, activation: 'relu' }), { im2col: mode }),
    inShape, first, flops: convFlops(first), target: target && mode === IM2COL_DEFAULT, mode,
  }));
const CASES: LayerCase[] = [
  ...convCases('mnist_cnn conv 1: 28x28x1, 3x3, 32 (first layer: no dX)', 32, [28, 28, 1], true, false),
  ...convCases('mnist_cnn conv 2: 26x26x32, 3x3, 64', 64, [26, 26, 32], false, true),
  { label: 'depthwise 3x3 same: 28x28x32', layer: () => depthwiseConv2d({ kernelSize: 3, padding: 'same', activation: 'relu' }), inShape: [28, 28, 32], first: false, flops: depthwiseFlops, target: false },
  { label: 'separable 3x3 same: 14x14x64 -> 128', layer: () => separableConv2d({ filters: 128, kernelSize: 3, padding: 'same', activation: 'relu' }), inShape: [14, 14, 64], first: false, flops: depthwiseFlops, target: false },
];

// Only the conv2d rows: time im2col + col2im alone, in the layer's own chunks.
function im2colTask(l: Layer, first: boolean): (() => void) | null {
  if (l.className !== 'Conv2D' || (l as ReturnType<typeof conv2d>).im2col !== 'explicit') return null;
  const c = l as ReturnType<typeof conv2d>;
  const g = c.geometry;
  const chunk = c.im2colChunk;
  const x = m.arena.alloc(4 * B * g.H * g.W * g.C);
  const col = m.arena.alloc(4 * c.workspaceFloats);
  const dx = m.arena.alloc(4 * B * g.H * g.W * g.C);
  const geo = [g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW] as const;
  const sample = 4 * g.H * g.W * g.C;
  return () => {
    for (let b = 0; b < B; b += chunk) {
      const nb = Math.min(chunk, B - b);
      m.exports.im2col(x + b * sample, col, nb, ...geo);
      if (!first) m.exports.col2im(col, dx + b * sample, nb, ...geo);
    }
  };
}

const probe = probeCases.peakProbe.setup(m, probeCases.peakProbe.sizes[0]);
const rigs = CASES.map((c) => {
  const layer = c.layer();
  const rig = layerRig(m, layer, c.inShape, B, c.first);
  return { c, layer, rig, cols: im2colTask(layer, c.first) };
});

// mnist_cnn steps for the speed-up: random images and one-hot labels, STEPS batches.
const rng = new Rng(2);
const xs = tensor(Float32Array.from({ length: STEPS * B * 784 }, () => rng.uniform()), [STEPS * B, 28, 28, 1]);
const ys = tensor(new Float32Array(STEPS * B * 10).map((_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)), [STEPS * B, 10]);
const model = mnistCnn({ seed: 1 });
model.compile({ optimizer: adadelta({ learningRate: 1 }), loss: 'categoricalCrossentropy' });
await model.fit(xs, ys, { epochs: 1, batchSize: B, verbose: 0 }); // warm up
const fitOnce = () => model.fit(xs, ys, { epochs: 1, batchSize: B, verbose: 0, shuffle: false });

const rounds = new Rounds();
/** CPU milliseconds per call of `reps` calls of f, recorded under key. */
const cpuTimed = (key: string, f: () => unknown, reps: number) => {
  const c = process.cpuUsage();
  for (let i = 0; i < reps; i++) f();
  const d = process.cpuUsage(c);
  rounds.add(key, (d.user + d.system) / 1000 / reps);
};
const timeOnce = async (key: string, f: () => unknown) => {
  const t = performance.now();
  await f();
  rounds.add(key, performance.now() - t);
};
for (let r = 0; r < ROUNDS; r++) {
  on1();
  for (const [i, x] of rigs.entries()) {
    const tasks: Record<string, () => unknown> = { probe, layer: () => (x.rig.forward(), x.rig.backward()) };
    if (x.cols) tasks.cols = x.cols;
    const t = await measureRound(tasks, { time: 200, iterations: 2 });
    rounds.add(`probe ${i}`, t.probe);
    rounds.add(`layer ${i}`, t.layer);
    if (x.cols) rounds.add(`cols ${i}`, t.cols);
    cpuTimed(`probe cpu ${i}`, probe, 100);
    cpuTimed(`layer cpu ${i}`, tasks.layer, 2);
  }
  if (pool) {
    await probeRound(m, THREADS, rounds);
    on1();
    await timeOnce('fit 1T', fitOnce);
    on2();
    await timeOnce(`fit ${THREADS}T`, fitOnce);
  }
}
on2();

const PROBE_FLOPS = 96 * probeCases.peakProbe.sizes[0].iters;
const gf = (key: string, f: number, pick: 'best' | 'median' = 'best') => f / rounds[pick](key) / 1e6;
const verdicts: string[] = [];
console.log('\n| layer (batch 128, fwd+bwd, 1 thread) | GFLOP/s | peak probe | % of probe | CPU time: GFLOP/s, probe, % | im2col+col2im share | workspace bytes |');
console.log('|---|---:|---:|---:|---:|---:|---|');
for (const [i, x] of rigs.entries()) {
  const f = x.c.flops(x.layer);
  const g = gf(`layer ${i}`, f);
  const peak = gf(`probe ${i}`, PROBE_FLOPS);
  const pct = (100 * g) / peak;
  const [gCpu, peakCpu] = [gf(`layer cpu ${i}`, f), gf(`probe cpu ${i}`, PROBE_FLOPS)];
  const pctCpu = (100 * gCpu) / peakCpu;
  const share = x.cols ? `${((100 * rounds.best(`cols ${i}`)) / rounds.best(`layer ${i}`)).toFixed(0)}%` : x.c.mode ? 'n/a (implicit)' : 'n/a (no im2col)';
  const ws = Object.entries(x.rig.scratchBytes).filter(([, v]) => v > 4).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ') || 'none';
  console.log(`| ${x.c.label} | ${g.toFixed(1)} (${gf(`layer ${i}`, f, 'median').toFixed(1)}) | ${peak.toFixed(1)} | ${pct.toFixed(1)}% | ${gCpu.toFixed(1)}, ${peakCpu.toFixed(1)}, ${pctCpu.toFixed(1)}% | ${share} | ${ws} |`);
  if (x.c.target) verdicts.push(`${pct >= 65 ? 'PASS' : 'FAIL'} ${x.c.label}: ${pct.toFixed(1)}% of the peak probe (target >= 65%); in CPU time ${pctCpu.toFixed(1)}% (${pctCpu >= 65 ? 'PASS' : 'FAIL'})`);
}
// Implicit against explicit per conv2d layer: the time ratio (> 1: implicit faster), wall and CPU.
for (const [i, x] of rigs.entries()) {
  if (x.c.mode !== 'implicit') continue;
  const e = rigs.findIndex((y) => y.c.mode === 'explicit' && y.c.inShape === x.c.inShape);
  const wall = rounds.best(`layer ${e}`) / rounds.best(`layer ${i}`);
  const cpu = rounds.best(`layer cpu ${e}`) / rounds.best(`layer cpu ${i}`);
  const med = rounds.median(`layer ${e}`) / rounds.median(`layer ${i}`);
  verdicts.push(`${x.c.label.replace(/, implicit im2col$/, '')}: explicit / implicit time ${wall.toFixed(3)} (median ${med.toFixed(3)}), in CPU time ${cpu.toFixed(3)}: ${cpu > 1 ? 'implicit' : 'explicit'} faster in CPU time`);
}
console.log(`(plus the GEMM packing workspace, shared by every layer: ${m.exports.gemmWorkspaceBytes().toLocaleString('en-US')} bytes per thread)`);
if (pool) {
  const { S, gflops1, gflopsN } = scaling(rounds, THREADS);
  const t1 = rounds.best('fit 1T'), t2 = rounds.best(`fit ${THREADS}T`);
  const speedup = t1 / t2;
  console.log(`\npeak probe: 1 thread ${gflops1.toFixed(1)} GFLOP/s, ${THREADS} threads ${gflopsN.toFixed(1)} GFLOP/s -> S = ${S.toFixed(2)}`);
  console.log(`mnist_cnn training, ${STEPS} steps of ${B}: 1T ${((STEPS * B) / (t1 / 1000)).toFixed(0)} samples/s (median ${((STEPS * B) / (rounds.median('fit 1T') / 1000)).toFixed(0)}), ` +
    `${THREADS}T ${((STEPS * B) / (t2 / 1000)).toFixed(0)} samples/s (median ${((STEPS * B) / (rounds.median(`fit ${THREADS}T`) / 1000)).toFixed(0)}): speed-up ${speedup.toFixed(2)}x = ${(speedup / S).toFixed(2)} S`);
  // S well under 2 on a 2-core machine means the probe's second thread found no free core: a
  // speed-up judged against that S would pass a pool that is slower than one thread.
  if (S < 1.2) verdicts.push(`NO VERDICT mnist_cnn ${THREADS}-thread speed-up ${speedup.toFixed(2)}x: S = ${S.toFixed(2)} < 1.2, no second core was free (busy machine)`);
  else verdicts.push(`${speedup >= 0.8 * S ? 'PASS' : 'FAIL'} mnist_cnn ${THREADS}-thread speed-up ${speedup.toFixed(2)}x vs 0.8 S = ${(0.8 * S).toFixed(2)}`);
}
console.log(`\n${verdicts.join('\n')}\nload average at the end ${loadavg().map((v) => v.toFixed(2)).join(' ')} at ${new Date().toISOString().slice(11, 16)} UTC`);
model.dispose();
for (const x of rigs) x.rig.dispose();
