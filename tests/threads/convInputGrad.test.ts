// conv2d's input gradient on the thread pool (bindings/threads/convInputGrad.ts): one pool job per
// batch, split by whole samples, bit-identical to one thread.
//  1. conv2dInputGrad itself with every call split (the adaptive policy off) on 2, 3 and 4 threads,
//     on shapes whose blocks cut samples (rb < OH*OW), cover one, or hold several (sb > 1, so cuts
//     fall on multiples of sb), with B not a multiple of the parts and fewer col regions than
//     threads: dx equals one thread's bit for bit, and the call was split into the expected parts.
//  2. A conv2d layer's backward makes that one job for dx, not one GEMM job per sample: before
//     2026-12-04 the layer called sgemm and col2im per sample chunk (mnist_cnn conv 2: 128 split
//     GEMMs of 0.5 ms a step, col2im on the calling thread; 2 threads took 0.79 of one thread's time
//     there, bench/cnnPhases.bench.ts); on that code (f873204) this test counted 17 sgemm jobs at
//     batch 16 (one per sample and the bias gradient) and no conv2dInputGrad job.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { setThreads } from '../../bindings/threads/config.js';
import { POOL_EXPORTS } from '../../bindings/threads/instantiate.js';
import { gemmWorkspace } from '../../bindings/gemm.js';
import { conv2d } from '../../src/layers/conv2d.js';
import { Rng } from '../../src/rng.js';
import { randomArray, put, get } from '../helpers.js';
import { runLayer } from '../layers/convHarness.js';

// [B, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW, F, rb, regions]
const CASES: number[][] = [
  [5, 12, 10, 40, 3, 3, 1, 1, 1, 1, 0, 0, 10, 8, 7, 23, 8], // rb 23 < 80 rows a sample: 4 blocks a sample
  [7, 9, 9, 3, 3, 3, 2, 2, 1, 1, 1, 1, 5, 5, 16, 25, 3], // rb = one sample; 3 regions for 4 threads
  [11, 8, 7, 5, 2, 3, 1, 1, 1, 1, 0, 1, 7, 6, 9, 90, 8], // 2 samples a block (84 rows): 6 units
  [6, 11, 9, 4, 3, 3, 1, 1, 2, 2, 0, 0, 7, 5, 12, 111, 4], // 3 samples a block: 2 units
];

test('conv2dInputGrad split by samples on 2, 3 and 4 threads is bit-identical to one thread', async () => {
  const m = await ready();
  const pool = m.pool;
  if (!pool) return; // no threads build here: tests/kernels/convInputGrad.test.ts covers the kernel
  const before = pool.threads;
  const fn = POOL_EXPORTS.indexOf('conv2dInputGrad');
  const ws = gemmWorkspace(m);
  try {
    for (const c of CASES) {
      const [B, H, W, C, KH, KW, , , , , , , OH, OW, F, rb, regions] = c;
      const geo = c.slice(0, 14);
      const ohw = OH * OW, K = KH * KW * C;
      const blockRows = rb >= ohw ? Math.floor(rb / ohw) * ohw : rb;
      const units = Math.ceil(B / (rb >= ohw ? Math.floor(rb / ohw) : 1));
      const rng = new Rng(B * 31 + C);
      const dz = put(m, randomArray(rng, B * ohw * F)), w = put(m, randomArray(rng, K * F));
      const dx0 = randomArray(rng, B * H * W * C);
      const col = put(m, new Float32Array(regions * blockRows * K));
      const run = (): Float32Array => {
        const dx = put(m, dx0);
        m.exports.conv2dInputGrad(-1, rb, regions, dz, w, F, col, dx, ...geo, ws);
        const out = get(m, dx, dx0.length);
        m.arena.free(dx);
        return out;
      };
      await setThreads(1);
      const one = run();
      for (const t of [2, 3, 4]) {
        await setThreads(t);
        pool.policy.adaptive = false;
        pool.minWork = 1; // the shapes are small: split them anyway
        let posts = 0;
        let parts = 0;
        const post = pool.post.bind(pool);
        pool.post = (n: number, f: number, argc: number, polling?: boolean) => {
          if (f === fn) (posts++, (parts = n));
          post(n, f, argc, polling);
        };
        let got: Float32Array;
        try {
          got = run();
        } finally {
          pool.post = post;
          pool.policy.adaptive = true;
        }
        assert.is(posts, 1, `${c} on ${t} threads: one job`);
        assert.is(parts, Math.min(t, regions, units), `${c} on ${t} threads: parts`);
        assert.ok(got.every((v, i) => Object.is(v, one[i])), `${c} on ${t} threads: dx differs from one thread`);
      }
      for (const p of [dz, w, col]) m.arena.free(p);
    }
  } finally {
    pool.minWork = (await import('../../bindings/threads/gemm.js')).MIN_WORK;
    await setThreads(before);
  }
});

test("a conv2d layer's backward computes dx in one pool job, not a GEMM job per sample", async () => {
  const m = await ready();
  const pool = m.pool;
  if (!pool) return;
  const before = pool.threads;
  await setThreads(2);
  pool.policy.adaptive = false;
  const counts = new Map<string, number>();
  const post = pool.post.bind(pool);
  try {
    // mnist_cnn conv 2's geometry at batch 16 (26x26x32 -> 3x3, 64 filters); implicit im2col.
    const B = 16, rng = new Rng(5);
    const layer = conv2d({ filters: 64, kernelSize: 3, activation: 'relu' });
    const x = randomArray(rng, B * 26 * 26 * 32), dy = randomArray(rng, B * 24 * 24 * 64);
    const weights = [randomArray(rng, 3 * 3 * 32 * 64, -0.1, 0.1), randomArray(rng, 64)];
    let backward = false;
    const bwd = layer.backward.bind(layer);
    layer.backward = (b: number) => ((backward = true), bwd(b));
    pool.post = (n: number, f: number, argc: number, polling?: boolean) => {
      if (backward) counts.set(POOL_EXPORTS[f], (counts.get(POOL_EXPORTS[f]) ?? 0) + 1);
      post(n, f, argc, polling);
    };
    runLayer(m, layer, [26, 26, 32], B, x, weights, dy);
  } finally {
    pool.post = post;
    pool.policy.adaptive = true;
    await setThreads(before);
  }
  assert.is(counts.get('conv2dInputGrad'), 1, `dx: ${JSON.stringify([...counts])}`);
  // The rest of the backward: dz (activationBackward), the bias gradient (a ones GEMM) and dKernel (conv2dGemm).
  assert.ok((counts.get('sgemmVariant') ?? 0) <= 1, `sgemm jobs in the backward: ${JSON.stringify([...counts])}`);
});

test.run();
