// Images per second of the wasm affine warp (assembly/kernels/warp.ts) against the plain-TS reference
// (tests/reference/warp.ts), on an MNIST batch (128 x 28x28x1) and an ImageNet-sized one (8 x 224x224x3),
// bilinear with reflect fill and random rotation+zoom matrices (a typical augmentation). Rounds are
// interleaved (wasm, TS, wasm, TS, ...) because this machine is shared; the table reports the median
// round and the best one.
import { Bench } from 'tinybench';
import { ready } from '../bindings/loader.js';
import { warpAffine as warpWasm } from '../bindings/warp.js';
import { warpAffine as warpRef } from '../tests/reference/warp.js';
import { Rng } from '../src/rng.js';
import { composeMatrices, rotationMatrix, zoomMatrix } from '../src/augment/image/matrices.js';

const ROUNDS = 5;
const CASES = [
  { name: 'MNIST 128x28x28x1', n: 128, h: 28, w: 28, c: 1 },
  { name: '8x224x224x3', n: 8, h: 224, w: 224, c: 3 },
];

const m = await ready();
console.log(`build: ${m.build}, ${ROUNDS} interleaved rounds, bilinear + reflect, random rotation and zoom`);
console.log('| batch | wasm images/s (median, best) | TS reference images/s (median, best) | speed-up (median) |');
console.log('|---|---|---|---|');
for (const s of CASES) {
  const len = s.n * s.h * s.w * s.c;
  const rng = new Rng(7);
  const x = new Float32Array(len).map(() => rng.uniform());
  const mats = new Float32Array(s.n * 6);
  for (let i = 0; i < s.n; i++) {
    mats.set(composeMatrices(rotationMatrix(rng.range(-0.5, 0.5), s.h, s.w), zoomMatrix(rng.range(0.9, 1.1), rng.range(0.9, 1.1), s.h, s.w)), i * 6);
  }
  const px = m.arena.alloc(len * 4);
  const po = m.arena.alloc(len * 4);
  const pm = m.arena.alloc(s.n * 24);
  m.arena.f32(px, len).set(x);
  m.arena.f32(pm, s.n * 6).set(mats);
  const out = new Float32Array(len);
  const shape = { n: s.n, h: s.h, w: s.w, c: s.c };
  const rates: Record<'wasm' | 'ts', number[]> = { wasm: [], ts: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: 300, warmupTime: 50 });
    bench.add('wasm', () => warpWasm(m, { x: px, out: po, matrices: pm, shape, interpolation: 'bilinear', fillMode: 'reflect' }));
    bench.add('ts', () => warpRef(x, out, mats, s.n, s.h, s.w, s.c, 1, 2, 0));
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result as { latency?: { p50: number } };
      if (r.latency) rates[task.name as 'wasm' | 'ts'].push((s.n * 1000) / r.latency.p50);
    }
  }
  const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
  const fmt = (a: number[]) => `${Math.round(med(a)).toLocaleString('en-US')} (${Math.round(Math.max(...a)).toLocaleString('en-US')})`;
  console.log(`| ${s.name} | ${fmt(rates.wasm)} | ${fmt(rates.ts)} | ${(med(rates.wasm) / med(rates.ts)).toFixed(1)}x |`);
  for (const p of [px, po, pm]) m.arena.free(p);
}
