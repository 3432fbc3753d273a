// Where a mnist_cnn training step goes on 1 thread and on the pool's threads, in one process (issue
// 14's 2-thread speed-up): every wasm call the step makes is timed in wall-clock time (process CPU
// time would count both threads of a split call) and attributed to the layer whose forward or
// backward made it (or to the engine: gradient zeroing, loss, optimizer, guard), and within it to the
// export (for GEMMs: forward, dW, dX, bias gradient by their transposes and M). The batch gather and
// the JavaScript between the calls are rows of their own. 1T and 2T rounds alternate on the same
// model and module; 1T sets the pool's split floors to Infinity, as bench/conv.bench.ts does.
// A phase's 2T/1T ratio says what it gained: 0.5 is a perfect split, 1.0 is serial work.
import type { Engine } from '../../src/model/engine.js';
import type { RawExports, WasmModule } from '../../bindings/loader.js';
import type { Layer } from '../../src/layers/layer.js';
import { MIN_WORK } from '../../bindings/threads/gemm.js';
import { MIN_ELEMENTS } from '../../bindings/threads/elementwise.js';
import { mnistCnn } from '../../src/cli/recipe.js';
import { adadelta } from '../../src/optimizers/optimizer.js';
import { prepare, loadBatch } from '../../src/model/data.js';
import { tensor } from '../../src/tensor.js';
import { Rng } from '../../src/rng.js';

/** Export call -> phase name within its layer. */
function callPhase(name: string, a: number[]): string {
  if (name === 'sgemm') return a[0] ? 'GEMM dW (TN)' : a[1] ? 'GEMM dX (NT)' : a[2] === 1 ? 'GEMM bias grad (ones)' : 'GEMM forward (NN)';
  if (name === 'conv2dGemm') return a[1] ? 'convGemm dW (implicit, TN)' : 'convGemm forward (implicit)';
  return name;
}

interface Acc { ms: Map<string, number[]>; calls: Map<string, number> }

/** Per-phase wall ms of each arm's rounds (key: phase, then arm), with the step split into rows. */
export async function cnnStepPhases(m: WasmModule, batch: number, steps: number, rounds: number, threads: number): Promise<void> {
  const pool = m.pool;
  if (!pool) throw new Error('cnnStepPhases: needs a threaded module');
  const raw = m.exports;
  const acc: Acc = { ms: new Map(), calls: new Map() };
  const on = { timing: false, slot: 0, owner: 'engine' };
  const add = (key: string, dt: number) => {
    const v = acc.ms.get(key) ?? [];
    v[on.slot] = (v[on.slot] ?? 0) + dt;
    acc.ms.set(key, v);
    acc.calls.set(key, (acc.calls.get(key) ?? 0) + 1);
  };
  const wrapped: RawExports = {};
  for (const [name, f] of Object.entries(raw)) {
    if (typeof f !== 'function') {
      (wrapped as Record<string, unknown>)[name] = f;
      continue;
    }
    wrapped[name] = (...args: number[]) => {
      if (!on.timing) return f(...args);
      const t = performance.now();
      const r = f(...args);
      add(`${on.owner}: ${callPhase(name, args)}`, performance.now() - t);
      return r;
    };
  }
  const mm = m as { exports: RawExports };
  mm.exports = wrapped;
  try {
    const model = mnistCnn({ seed: 1 });
    model.compile({ optimizer: adadelta({ learningRate: 1 }), loss: 'categoricalCrossentropy' });
    const rng = new Rng(2);
    const n = steps * batch;
    const xs = tensor(Float32Array.from({ length: n * 784 }, () => rng.uniform()), [n, 28, 28, 1]);
    const ys = tensor(new Float32Array(n * 10).map((_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)), [n, 10]);
    await model.fit(xs, ys, { epochs: 1, batchSize: batch, verbose: 0 }); // builds, warms up
    const engine = model.engineFor('bench') as Engine;
    // Layer forward/backward wrapped so that their calls are attributed to them.
    engine.layers.forEach((l: Layer, i) => {
      const fwd = l.forward.bind(l), bwd = l.backward.bind(l);
      const tag = `${i} ${l.className}`;
      l.forward = (b: number, t: boolean) => timedOwner(`${tag} fwd`, () => fwd(b, t));
      l.backward = (b: number) => timedOwner(`${tag} bwd`, () => bwd(b));
    });
    function timedOwner(owner: string, f: () => void): void {
      if (!on.timing) return f();
      const prev = on.owner;
      on.owner = owner;
      const t = performance.now();
      try {
        f();
      } finally {
        add(`${owner} (whole)`, performance.now() - t);
        on.owner = prev;
      }
    }
    const data = prepare('bench', engine, xs, ys, null);
    engine.ensurePlan(batch);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    const arms = [1, threads];
    for (let r = 0; r < rounds; r++) {
      for (const [a, th] of arms.entries()) {
        pool.minWork = th === 1 ? Infinity : MIN_WORK;
        pool.minElements = th === 1 ? Infinity : MIN_ELEMENTS;
        for (let s = 0; s < steps; s++) engine.trainBatch(batch); // untimed: the policy settles per arm
        on.slot = r * 2 + a;
        on.timing = true;
        for (let s = 0; s < steps; s++) {
          on.owner = 'engine';
          let t = performance.now();
          loadBatch(engine, data, idx, s * batch, batch);
          add('batch gather (JS)', performance.now() - t);
          t = performance.now();
          engine.trainBatch(batch);
          add('STEP (trainBatch)', performance.now() - t);
        }
        on.timing = false;
      }
    }
    pool.minWork = MIN_WORK;
    pool.minElements = MIN_ELEMENTS;
    model.dispose();
  } finally {
    mm.exports = raw;
  }
  const best = (v: number[], a: number) => Math.min(...v.filter((_, i) => i % 2 === a && v[i] !== undefined)) / steps;
  const keys = [...acc.ms.keys()].sort((p, q) => (p.startsWith('STEP') ? -1 : q.startsWith('STEP') ? 1 : p < q ? -1 : 1));
  console.log(`\n## mnist_cnn step by phase, batch ${batch}, ${rounds} rounds of ${steps} steps per arm; wall ms per step, best round`);
  console.log(`| phase | calls/step | 1T ms | ${threads}T ms | ${threads}T / 1T | 1T - ${threads}T ms |`);
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const k of keys) {
    const v = acc.ms.get(k)!;
    const t1 = best(v, 0), t2 = best(v, 1);
    if (t1 < 0.05 && t2 < 0.05) continue;
    const calls = acc.calls.get(k)! / (rounds * 2 * steps);
    console.log(`| ${k} | ${calls.toFixed(0)} | ${t1.toFixed(2)} | ${t2.toFixed(2)} | ${(t2 / t1).toFixed(2)} | ${(t1 - t2).toFixed(2)} |`);
  }
  console.log(`pool: ${pool.policy.decided} calls decided, ${pool.policy.split} split, ${pool.policy.retried} retries`);
}
