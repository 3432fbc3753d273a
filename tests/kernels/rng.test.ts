// The in-wasm PRNG (assembly/rng.ts) against its TS twin (src/rngStream.ts): same seeding, same
// stream for every length (tails drop lanes but still advance one step), generator 0 == src/rng.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RngStream, RNG_STATE_BYTES, uniformOpen } from '../../src/rngStream.js';
import { Rng } from '../../src/rng.js';
import { SIZES, moduleFor, testBuilds } from '../helpers.js';
import * as bind from '../../bindings/dropout.js';

const SEEDS = [0, 1, 42, 0x7fffffff, 0xffffffff];

test('rngSeed writes the twin state; generator 0 is the Rng(seed) stream', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const state = m.arena.alloc(RNG_STATE_BYTES);
    for (const seed of SEEDS) {
      bind.rngSeed(m, state, seed);
      const twin = new RngStream(seed);
      assert.equal(Array.from(new Uint32Array(m.memory.buffer, state, 16)), Array.from(twin.state), `${build} seed ${seed}`);
      const rng = new Rng(seed);
      const lane0 = Array.from({ length: 8 }, () => {
        const out = new Uint32Array(4);
        twin.next4(out);
        return out[0];
      });
      assert.equal(lane0, Array.from({ length: 8 }, () => rng.nextU32()), `seed ${seed}: generator 0 vs Rng`);
    }
    m.arena.free(state);
  }
});

test('rngFillU32 stream equals the twin on every size, across consecutive calls', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const state = m.arena.alloc(RNG_STATE_BYTES);
    const out = m.arena.alloc(4 * 4099);
    for (const seed of [3, 0xdeadbeef]) {
      bind.rngSeed(m, state, seed);
      const twin = new RngStream(seed);
      for (const n of SIZES) {
        bind.rngFillU32(m, state, out, n);
        const got = Array.from(new Uint32Array(m.memory.buffer, out, n));
        const want = Array.from(twin.fillU32(n));
        assert.equal(got, want, `${build} seed ${seed} n ${n}`);
      }
      assert.equal(Array.from(new Uint32Array(m.memory.buffer, state, 16)), Array.from(twin.state), `${build}: final states`);
    }
    m.arena.free(state);
    m.arena.free(out);
  }
});

test('stream looks uniform: bit balance and mean of 2^20 draws within 5 sigma', () => {
  const n = 1 << 20;
  const bits = new RngStream(9).fillU32(n);
  const ones = new Float64Array(32);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < 32; b++) ones[b] += (bits[i] >>> b) & 1;
    sum += uniformOpen(bits[i]);
  }
  // Each bit is Bernoulli(1/2): sd of the count sqrt(n)/2 = 512. Uniform(0,1] mean: sd sqrt(1/12/n).
  for (let b = 0; b < 32; b++) assert.ok(Math.abs(ones[b] - n / 2) < 5 * 512, `bit ${b}: ${ones[b]} ones of ${n}`);
  assert.ok(Math.abs(sum / n - 0.5) < 5 * Math.sqrt(1 / 12 / n), `mean ${sum / n}`);
  assert.ok(uniformOpen(0) > 0 && uniformOpen(0xffffffff) === 1, 'uniformOpen maps into (0, 1]');
});

test('bad seeds and pointers are ValidationErrors', async () => {
  const m = await moduleFor('plain');
  const state = m.arena.alloc(RNG_STATE_BYTES);
  for (const f of [
    () => bind.rngSeed(m, state, -1),
    () => bind.rngSeed(m, state, 1.5),
    () => bind.rngSeed(m, 8, 1),
    () => bind.rngSeed(m, m.memory.buffer.byteLength - 32, 1),
    () => bind.rngFillU32(m, state, state, 0),
    () => new RngStream(2 ** 32),
  ]) {
    assert.throws(f, (e: { code: string; name: string }) => e.name === 'ValidationError' && e.code === 'ERR_INVALID_ARGUMENT');
  }
  m.arena.free(state);
});

test.run();
