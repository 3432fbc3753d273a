// Hyperparameter search costs: (1) TPE's suggestion time against the history size (hyperopt's
// defaults, 24 candidates per parameter; the cost per suggestion is O(candidates x observations) per
// parameter); (2) the wall-clock speed-up of `parallelism: N` worker threads on a CPU-bound
// objective (a ~40 ms busy loop per trial), parallel and sequential runs interleaved because this
// machine is shared; the table reports the median of the rounds.
import { Bench } from 'tinybench';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/rng.js';
import { compileSpace } from '../src/search/compile.js';
import { fmin } from '../src/search/fmin.js';
import { hp } from '../src/search/space.js';
import { tpe } from '../src/search/tpe.js';
import { burn } from '../tests/search/objectives.js';
import { branin, quadratic1 } from '../tests/search/domains.js';

const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];

console.log('## TPE suggestion time (hyperopt defaults)');
console.log('| domain | history | µs per suggestion (p50) | ns per candidate x observation x parameter |');
console.log('|---|---|---|---|');
for (const d of [quadratic1, branin]) {
  for (const n of [50, 200, 1000]) {
    const f = d.make();
    const { trials } = await fmin({ fn: (p) => f(p), space: d.space, algo: 'random', maxEvals: n, seed: 1 });
    const cs = compileSpace(d.space);
    const algo = tpe();
    const history = trials.trials;
    let tid = n;
    const bench = new Bench({ time: 400, warmupTime: 50 });
    bench.add('suggest', () => {
      algo.suggest({ cs, history, tid, rng: new Rng(tid++) });
    });
    await bench.run();
    const us = (bench.tasks[0].result as { latency: { p50: number } }).latency.p50 * 1000;
    const work = 24 * n * cs.params.length;
    console.log(`| ${d.name} | ${n} | ${us.toFixed(0)} | ${((us * 1000) / work).toFixed(1)} |`);
  }
}

// Calibrate the busy loop to ~40 ms on this machine.
let iters = 1e6;
const t0 = performance.now();
burn(iters);
iters = Math.round((iters * 40) / (performance.now() - t0));

const module = fileURLToPath(new URL('../tests/search/objectives.js', import.meta.url));
const TRIALS = 16;
const ROUNDS = 5;
const levels = [1, 2, 4];
const times: Record<number, number[]> = { 1: [], 2: [], 4: [] };
const bare: Record<number, number[]> = { 1: [], 2: [], 4: [] };
const burnUrl = new URL('../tests/search/objectives.js', import.meta.url).href;
const bareRun = (threads: number) =>
  Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<void>((resolve, reject) => {
          const code = `import('${burnUrl}').then((m) => { m.burn(${Math.round((iters * TRIALS) / threads)}); process.exit(0); });`;
          const w = new Worker(code, { eval: true });
          w.on('exit', () => resolve());
          w.on('error', reject);
        }),
    ),
  );
for (let round = 0; round < ROUNDS; round++) {
  for (const p of levels) {
    let start = performance.now();
    await fmin({ fn: { module, export: 'busyQuadratic' }, space: { x: hp.uniform('x', -5, 5), work: iters }, algo: 'random', maxEvals: TRIALS, parallelism: p, seed: round });
    times[p].push((performance.now() - start) / 1000);
    start = performance.now();
    await bareRun(p);
    bare[p].push((performance.now() - start) / 1000);
  }
}
console.log(`\n## Parallel trials in worker threads (${TRIALS} trials of ~40 ms CPU each, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)}, ${ROUNDS} interleaved rounds)`);
console.log('| parallelism | fmin wall s (median) | trials/s | fmin speed-up vs 1 | bare threads speed-up (machine ceiling) |');
console.log('|---|---|---|---|---|');
for (const p of levels) {
  console.log(`| ${p} | ${med(times[p]).toFixed(2)} | ${(TRIALS / med(times[p])).toFixed(1)} | ${(med(times[1]) / med(times[p])).toFixed(2)}x | ${(med(bare[1]) / med(bare[p])).toFixed(2)}x |`);
}
