// What loadModel and loadTfjs refuse (src/io/integrity.ts): files that model.json names outside the
// model folder (.., absolute paths, links out of the folder, shards on another server), weight
// shapes that disagree with the architecture even when the sizes agree, and a weights file whose
// bytes no longer match the SHA-256 saved with it; a model.json from before the checksum still loads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, adam, loadModel, loadTfjs, saveTfjs, tensor, SimdnetError } from '../../src/index.js';

const x = tensor(Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)), [6, 4]);

function model() {
  const m = sequential({ seed: 2, layers: [dense({ units: 8, activation: 'tanh', inputShape: [4] }), dense({ units: 8 })] });
  m.compile({ optimizer: adam(), loss: 'meanSquaredError' });
  return m;
}

async function refused(p: Promise<unknown>, code: string, pattern: RegExp, label: string): Promise<void> {
  try {
    const m = (await p) as { dispose?: () => void };
    m?.dispose?.();
    assert.unreachable(`${label}: loaded`);
  } catch (e) {
    assert.instance(e, SimdnetError, label);
    assert.is((e as SimdnetError).code, code, `${label}: ${(e as Error).message}`);
    assert.match((e as Error).message, pattern, label);
  }
}

test('loadModel reads only files inside the model folder', async () => {
  await ready();
  const root = await mkdtemp(join(tmpdir(), 'simdnet-integrity-'));
  const dir = join(root, 'model');
  const m = model();
  await m.save(dir);
  const meta = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  // A complete, valid weights file outside the folder: without the check it would load.
  await copyFile(join(dir, meta.weightsFile), join(root, 'outside.bin'));
  for (const weightsFile of ['../outside.bin', join(root, 'outside.bin'), 'sub/../../outside.bin', '.']) {
    await writeFile(join(dir, 'model.json'), JSON.stringify({ ...meta, weightsFile }));
    await refused(loadModel(dir), 'ERR_CORRUPT_DATA', /only files inside the model folder/, weightsFile);
  }
  await symlink(join(root, 'outside.bin'), join(dir, 'link.bin'));
  await writeFile(join(dir, 'model.json'), JSON.stringify({ ...meta, weightsFile: 'link.bin' }));
  await refused(loadModel(dir), 'ERR_CORRUPT_DATA', /link to a file outside/, 'symlink');
  m.dispose();
  await rm(root, { recursive: true });
});

test("loadModel checks weights[].shape against the layers' shapes", async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-integrity-'));
  const m = model();
  await m.save(dir);
  const meta = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  assert.equal(meta.weights[0].shape, [4, 8]);
  const weights = meta.weights.map((w: { shape: number[] }, i: number) => (i === 0 ? { ...w, shape: [8, 4] } : w));
  await writeFile(join(dir, 'model.json'), JSON.stringify({ ...meta, weights }));
  await refused(loadModel(dir), 'ERR_CORRUPT_DATA', /has shape \[8,4\] in model.json, the architecture's is \[4,8\]/, 'transposed shape');
  m.dispose();
  await rm(dir, { recursive: true });
});

test('a weights file that does not match its SHA-256 is ERR_CORRUPT_DATA; one saved without a checksum still loads', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-integrity-'));
  const m = model();
  const want = m.predict(x).data;
  await m.save(dir);
  const meta = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  assert.match(meta.weightsSha256, /^[0-9a-f]{64}$/);
  const file = join(dir, meta.weightsFile);
  const good = await readFile(file);
  const bad = Uint8Array.from(good);
  bad[13] ^= 0x40; // one flipped bit in the first kernel: same size, a plausible float
  await writeFile(file, bad);
  await refused(loadModel(dir), 'ERR_CORRUPT_DATA', /does not match the SHA-256 in model.json/, 'flipped bit');
  // An older model.json (no weightsSha256) with the intact file: loads, predictions equal.
  await writeFile(file, good);
  const { weightsSha256: _, ...old } = meta;
  await writeFile(join(dir, 'model.json'), JSON.stringify(old));
  const back = await loadModel(dir);
  assert.equal(Array.from(back.predict(x).data), Array.from(want));
  back.dispose();
  m.dispose();
  await rm(dir, { recursive: true });
});

test('loadTfjs: a [8, 4] manifest shape for a [4, 8] kernel and shard paths out of the folder are refused', async () => {
  await ready();
  const root = await mkdtemp(join(tmpdir(), 'simdnet-integrity-'));
  const dir = join(root, 'tfjs');
  const m = model();
  await saveTfjs(m, dir);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const group = json.weightsManifest[0];
  assert.equal(group.weights[0].shape, [4, 8]);
  const transposed = { ...json, weightsManifest: [{ ...group, weights: group.weights.map((w: { shape: number[] }, i: number) => (i === 0 ? { ...w, shape: [8, 4] } : w)) }] };
  await writeFile(join(dir, 'model.json'), JSON.stringify(transposed));
  await refused(loadTfjs(dir), 'ERR_CORRUPT_DATA', /has shape \[8,4\] in the manifest, the layer's is \[4,8\]/, 'transposed manifest shape');
  await copyFile(join(dir, group.paths[0]), join(root, 'outside.bin'));
  await writeFile(join(dir, 'model.json'), JSON.stringify({ ...json, weightsManifest: [{ ...group, paths: ['../outside.bin'] }] }));
  await refused(loadTfjs(dir), 'ERR_CORRUPT_DATA', /leaves the model folder/, 'shard outside');
  await writeFile(join(dir, 'model.json'), JSON.stringify(json));
  const back = await loadTfjs(dir);
  assert.equal(Array.from(back.predict(x).data), Array.from(m.predict(x).data));
  back.dispose();
  m.dispose();
  await rm(root, { recursive: true });
});

test.run();
