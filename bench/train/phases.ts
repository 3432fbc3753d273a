// Where a single-thread mnist_mlp training step goes, kernel by kernel (issue 19: "the non-GEMM part
// of a step measured per phase"). The module's exports are replaced, for one model only, by timing
// wrappers (process CPU time around each wasm call: on a shared machine wall-clock per call mostly
// measures how long the OS kept the process waiting; the CPU clock has microsecond resolution, which
// averages out over the thousands of calls of a round), so every call the step makes (layers, loss,
// optimizer with its undo journal, guard copies, zero fills) is attributed to a phase by its export name and, for sgemm, by its
// arguments: TN = dW, NT = dX, NN with M = 1 = the bias gradient (a GEMM against a ones row), other
// NN = forward. What no wasm call covers (the JS batch gather, the engine's and layers' JavaScript,
// the timers themselves) is the "JavaScript" rows. Each GEMM phase also prints its GFLOP/s and its
// % of the single-thread peak probe timed between the rounds of the same run.
// Rounds alternate with probe rounds (10 probe calls, CPU time). Per phase the table gives the
// per-step CPU time of its best round (the shares are of their sum) and the mean over all rounds.
import type { Tensor } from '../../src/tensor.js';
import type { Engine } from '../../src/model/engine.js';
import type { RawExports, WasmModule } from '../../bindings/loader.js';
import { mnistMlp } from '../../src/cli/recipe.js';
import { rmsprop } from '../../src/optimizers/optimizer.js';
import { prepare, loadBatch } from '../../src/model/data.js';
import { Rng } from '../../src/rng.js';

/** Phase of one wasm call (export name and arguments). */
function phaseOf(name: string, a: number[]): string {
  if (name === 'sgemm' || name === 'sgemmVariant') {
    const o = name === 'sgemm' ? 0 : 1; // sgemmVariant's first argument is the variant
    if (a[o]) return 'GEMM dW (TN, beta 1)';
    if (a[o + 1]) return 'GEMM dX (NT)';
    return a[o + 2] === 1 ? 'bias gradient (1 x rows GEMM with ones)' : 'GEMM forward (NN, bias + relu fused)';
  }
  if (name === 'activationBackwardBias') return 'activation backward + bias gradient (fused)';
  if (name === 'activationBackward' || name === 'softmaxBackward') return 'activation backward';
  if (name === 'activationForward' || name === 'softmaxForward') return 'activation forward';
  if (name === 'dropoutForward') return 'dropout forward (mask draw)';
  if (name === 'dropoutBackward') return 'dropout backward';
  if (name.endsWith('Step')) return 'optimizer (RMSprop, one call, undo journal and non-finite count fused)';
  if (name === 'copyF32') return 'guard copies (copyF32: weights outside the optimizer, undos)';
  if (name === 'hasNonFinite') return 'guard check (hasNonFinite: weights outside the optimizer)';
  if (name === 'fillF32') return 'zero fills (gradients, dz)';
  if (/crossentropy|Loss|loss/i.test(name)) return `loss + its gradient (${name})`;
  return `other wasm (${name})`;
}

/** GEMM FLOPs of a call (2·M·N·K), 0 for other exports. */
function flopsOf(name: string, a: number[]): number {
  if (name === 'sgemm') return 2 * a[2] * a[3] * a[4];
  if (name === 'sgemmVariant') return 2 * a[3] * a[4] * a[5];
  return 0;
}

interface Acc {
  /** ms of each round so far; calls and flops over all rounds. */
  ms: number[];
  calls: number;
  flops: number;
}

/** Exports whose every function call adds its time to `acc` (keyed by phaseOf). */
function timedExports(raw: RawExports, acc: Map<string, Acc>, on: { timing: boolean; round: number }): RawExports {
  const out: RawExports = {};
  for (const [name, f] of Object.entries(raw)) {
    if (typeof f !== 'function') {
      (out as Record<string, unknown>)[name] = f;
      continue;
    }
    out[name] = (...args: number[]) => {
      if (!on.timing) return f(...args);
      const t = cpuMs();
      const r = f(...args);
      const dt = cpuMs() - t;
      const key = phaseOf(name, args);
      const e = acc.get(key) ?? { ms: [], calls: 0, flops: 0 };
      e.ms[on.round] = (e.ms[on.round] ?? 0) + dt;
      e.calls++;
      e.flops += flopsOf(name, args);
      acc.set(key, e);
      return r;
    };
  }
  return out;
}

const PROBE_ITERS = 1 << 18;

/** Process CPU time so far, ms (user + system; microsecond resolution). */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** The phase table of `steps` x `rounds` single-thread mnist_mlp steps on module m (whose pool, if any, is at 1 thread). */
export async function stepPhases(m: WasmModule, x: Tensor<Float32Array>, y: Tensor<Float32Array>, batch: number, steps = 40, rounds = 5): Promise<void> {
  const acc = new Map<string, Acc>();
  const on = { timing: false, round: 0 };
  const raw = m.exports;
  const mm = m as { exports: RawExports };
  mm.exports = timedExports(raw, acc, on); // read by the model built below (engine, layers, optimizer, guard)
  try {
    await timedRounds(m, raw, on, x, y, batch, steps, rounds, acc);
  } finally {
    mm.exports = raw;
  }
}

/** Builds the model on the timing exports (installed in m), warms it up, runs the rounds and prints the table. */
async function timedRounds(m: WasmModule, raw: RawExports, on: { timing: boolean; round: number }, x: Tensor<Float32Array>, y: Tensor<Float32Array>, batch: number, steps: number, rounds: number, acc: Map<string, Acc>): Promise<void> {
  const model = mnistMlp({ seed: 1 });
  model.compile({ optimizer: rmsprop({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const n = steps * batch;
  const xs = { data: x.data.subarray(0, n * 784), shape: [n, 784] };
  const ys = { data: y.data.subarray(0, n * 10), shape: [n, 10] };
  await model.fit(xs, ys, { epochs: 1, batchSize: batch, verbose: 0, seed: 1 }); // builds and warms up
  const engine = model.engineFor('bench') as Engine;
  const data = prepare('bench', engine, x, y, null);
  engine.ensurePlan(batch);
  const idx = new Rng(1).shuffle(Int32Array.from({ length: steps * batch }, (_, i) => i));
  const gatherMs: number[] = [];
  const stepMs: number[] = [];
  let cpuTotal = 0;
  let wallMs = 0;
  let probeBest = Infinity;
  const probe = () => raw.peakProbe(PROBE_ITERS, 0.999, 0.001);
  probe();
  for (let r = 0; r < rounds; r++) {
    for (let p = 0; p < 3; p++) {
      const t = cpuMs();
      for (let i = 0; i < 10; i++) probe();
      probeBest = Math.min(probeBest, (cpuMs() - t) / 10);
    }
    on.timing = true;
    on.round = r;
    gatherMs[r] = 0;
    stepMs[r] = 0;
    const c0 = cpuMs();
    const w0 = performance.now();
    for (let s = 0; s < steps; s++) {
      const t = cpuMs();
      loadBatch(engine, data, idx, s * batch, batch);
      const t1 = cpuMs();
      engine.trainBatch(batch);
      const t2 = cpuMs();
      gatherMs[r] += t1 - t;
      stepMs[r] += t2 - t1;
    }
    wallMs += performance.now() - w0;
    cpuTotal += cpuMs() - c0;
    on.timing = false;
  }
  model.dispose();
  const peak = (96 * PROBE_ITERS) / probeBest / 1e6;
  const best = (a: number[]) => Math.min(...a) / steps;
  const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / (rounds * steps);
  const rows = [...acc.entries()].map(([k, e]) => ({ k, best: best(e.ms), mean: mean(e.ms), calls: e.calls / (rounds * steps), flops: e.flops / (rounds * steps) }));
  rows.sort((p, q) => q.best - p.best);
  // JavaScript of the step: per round, the step's time minus its wasm calls' time.
  const wasmPerRound = stepMs.map((_, r) => rows.reduce((s, row) => s + (acc.get(row.k)!.ms[r] ?? 0), 0));
  const jsPerRound = stepMs.map((v, r) => v - wasmPerRound[r]);
  rows.push({ k: 'batch gather (JavaScript copy into wasm memory)', best: best(gatherMs), mean: mean(gatherMs), calls: 0, flops: 0 });
  rows.push({ k: 'JavaScript between the calls (engine, layers, timers)', best: best(jsPerRound), mean: mean(jsPerRound), calls: 0, flops: 0 });
  const sum = rows.reduce((s, r) => s + r.best, 0);
  const stepBest = Math.min(...stepMs.map((v, r) => v + gatherMs[r])) / steps;
  console.log(`\n## A 1-thread mnist_mlp step by phase (build ${m.build}, batch ${batch}, ${rounds} rounds of ${steps} steps; in-run probe ${peak.toFixed(1)} GFLOP/s; CPU time)`);
  console.log('| phase | CPU ms/step, best round | share | mean of rounds | calls/step | GFLOP/s (best) | % of probe |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const g = r.flops ? r.flops / r.best / 1e6 : 0;
    console.log(`| ${r.k} | ${r.best.toFixed(3)} | ${((100 * r.best) / sum).toFixed(1)}% | ${r.mean.toFixed(3)} | ${r.calls ? r.calls.toFixed(0) : ''} | ${g ? g.toFixed(1) : ''} | ${g ? `${((100 * g) / peak).toFixed(0)}%` : ''} |`);
  }
  console.log(`| **sum of the best rounds** | ${sum.toFixed(3)} | 100% | | | | |`);
  const gemm = rows.filter((r) => r.flops > 0);
  const gemmMs = gemm.reduce((s, r) => s + r.best, 0);
  const gemmFlops = gemm.reduce((s, r) => s + r.flops, 0);
  console.log(`\nGEMM (all sgemm calls, best rounds): ${gemmMs.toFixed(2)} ms/step = ${((100 * gemmMs) / sum).toFixed(0)}% of the step, ${(gemmFlops / gemmMs / 1e6).toFixed(1)} GFLOP/s = ${((100 * gemmFlops) / gemmMs / 1e6 / peak).toFixed(0)}% of the probe; the rest ${(sum - gemmMs).toFixed(2)} ms/step. Step floor (GEMM FLOPs / probe) ${(gemmFlops / peak / 1e6).toFixed(2)} ms; best whole round ${stepBest.toFixed(2)} ms/step. Process CPU time / wall time over the rounds: ${(cpuTotal / wallMs).toFixed(2)} (below 1: the process waited for a core).`);
}
