// Streaming datasets: shuffle buffer semantics and determinism, batching, prefetch running ahead,
// early exit closing the source, records and lines read from disk.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataset, type Sample } from '../../src/data/index.js';
import { SimdnetError, ShapeError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-data-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

const range = (n: number) => dataset.fromGenerator(function* () {
  for (let i = 0; i < n; i++) yield i;
});

test('shuffle: a permutation, seeded, reshuffled per pass, bounded by the buffer', async () => {
  const ds = range(300).shuffle(20, 7);
  const p1 = await collect(ds);
  const p2 = await collect(ds);
  assert.equal([...p1].sort((a, b) => a - b), Array.from({ length: 300 }, (_, i) => i));
  assert.not.equal(p1, p2, 'each pass reshuffles');
  const again = range(300).shuffle(20, 7);
  assert.equal(await collect(again), p1, 'same seed, same first pass');
  assert.equal(await collect(again), p2, 'and same second pass');
  assert.not.equal(await collect(range(300).shuffle(20, 8)), p1);
  // element i enters the buffer when input i is read, so output k comes from inputs <= k + size - 1
  p1.forEach((v, k) => assert.ok(v <= k + 19, `output ${k} = ${v} came from beyond the buffer`));
  const fixed = range(50).shuffle(10, 3, false);
  assert.equal(await collect(fixed), await collect(fixed), 'reshuffleEachIteration false repeats');
  assert.equal(await collect(range(5).shuffle(1, 1)), [0, 1, 2, 3, 4], 'a buffer of 1 keeps the order');
});

test('batch: stacks samples into the Batch contract; labels become Int32 [n]', async () => {
  const samples = dataset.fromGenerator(function* (): Generator<Sample> {
    for (let i = 0; i < 10; i++) yield { xs: [i, -i], ys: i % 3 };
  });
  const batches = await collect(samples.batch(4));
  assert.equal(batches.map((b) => b.xs.shape), [[4, 2], [4, 2], [2, 2]]);
  assert.instance(batches[0].ys.data, Int32Array);
  assert.equal([...batches[2].ys.data], [2, 0]);
  assert.equal([...batches[1].xs.data], [4, -4, 5, -5, 6, -6, 7, -7]);
  assert.is((await collect(samples.batch(4, true))).length, 2);
  const vec = dataset.fromGenerator(() => [{ xs: new Float32Array([1]), ys: [0, 1] }, { xs: new Float32Array([2]), ys: [1, 0] }]);
  const [b] = await collect(vec.batch(8));
  assert.instance(b.ys.data, Float32Array);
  assert.equal(b.ys.shape, [2, 2]);
  const ragged = dataset.fromGenerator(() => [{ xs: [1, 2], ys: 0 }, { xs: [1], ys: 0 }]);
  try {
    await collect(ragged.batch(2));
    assert.unreachable('ragged samples must fail');
  } catch (e) {
    assert.instance(e, ShapeError);
  }
});

test('prefetch: same elements, requested ahead of the consumer; early exit closes the source', async () => {
  let produced = 0;
  let closed = false;
  const src = dataset.fromGenerator(async function* () {
    try {
      for (let i = 0; i < 20; i++) {
        produced++;
        yield i;
      }
    } finally {
      closed = true;
    }
  });
  assert.equal(await collect(src.prefetch(3)), Array.from({ length: 20 }, (_, i) => i));
  produced = 0;
  const it = src.prefetch(4)[Symbol.asyncIterator]();
  await it.next();
  await new Promise((r) => setImmediate(r));
  assert.ok(produced >= 4, `prefetch(4) should have produced ahead, produced ${produced}`);
  closed = false;
  await it.return!();
  assert.ok(closed, 'return() reaches the source');
  closed = false;
  assert.equal(await collect(src.take(3)), [0, 1, 2]);
  assert.ok(closed, 'take closes the source');
});

test('fromRecords streams fixed-size records after a header, across chunk boundaries; zip pairs files', async () => {
  const images = join(dir, 'img.bin');
  const labels = join(dir, 'lbl.bin');
  const body = Uint8Array.from({ length: 10 * 5 }, (_, i) => i);
  writeFileSync(images, Buffer.concat([Buffer.alloc(16, 0xee), Buffer.from(body)]));
  writeFileSync(labels, Buffer.concat([Buffer.alloc(8), Buffer.from([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])]));
  const recs = dataset.fromRecords(images, { recordBytes: 5, headerBytes: 16, chunkBytes: 12 });
  const all = await collect(recs);
  assert.is(all.length, 10);
  all.forEach((r, i) => assert.equal([...r], [5 * i, 5 * i + 1, 5 * i + 2, 5 * i + 3, 5 * i + 4]));
  const pairs = dataset.zip(recs, dataset.fromRecords(labels, { recordBytes: 1, headerBytes: 8 }))
    .map(([x, y]): Sample => ({ xs: Float32Array.from(x, (v) => v / 255), ys: y[0] }))
    .shuffle(4, 1).batch(3).prefetch(2);
  const batches = await collect(pairs);
  assert.equal(batches.map((b) => b.xs.shape[0]), [3, 3, 3, 1]);
  const seen = batches.flatMap((b) => [...b.ys.data]).sort();
  assert.equal(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (const b of batches) for (let r = 0; r < b.ys.shape[0]; r++) {
    const rec = 9 - b.ys.data[r];
    assert.ok(Math.abs(b.xs.data[r * 5] - (5 * rec) / 255) < 1e-7, 'image travels with its label');
  }
  const truncated = join(dir, 'trunc.bin');
  writeFileSync(truncated, Buffer.alloc(16 + 12));
  await collect(dataset.fromRecords(truncated, { recordBytes: 5, headerBytes: 16 })).then(
    () => assert.unreachable('truncated'),
    (e: unknown) => assert.ok(e instanceof SimdnetError && e.code === 'ERR_CORRUPT_DATA', String(e)),
  );
  await collect(dataset.fromRecords(join(dir, 'missing'), { recordBytes: 1 })).then(
    () => assert.unreachable('missing'),
    (e: unknown) => assert.ok(e instanceof SimdnetError && e.code === 'ERR_IO', String(e)),
  );
});

test('fromLines streams the lines of a text file', async () => {
  const file = join(dir, 'a.csv');
  writeFileSync(file, 'a,b\r\n1,2\n3,4\n');
  assert.equal(await collect(dataset.fromLines(file)), ['a,b', '1,2', '3,4']);
  const parsed = await collect(dataset.fromLines(file).filter((l) => !l.startsWith('a')).map((l) => l.split(',').map(Number)));
  assert.equal(parsed, [[1, 2], [3, 4]]);
  await collect(dataset.fromLines(join(dir, 'nope.txt'))).then(
    () => assert.unreachable('missing'),
    (e: unknown) => assert.ok(e instanceof SimdnetError && e.code === 'ERR_IO'),
  );
});

test.run();
