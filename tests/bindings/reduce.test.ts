// The validated reduction wrappers (bindings/reduce.ts): they return what the kernels return, and
// reject bad shapes and buffers with typed errors before wasm runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, randomArray, put } from '../helpers.js';
import * as W from '../../bindings/reduce.js';
import { reduceReferences as R } from '../reference/reduce.js';
import { Rng } from '../../src/rng.js';

function throwsCode(f: () => unknown, code: string, arg: string): void {
  try {
    f();
  } catch (e) {
    const err = e as { code?: string; arg?: string; message: string };
    assert.is(err.code, code, err.message);
    assert.is(err.arg, arg, err.message);
    return;
  }
  assert.unreachable(`expected ${code} for ${arg}`);
}

test('wrappers return the kernel results', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rows = 6, cols = 5, n = rows * cols;
    const x = randomArray(new Rng(1), n);
    const t = new Float32Array(n).map((_, i) => (i % cols === i % 3 ? 1 : 0));
    const xp = put(m, x), tp = put(m, t), out = m.arena.alloc(4 * rows), lp = m.arena.calloc(4 * rows);
    assert.is(W.sum(m, xp, n), m.exports.sum(xp, n));
    assert.is(W.sumSquares(m, xp, n), m.exports.sumSquares(xp, n));
    assert.is(W.sumAbs(m, xp, n), m.exports.sumAbs(xp, n));
    assert.is(W.l2Norm(m, xp, n), m.exports.l2Norm(xp, n));
    assert.is(W.regularizerPenalty(m, xp, n, 0.1, 0.2), m.exports.regularizerPenalty(xp, n, 0.1, 0.2));
    assert.is(W.hasNonFinite(m, xp, n), false);
    W.rowArgmax(m, xp, rows, cols, out);
    const want = new Int32Array(rows);
    R.rowArgmax(x, rows, cols, want);
    assert.equal(Array.from(new Int32Array(m.memory.buffer, out, rows)), Array.from(want));
    W.rowMax(m, xp, rows, cols, out);
    assert.is(m.arena.f32(out, 1)[0], Math.max(...x.subarray(0, cols)));
    assert.is(W.categoricalAccuracyCount(m, xp, tp, rows, cols), R.categoricalAccuracyCount(x, t, rows, cols));
    assert.is(W.sparseAccuracyCount(m, xp, lp, rows, cols), R.sparseAccuracyCount(x, new Int32Array(rows), rows, cols));
    assert.is(W.binaryAccuracyCount(m, xp, tp, n), R.binaryAccuracyCount(x, t, n, 0.5));
    [xp, tp, out, lp].forEach((q) => m.arena.free(q));
  }
});

test('bad shapes and buffers are typed errors', async () => {
  const [build] = await testBuilds();
  const m = await moduleFor(build);
  const xp = m.arena.calloc(64);
  const end = m.memory.buffer.byteLength;
  throwsCode(() => W.sum(m, xp, -1), 'ERR_INVALID_ARGUMENT', 'n');
  throwsCode(() => W.sum(m, xp, 2.5), 'ERR_INVALID_ARGUMENT', 'n');
  throwsCode(() => W.l2Norm(m, end - 8, 4), 'ERR_INVALID_ARGUMENT', 'x');
  throwsCode(() => W.hasNonFinite(m, xp + 1, 1), 'ERR_INVALID_ARGUMENT', 'x');
  throwsCode(() => W.sumAbs(m, 'x' as never, 1), 'ERR_INVALID_TYPE', 'x');
  throwsCode(() => W.rowMax(m, xp, 2, 0, xp + 32), 'ERR_INVALID_ARGUMENT', 'cols');
  throwsCode(() => W.rowArgmax(m, xp, 2, 4, xp + 16), 'ERR_INVALID_ARGUMENT', 'out'); // out inside x
  throwsCode(() => W.categoricalAccuracyCount(m, xp, end - 16, 2, 4), 'ERR_INVALID_ARGUMENT', 'target');
  throwsCode(() => W.binaryAccuracyCount(m, xp, xp, 4, NaN), 'ERR_INVALID_ARGUMENT', 'threshold');
  throwsCode(() => W.regularizerPenalty(m, xp, 4, 0, -1), 'ERR_INVALID_ARGUMENT', 'l2');
  m.arena.free(xp);
});

test.run();
