// The elementwise part of the threads bench (bench/threads.bench.ts): split elementwise kernels
// (bindings/threads/elementwise.ts) on 1 and 2 threads of the same module, with the registry's
// bench cases (bench/cases/) as the calls: the optimizer steps and the gradient zeroing over the
// mnist_mlp arena (669,706 floats), and the per-layer kernels of its batch (128 x 512 = 65,536) plus
// smaller n with the split forced, to check the default threshold MIN_ELEMENTS. Memory-bound
// kernels scale with the memory bandwidth two cores get, not with S.
import type { WasmModule } from '../../bindings/loader.js';
import { MIN_ELEMENTS } from '../../bindings/threads/elementwise.js';
import { BENCH_CASES } from '../cases/index.js';
import { measureRound, Rounds } from '../measure.js';

const ROWS: [string, number][] = [
  ['rmspropStep', 669_706],
  ['adamStep', 669_706],
  ['fillF32', 669_706],
  ['activationBackward', 65_536],
  ['dropoutBackward', 65_536],
  ['rmspropStep', 32_768],
  ['dropoutBackward', 32_768],
  ['rmspropStep', 16_384],
  ['dropoutBackward', 16_384],
];

export interface ElementwiseBench {
  round(rounds: Rounds): Promise<void>;
  report(rounds: Rounds): void;
}

export function elementwiseBench(m: WasmModule): ElementwiseBench {
  const pool = m.pool!;
  const calls = ROWS.map(([name, n]) => BENCH_CASES[name].setup(m, { n }));
  const at = (minElements: number, f: () => void) => () => {
    pool.minElements = minElements;
    f();
  };
  return {
    async round(rounds) {
      for (const [i, f] of calls.entries()) {
        const t = await measureRound({ t1: at(Infinity, f), t2: at(0, f) }, { time: 15 });
        for (const [k, v] of Object.entries(t)) rounds.add(`ew ${i} ${k}`, v);
      }
      pool.minElements = MIN_ELEMENTS;
    },
    report(rounds) {
      console.log(`\nelementwise kernels, 1 thread vs 2 (split forced); the default split starts at n >= ${MIN_ELEMENTS}:`);
      console.log('| kernel | n | 1T µs | 2T µs | speed-up | split by default |');
      console.log('|---|---:|---:|---:|---:|---|');
      for (const [i, [name, n]] of ROWS.entries()) {
        const t1 = rounds.best(`ew ${i} t1`), t2 = rounds.best(`ew ${i} t2`);
        console.log(`| ${name} | ${n} | ${(1000 * t1).toFixed(1)} | ${(1000 * t2).toFixed(1)} | ${(t1 / t2).toFixed(2)}x | ${n >= MIN_ELEMENTS ? 'yes' : 'no'} |`);
      }
    },
  };
}
