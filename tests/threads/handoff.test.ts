// The job handoff between the caller and a worker (protocol.ts, pool.ts join, worker.ts) when the
// caller takes parts from late workers, over and over, with consecutive jobs of different exports.
// Stop 24's CI caught a worker that read a job's export index before claiming it: woken for a job
// the caller had already taken, it could claim the next job and run the previous export on the new
// arguments (a trap in a pool worker, or wrong numbers: tests/threads/conv.test.ts saw both). Here
// tiny split calls (16 floats a part) alternate gaussianNoiseBackward (dx += dy) and
// addRegularizerGrad (g += 2·l2·p) as fast as the caller can post them, on 3 threads (more than the
// 2 cores here: workers block between jobs and are often late), so the caller takes most parts while
// workers wake, and the old window between the two reads is hit many times. The two exports take
// their buffers and n at the same positions, so a part run with the wrong one stays inside the
// buffers (the check fails instead of corrupting the pool's control block) but computes something
// else: gaussianNoiseBackward on the regularizer's arguments adds p once instead of 3 times, and
// addRegularizerGrad on the noise's arguments has l1 = l2 = NaN.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantiateThreaded } from '../../bindings/threads/instantiate.js';

test('alternating exports on a pool whose caller takes late parts: every part runs the export it was posted with', async () => {
  const threads = 3;
  const m = await instantiateThreaded('plain', threads);
  const pool = m.pool!;
  pool.policy.adaptive = false; // split every call above the floor
  pool.minElements = 16;
  try {
    const n = 16 * threads; // one 16-float part per thread
    const heapBase = m.exports.heapBase() >>> 0;
    const before = new Uint8Array(m.memory.buffer, 0, heapBase).slice();
    const dy = m.arena.alloc(n * 4), dx = m.arena.alloc(n * 4), p = m.arena.alloc(n * 4), g = m.arena.alloc(n * 4);
    m.arena.f32(dy, n).set(Float32Array.from({ length: n }, (_, i) => i + 1));
    m.arena.f32(dx, n).fill(0);
    m.arena.f32(p, n).fill(1);
    m.arena.f32(g, n).fill(0);
    // Sums of small integers: exact in float32 while below 2^24 (rounds * n and 3 * rounds are).
    const rounds = 100000;
    let stolen = 0;
    const posted0 = pool.posted;
    for (let r = 0; r < rounds; r++) {
      m.exports.gaussianNoiseBackward(dy, dx, n);
      stolen += pool.stolen;
      m.exports.addRegularizerGrad(p, g, n, 0, 1.5); // g += 3 p
      stolen += pool.stolen;
    }
    assert.is(pool.posted - posted0, 2 * rounds, 'every call was split');
    const dxv = m.arena.f32(dx, n), gv = m.arena.f32(g, n);
    let wrong = 0;
    for (let i = 0; i < n; i++) if (dxv[i] !== rounds * (i + 1) || gv[i] !== 3 * rounds) wrong++;
    assert.is(wrong, 0, `elements of dx or g that are not the sum of the posted calls (dx[n-1] ${dxv[n - 1]}, g[n-1] ${gv[n - 1]})`);
    const after = new Uint8Array(m.memory.buffer, 0, heapBase);
    assert.ok(before.every((v, i) => v === after[i]), 'nothing was written below heapBase');
    // Both paths ran: workers claimed some parts, the caller took others from them.
    const workerParts = 2 * rounds * (threads - 1);
    assert.ok(stolen > 0 && stolen < workerParts, `the caller took ${stolen} of ${workerParts} worker parts`);
  } finally {
    pool.dispose();
  }
});

test.run();
