import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantiate } from '../bindings/loader.js';
import { SimdnetError } from '../src/errors.js';

test('blocks are 64-byte aligned, disjoint, and start at heapBase', async () => {
  const m = await instantiate('plain');
  const a = m.arena;
  const ptrs = [1, 3, 64, 65, 1000].map((n) => [a.alloc(n), n] as const);
  assert.ok(ptrs[0][0] >= (m.exports.heapBase() >>> 0));
  for (const [p] of ptrs) assert.is(p % 64, 0);
  for (let i = 1; i < ptrs.length; i++) assert.ok(ptrs[i][0] >= ptrs[i - 1][0] + ptrs[i - 1][1]);
});

test('views survive memory growth through Slot.f32', async () => {
  const m = await instantiate('plain');
  const s = m.arena.slot('w', [4, 4]);
  s.f32.set([1, 2, 3]);
  const before = m.memory.buffer;
  m.arena.alloc(64 << 20); // forces growth
  assert.is.not(m.memory.buffer, before);
  assert.is(s.f32.length, 16);
  assert.equal(Array.from(s.f32.subarray(0, 3)), [1, 2, 3]);
});

test('freed blocks are reused and coalesced; build/free cycles keep memory flat', async () => {
  const m = await instantiate('plain');
  const a = m.arena;
  const cycle = () => {
    const ps = [a.alloc(1 << 20), a.alloc(12345), a.alloc(3 << 20), a.alloc(64)];
    for (const p of [ps[1], ps[3], ps[0], ps[2]]) a.free(p);
  };
  cycle();
  const reserved = a.bytesReserved;
  const pages = m.memory.buffer.byteLength;
  for (let i = 0; i < 200; i++) cycle();
  assert.is(a.bytesReserved, reserved);
  assert.is(m.memory.buffer.byteLength, pages);
  assert.is(a.bytesInUse, 0);
  assert.is(a.liveBlocks, 0);
  // A hole in the middle is filled by a later block of the same size.
  const x = a.alloc(4096), y = a.alloc(4096), z = a.alloc(4096);
  a.free(y);
  assert.is(a.alloc(4096), y);
  a.free(x); a.free(z);
});

test('double free and bad sizes are typed errors', async () => {
  const m = await instantiate('plain');
  const p = m.arena.alloc(16);
  m.arena.free(p);
  try {
    m.arena.free(p);
    assert.unreachable('double free accepted');
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_STATE');
  }
  assert.throws(() => m.arena.alloc(-1), (e: SimdnetError) => e.code === 'ERR_INVALID_ARGUMENT' && e.arg === 'bytes');
});

test('out of memory is ERR_OUT_OF_MEMORY, not a RangeError', async () => {
  const m = await instantiate('plain');
  assert.throws(() => m.arena.alloc(2 ** 32), (e: SimdnetError) => e.code === 'ERR_OUT_OF_MEMORY');
});

test.run();
