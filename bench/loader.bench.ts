// Why simdnet instantiates its module with the raw WebAssembly API rather than @assemblyscript/loader:
// the cost of one JS -> wasm call through each (a 0-argument export and a 3-argument one returning
// f32, on the relaxed-or-plain build ready() picks), and of instantiating the compiled module.
// The loader wraps every export in `(...args) => { setArgumentsLength(n); return fn(...args) }` and
// adds string/array helpers simdnet does not need: kernels take only numbers (byte offsets, sizes).
// Rounds interleave the variants; ns per call from the best round.
import * as loader from '@assemblyscript/loader';
import { ready } from '../bindings/loader.js';
import { measureRound, Rounds, describeMachine } from './measure.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = 100_000;

const m = await ready();
const env = { abort: () => { throw new Error('abort'); } };
const raw = (await WebAssembly.instantiate(m.module, { env })).exports as Record<string, (...a: number[]) => number>;
const viaLoader = (await loader.instantiate<Record<string, (...a: number[]) => number>>(m.module, { env })).exports;

// Each task makes CALLS calls; the sum keeps the results alive.
let sink = 0;
const loop = (f: (...a: number[]) => number, args: number[]) => () => {
  let s = 0;
  for (let i = 0; i < CALLS; i++) s += f(args[0], args[1], args[2]);
  sink += s;
};
const tasks: Record<string, () => void> = {
  'raw heapBase()': loop(raw.heapBase, []),
  'loader heapBase()': loop(viaLoader.heapBase, []),
  'raw peakProbe(0, 1, 1)': loop(raw.peakProbe, [0, 1, 1]),
  'loader peakProbe(0, 1, 1)': loop(viaLoader.peakProbe, [0, 1, 1]),
};
const inst: Record<string, () => Promise<unknown>> = {
  'raw WebAssembly.instantiate': () => WebAssembly.instantiate(m.module, { env }),
  'loader.instantiate': () => loader.instantiate(m.module, { env }),
};

const rounds = new Rounds();
for (let r = 0; r < ROUNDS; r++) {
  for (const [k, v] of Object.entries(await measureRound(tasks, { time: 100 }))) rounds.add(k, v);
  for (const [k, v] of Object.entries(await measureRound(inst, { time: 100 }))) rounds.add(k, v);
}
console.log(`${describeMachine()}; build ${m.build}; best of ${ROUNDS} rounds\n`);
console.log('| call | ns per call | vs raw |');
console.log('|---|---:|---:|');
for (const name of Object.keys(tasks)) {
  const rawName = name.replace('loader', 'raw');
  console.log(`| ${name} | ${((rounds.best(name) * 1e6) / CALLS).toFixed(2)} | ${(rounds.best(name) / rounds.best(rawName)).toFixed(2)}x |`);
}
for (const name of Object.keys(inst)) console.log(`| ${name} (compiled module) | ${(rounds.best(name) * 1e6).toFixed(0)} | ${(rounds.best(name) / rounds.best('raw WebAssembly.instantiate')).toFixed(2)}x |`);
if (Number.isNaN(sink)) console.log('(sink)');
