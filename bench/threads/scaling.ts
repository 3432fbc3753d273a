// The machine's thread scaling S, measured in the run that uses it (issue 8): the peak probe
// (assembly/kernels/probe.ts, registers only, no memory traffic) on 1 thread and on n threads at
// once through the pool. S = n · t1 / tn: 2.0 on two real cores, about 1.1 on two hyperthreads of one
// core. A split kernel cannot scale better than this, so its targets are fractions of S.
import type { WasmModule } from '../../bindings/loader.js';
import { POOL_EXPORTS } from '../../bindings/threads/instantiate.js';
import { measureRound, Rounds } from '../measure.js';

const ITERS = 1 << 18; // 25 MFLOP per thread, ~0.5 ms

/** Probe tasks for 1 and `threads` threads on threaded module m (its pool must have that many). */
export function probeTasks(m: WasmModule, threads: number): Record<string, () => unknown> {
  const pool = m.pool!;
  const fn = POOL_EXPORTS.indexOf('peakProbe');
  const args = [ITERS, 0.999, 0.001];
  return {
    [`probe 1T`]: () => m.exports.peakProbe(ITERS, 0.999, 0.001),
    [`probe ${threads}T`]: () => pool.runEverywhere(fn, args, threads),
  };
}

/** Adds one interleaved round of the probe to `rounds`. */
export async function probeRound(m: WasmModule, threads: number, rounds: Rounds): Promise<void> {
  const t = await measureRound(probeTasks(m, threads), { time: 40 });
  for (const [k, v] of Object.entries(t)) rounds.add(k, v);
}

/** S from the best rounds, and the probe's GFLOP/s per thread count. */
export function scaling(rounds: Rounds, threads: number): { S: number; gflops1: number; gflopsN: number } {
  const flops = 96 * ITERS;
  const t1 = rounds.best('probe 1T');
  const tn = rounds.best(`probe ${threads}T`);
  return { S: (threads * t1) / tn, gflops1: flops / t1 / 1e6, gflopsN: (threads * flops) / tn / 1e6 };
}
