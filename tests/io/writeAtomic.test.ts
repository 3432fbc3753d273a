// writeAtomic: the file holds the old bytes or the new ones, never a mix; a failed write (at the
// temp file or at the rename) leaves the old file and no temp file behind.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from '../../src/io/writeAtomic.js';

async function failure(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: NodeJS.ErrnoException) => e.code ?? String(e),
  );
}

test('writeAtomic replaces the content and leaves no temp file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-atomic-'));
  const file = join(dir, 'a.bin');
  await writeFile(file, 'old');
  await writeAtomic('test', file, new Uint8Array([1, 2, 3]));
  assert.equal(Array.from(await readFile(file)), [1, 2, 3]);
  await writeAtomic('test', file, 'text');
  assert.is(await readFile(file, 'utf8'), 'text');
  assert.equal(await readdir(dir), ['a.bin']);
  await rm(dir, { recursive: true });
});

test('writeAtomic: a failure opening the temp file leaves the previous file intact', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-atomic-'));
  const file = join(dir, 'a.bin');
  await writeFile(file, 'old');
  await mkdir(file + '.tmp');
  assert.is(await failure(writeAtomic('test', file, 'new')), 'EISDIR');
  assert.is(await readFile(file, 'utf8'), 'old');
  await rm(dir, { recursive: true });
});

test('writeAtomic: a failure at the rename leaves the previous file intact and removes the temp file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-atomic-'));
  // The target is a non-empty directory: rename(file.tmp, file) fails after the data was written.
  const file = join(dir, 'a.bin');
  await mkdir(file);
  await writeFile(join(file, 'keep'), 'old');
  const code = await failure(writeAtomic('test', file, 'new'));
  assert.ok(['EISDIR', 'ENOTEMPTY', 'EEXIST', 'EPERM'].includes(code), code);
  assert.is(await readFile(join(file, 'keep'), 'utf8'), 'old');
  assert.equal(await readdir(dir), ['a.bin']);
  await rm(dir, { recursive: true });
});

test.run();
