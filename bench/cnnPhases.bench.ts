// The mnist_cnn training step by phase on 1 thread and on 2, in one process (bench/conv/stepPhases.ts):
// `npm run bench -- cnnPhases`. BENCH_ROUNDS (default 3) rounds of SIMDNET_BENCH_STEPS (default 8)
// steps per arm. What does not split shows as a 2T / 1T ratio near 1 (issue 14's speed-up target).
import { loadavg } from 'node:os';
import { ready } from '../bindings/loader.js';
import { setThreads } from '../bindings/threads/config.js';
import { describeMachine } from './measure.js';
import { cnnStepPhases } from './conv/stepPhases.js';

const THREADS = 2;
const m = await ready();
await setThreads(THREADS);
const load = () => `load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} at ${new Date().toISOString().slice(11, 16)} UTC`;
console.log(`${describeMachine()}; simdnet build ${m.build}; ${load()}`);
await cnnStepPhases(m, 128, Number(process.env.SIMDNET_BENCH_STEPS ?? 8), Number(process.env.BENCH_ROUNDS ?? 3), THREADS);
console.log(load());
