// Every registered kernel on every size of its bench case (bindings/registry.ts x bench/cases/):
// time per call for each wasm build, throughput from the registry's cost functions (GFLOP/s from
// `flops`, GB/s from `bytes`), and ratios against the plain-TypeScript reference and, where the case
// defines one, the same computation in TensorFlow.js 4.22 on its wasm and CPU backends, all measured
// in this run. Rounds interleave the variants (the machine is shared); figures are the best round.
// Environment: BENCH_KERNELS=sgemm,relu (export-name prefixes) narrows the list; BENCH_ROUNDS
// (default 3) sets the rounds. The GEMM peer comparison with its targets is bench/gemm.bench.ts.
import { instantiate, supportedBuilds, type BuildName, type WasmModule } from '../bindings/loader.js';
import { KERNELS, type KernelSpec } from '../bindings/registry.js';
import { BENCH_CASES, type BenchCase } from './cases/index.js';
import { loadTfjs, useBackend, describeTfjs, tfjsThreads, TF_BACKENDS, type Tf } from './tfjs.js';
import { measureRound, Rounds, describeMachine } from './measure.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ONLY = process.env.BENCH_KERNELS?.split(',').filter(Boolean);
/** A call slower than this (ms) is timed once per round instead of for the time budget. */
const SLOW_MS = 50;

const builds = (await supportedBuilds()).filter((b) => b !== 'debug');
const mods = new Map<BuildName, WasmModule>();
for (const b of builds) mods.set(b, await instantiate(b));
const tf = await loadTfjs();
console.log(`${describeMachine()}; ${describeTfjs(tf, await tfjsThreads(tf))}; simdnet builds: ${builds.join(', ')} (1 thread); best of ${ROUNDS} rounds\n`);

const peers = ['TS ref', ...TF_BACKENDS.map((b) => `tfjs-${b}`)];
console.log(`| kernel | sizes | ${builds.map((b) => `${b} µs`).join(' | ')} | throughput (${builds[0]}) | ${peers.map((p) => `vs ${p}`).join(' | ')} |`);
console.log(`|---|---|${builds.map(() => '---:').join('|')}|---:|${peers.map(() => '---:').join('|')}|`);

for (const spec of KERNELS) {
  const bc = BENCH_CASES[spec.name];
  if (!bc || (ONLY && !ONLY.some((p) => spec.name.startsWith(p)))) continue;
  for (const sizes of bc.sizes) console.log(await row(spec, bc, sizes));
}
console.log('\nµs per call, best round; "vs X" = X time / simdnet time (how many times faster simdnet is).');

async function row(spec: KernelSpec, bc: BenchCase, sizes: Record<string, number>): Promise<string> {
  const wasmCalls = Object.fromEntries(builds.map((b) => [b, bc.setup(mods.get(b)!, sizes)]));
  const peerCalls: Record<string, () => unknown> = {};
  if (bc.reference) peerCalls['TS ref'] = bc.reference(sizes);
  if (bc.tfjs) for (const b of TF_BACKENDS) peerCalls[`tfjs-${b}`] = await tfjsCall(tf, b, bc, sizes);
  const rounds = new Rounds();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, v] of Object.entries(await measureRound(wasmCalls, { time: 30 }))) rounds.add(k, v);
    for (const [name, call] of Object.entries(peerCalls)) {
      if (name.startsWith('tfjs-')) await useBackend(tf, name.slice(5) as 'wasm' | 'cpu');
      const slow = rounds.has(name) && rounds.best(name) > SLOW_MS;
      rounds.add(name, (await measureRound({ x: call }, slow ? { time: 0, iterations: 1 } : { time: 30 })).x);
    }
  }
  const ms = rounds.best(builds[0]);
  const cells = builds.map((b) => microseconds(rounds.best(b)));
  const ratios = peers.map((p) => (rounds.has(p) ? `${(rounds.best(p) / ms).toFixed(1)}x` : '—'));
  const sizeText = Object.entries(sizes).map(([k, v]) => `${k}=${v}`).join(' ');
  return `| ${spec.name} | ${sizeText} | ${cells.join(' | ')} | ${throughput(spec, sizes, ms)} | ${ratios.join(' | ')} |`;
}

async function tfjsCall(t: Tf, backend: 'wasm' | 'cpu', bc: BenchCase, sizes: Record<string, number>): Promise<() => unknown> {
  await useBackend(t, backend);
  return bc.tfjs!(t, sizes);
}

function microseconds(ms: number): string {
  const us = ms * 1000;
  return us >= 100 ? Math.round(us).toLocaleString('en-US') : us.toPrecision(3);
}

function throughput(spec: KernelSpec, sizes: Record<string, number>, ms: number): string {
  if (spec.flops) return `${(spec.flops(sizes) / ms / 1e6).toFixed(1)} GFLOP/s`;
  if (spec.bytes) return `${(spec.bytes(sizes) / ms / 1e6).toFixed(1)} GB/s`;
  return `${Math.round(1000 / ms).toLocaleString('en-US')} calls/s`;
}
