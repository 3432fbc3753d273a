// Multi-threaded sgemm (bindings/threads/) on 1 and 2 threads, side by side in one process:
//   1. the machine's scaling S from the peak probe on 1 and 2 threads (bench/threads/scaling.ts);
//   2. sgemm at 512³ and the mnist_mlp shapes (bench/cases/gemm.ts): the single-thread module (own,
//      unshared memory), the threads build forced onto 1 thread, and the threads build on 2 threads.
//      Target (issue 8): 2-thread speed-up >= 0.9 x S on each shape;
//   3. handoff: an empty job (peakProbe of 0 iterations) on 2 threads against a direct call;
//   4. where splitting starts to pay: small shapes with the split forced (pool.minWork = 0) against
//      one thread, to check the default threshold MIN_WORK (bindings/threads/gemm.ts);
//   5. the split elementwise kernels (optimizer steps, zeroing, activations; bench/threads/elementwise.ts);
//   6. the default pool (adaptive, bindings/threads/policy.ts) against 1 thread on whole fits of a small
//      model and mnist_mlp, quiet and with a busy neighbour on every core (bench/threads/models.ts).
// SIMDNET_THREADS_BENCH=models runs part 6 only (it takes a few minutes on its own).
// Rounds interleave every variant (the machine is shared): best round, median round in brackets.
// BENCH_ROUNDS (default 6) sets the rounds. Needs 2 threads of the threads build (SharedArrayBuffer).
import { instantiate, supportedBuilds } from '../bindings/loader.js';
import { instantiateThreaded, POOL_EXPORTS } from '../bindings/threads/instantiate.js';
import { MIN_WORK } from '../bindings/threads/gemm.js';
import { GEMM_SHAPES, gemmCases } from './cases/gemm.js';
import { measureRound, Rounds, describeMachine } from './measure.js';
import { probeRound, scaling } from './threads/scaling.js';
import { elementwiseBench } from './threads/elementwise.js';
import { modelRows } from './threads/models.js';

if (process.env.SIMDNET_THREADS_BENCH === 'models') {
  const verdicts = await modelRows(Number(process.env.BENCH_ROUNDS ?? 5));
  console.log('');
  for (const v of verdicts) console.log(v);
  process.exit(verdicts.some((v) => v.startsWith('FAIL')) ? 1 : 0);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const THREADS = 2;
const build = (await supportedBuilds()).includes('relaxed') ? 'relaxed' : 'plain';
const single = await instantiate(build);
const m = await instantiateThreaded(build, THREADS);
const pool = m.pool!;
// The kernel rows time forced and fixed splits: the adaptive policy (part 6) would back off from some.
pool.policy.adaptive = false;
console.log(`${describeMachine()}; simdnet build ${build}, threads build on ${THREADS} threads; ${ROUNDS} rounds`);

type Shape = Record<string, number>;
const label = (s: Shape) => `${s.tA ? 'T' : 'N'}${s.tB ? 'T' : 'N'} ${s.M}x${s.N}x${s.K}`;
const flops = (s: Shape) => 2 * s.M * s.N * s.K;
const SMALL: Shape[] = [16, 32, 48, 64, 80, 96, 128, 160].map((n) => ({ M: n, N: n, K: n, tA: 0, tB: 0 }))
  .concat([{ M: 32, N: 512, K: 784, tA: 0, tB: 0 }, { M: 16, N: 128, K: 256, tA: 0, tB: 0 }, { M: 128, N: 64, K: 128, tA: 0, tB: 0 }]);

const big = GEMM_SHAPES.map((s) => ({ s, one: gemmCases.sgemm.setup(single, s), thr: gemmCases.sgemm.setup(m, s) }));
const small = SMALL.map((s) => ({ s, thr: gemmCases.sgemm.setup(m, s) }));
// 1T and 2T on the threads build differ only in pool.minWork: the same memory, module and buffers.
const on1 = (f: () => unknown) => () => {
  pool.minWork = Infinity;
  f();
};
const on2 = (f: () => unknown, minWork = MIN_WORK) => () => {
  pool.minWork = minWork;
  f();
};
const probeFn = POOL_EXPORTS.indexOf('peakProbe');

const elementwise = elementwiseBench(m);
const rounds = new Rounds();
for (let r = 0; r < ROUNDS; r++) {
  await probeRound(m, THREADS, rounds);
  for (const [i, c] of big.entries()) {
    const t = await measureRound({ single: c.one, t1: on1(c.thr), t2: on2(c.thr) }, { time: 25 });
    for (const [k, v] of Object.entries(t)) rounds.add(`${i} ${k}`, v);
  }
  const h = await measureRound({ direct: () => m.exports.peakProbe(0, 1, 0), handoff: () => pool.runEverywhere(probeFn, [0, 1, 0], THREADS) }, { time: 25 });
  for (const [k, v] of Object.entries(h)) rounds.add(`handoff ${k}`, v);
  for (const [i, c] of small.entries()) {
    const t = await measureRound({ t1: on1(c.thr), t2: on2(c.thr, 0) }, { time: 15 });
    for (const [k, v] of Object.entries(t)) rounds.add(`small ${i} ${k}`, v);
  }
  await elementwise.round(rounds);
}
pool.minWork = MIN_WORK;

const { S, gflops1, gflopsN } = scaling(rounds, THREADS);
console.log(`\npeak probe: 1 thread ${gflops1.toFixed(1)} GFLOP/s, ${THREADS} threads ${gflopsN.toFixed(1)} GFLOP/s -> S = ${S.toFixed(2)}`);
const gf = (key: string, f: number, pick: 'best' | 'median' = 'best') => f / rounds[pick](key) / 1e6;
const fmt = (key: string, f: number) => `${gf(key, f).toFixed(1)} (${gf(key, f, 'median').toFixed(1)})`;

console.log(`\n| shape | single-thread module | threads build, 1T | threads build, ${THREADS}T | speed-up ${THREADS}T/1T | / S |`);
console.log('|---|---:|---:|---:|---:|---:|');
const verdicts: string[] = [];
for (const [i, { s }] of big.entries()) {
  const f = flops(s);
  const up = rounds.best(`${i} t1`) / rounds.best(`${i} t2`);
  console.log(`| ${label(s)} | ${fmt(`${i} single`, f)} | ${fmt(`${i} t1`, f)} | ${fmt(`${i} t2`, f)} | ${up.toFixed(2)}x | ${(up / S).toFixed(2)} |`);
  verdicts.push(`${up >= 0.9 * S ? 'PASS' : 'FAIL'} ${label(s)}: ${THREADS}-thread speed-up ${up.toFixed(2)}x vs 0.9 x S = ${(0.9 * S).toFixed(2)}x`);
}
console.log(`\nGFLOP/s: best round (median round).`);
console.log(`handoff of an empty job to ${THREADS} threads: ${(1000 * (rounds.best('handoff handoff') - rounds.best('handoff direct'))).toFixed(1)} µs (median round ${(1000 * (rounds.median('handoff handoff') - rounds.median('handoff direct'))).toFixed(1)} µs)`);

console.log(`\nsmall shapes, split forced (minWork 0) against 1 thread; the default split starts at M·N·K >= ${MIN_WORK}:`);
console.log('| shape | M·N·K | 1T µs | 2T µs (forced) | speed-up | split by default |');
console.log('|---|---:|---:|---:|---:|---|');
for (const [i, { s }] of small.entries()) {
  const t1 = rounds.best(`small ${i} t1`), t2 = rounds.best(`small ${i} t2`);
  const work = s.M * s.N * s.K;
  console.log(`| ${label(s)} | ${work} | ${(1000 * t1).toFixed(1)} | ${(1000 * t2).toFixed(1)} | ${(t1 / t2).toFixed(2)}x | ${work >= MIN_WORK ? 'yes' : 'no'} |`);
}
elementwise.report(rounds);
pool.dispose();
verdicts.push(...(await modelRows(Math.max(3, Math.round(ROUNDS / 2)))));
console.log('');
for (const v of verdicts) console.log(v);
const failed = verdicts.filter((v) => v.startsWith('FAIL')).length;
console.log(`\ntargets: ${verdicts.length - failed} PASS, ${failed} FAIL`);
