// A model far too large for wasm memory (issue 18: dense 30000 -> 30000, 900M weights and as many
// gradients: 6.7 GiB) fails at once with ERR_OUT_OF_MEMORY, before memory grows at all, and the
// module stays usable; Arena.reserve counts free blocks, so reused memory is not refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, SimdnetError } from '../../src/index.js';
import { Arena } from '../../bindings/arena.js';

test('dense 30000x30000: ERR_OUT_OF_MEMORY up front, memory not grown, the next model still builds', async () => {
  const m = await ready();
  const before = m.memory.buffer.byteLength;
  const t0 = performance.now();
  const big = sequential({ layers: [dense({ units: 30000, inputShape: [30000] })] });
  try {
    big.build();
    assert.unreachable('built a 6.7 GiB model');
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_OUT_OF_MEMORY');
    assert.match((e as Error).message, /the weights \(900030000 floats\) and their gradients \(900030000\) need 6\.71 GiB, more than wasm memory can still hold/);
  }
  assert.ok(performance.now() - t0 < 2000, `refused in ${(performance.now() - t0).toFixed(0)} ms`);
  assert.is(m.memory.buffer.byteLength, before, 'memory did not grow');
  const small = sequential({ layers: [dense({ units: 4, inputShape: [3] })] });
  small.build();
  assert.is(small.predict({ data: new Float32Array(3), shape: [1, 3] }).shape[1], 4);
  small.dispose();
});

test('Arena.reserve: free blocks count, the limit is the memory maximum, growth happens once', () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 64 });
  const arena = new Arena(memory, 1024, 64);
  assert.is(arena.limitBytes, 64 * 65536);
  const a = arena.alloc(1 << 20);
  arena.alloc(64);
  arena.free(a); // a 1 MiB hole below the top
  const grown = memory.buffer.byteLength;
  arena.reserve('t', 1 << 20, 'a block'); // fits in the hole: no growth
  assert.is(memory.buffer.byteLength, grown);
  arena.reserve('t', 3 << 20, 'three blocks');
  assert.ok(memory.buffer.byteLength >= grown + (2 << 20), 'grown once for what the hole cannot hold');
  const size = memory.buffer.byteLength;
  try {
    arena.reserve('t', 5 << 20, 'five blocks');
    assert.unreachable();
  } catch (e) {
    assert.is((e as SimdnetError).code, 'ERR_OUT_OF_MEMORY');
    assert.match((e as Error).message, /five blocks need 5\.0 MiB, more than wasm memory can still hold \(.* of its 4\.0 MiB limit/);
  }
  assert.is(memory.buffer.byteLength, size, 'a refused reservation grows nothing');
});

test.run();
