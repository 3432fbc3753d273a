// The per-phase table of one single-thread mnist_mlp training step (bench/train/phases.ts), alone:
// `npm run bench -- step`. BENCH_BUILD=plain|relaxed picks the build (default: the best supported);
// BENCH_ROUNDS (default 5) rounds of 40 steps on the real MNIST. The train bench prints it too.
import { ready } from '../bindings/loader.js';
import { mnist } from '../src/data/mnist.js';
import { oneHot } from '../src/data/oneHot.js';
import { describeMachine } from './measure.js';
import { gemmSelection } from '../bindings/gemmSelect.js';
import { stepPhases } from './train/phases.js';
import { loadavg } from 'node:os';

const build = process.env.BENCH_BUILD as 'plain' | 'relaxed' | undefined;
const m = await ready({ threads: 1, ...(build ? { build } : {}) });
const data = await mnist();
const sel = gemmSelection(m);
console.log(`${describeMachine()}; load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}; GEMM selection (${sel.source}): ${Object.entries(sel.classes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
await stepPhases(m, data.train.x, oneHot(data.train.y, 10), 128, 40, Number(process.env.BENCH_ROUNDS ?? 5));
console.log(`load average after: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
