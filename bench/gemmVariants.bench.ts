// Every GEMM variant of both release builds on every MLP shape against the in-run probe, and the
// ready() probe's choices and time (bench/gemm/variants.ts says how it measures). Issue 19's target:
// the selected variant's best and median rounds >= 85% of the probe on every MLP shape, both builds.
// `npm run bench -- gemmVariants`; BENCH_VARIANT_ROUNDS (default 6), BENCH_PROBE_RUNS (default 5).
import { loadavg } from 'node:os';
import { instantiate, supportedBuilds, type WasmModule } from '../bindings/loader.js';
import { describeMachine } from './measure.js';
import { probeRuns, variantTables } from './gemm/variants.js';

const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const mods = new Map<string, WasmModule>();
for (const b of await supportedBuilds()) if (b !== 'debug') mods.set(b, await instantiate(b));
console.log(`${describeMachine()}; builds ${[...mods.keys()].join(', ')} (1 thread); load average ${load()}`);
const selections = probeRuns(mods, Number(process.env.BENCH_PROBE_RUNS ?? 5));
const verdicts = variantTables(mods, selections, Number(process.env.BENCH_VARIANT_ROUNDS ?? 6));
console.log('');
for (const v of verdicts) console.log(v);
const failed = verdicts.filter((v) => v.startsWith('FAIL')).length;
console.log(`\nissue 19 GEMM targets: ${verdicts.length - failed} PASS, ${failed} FAIL (load average ${load()})`);
