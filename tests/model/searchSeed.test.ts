// A seeded search's seed reaches a model's weight initialisation (src/model/searchSeed.ts, issue 18
// item 8): a model built without a seed whose weights nothing but the initializers wrote takes the
// search's seed and draws its weights again from it, even when compile already built them (first
// layer with an inputShape); a model with its own seed, or one trained, given weights or loaded, is
// left as it is.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../../bindings/loader.js';
import { adam, dense, dropout, loadModel, loadTfjs, saveTfjs, sequential, tensor, type Sequential } from '../../src/index.js';
import { SEARCH_SEED } from '../../src/model/searchSeed.js';

const layers = () => [dense({ units: 6, activation: 'relu', inputShape: [3] }), dropout({ rate: 0.3 }), dense({ units: 2 })];
const compiled = (seed?: number): Sequential => {
  const m = sequential({ layers: layers(), ...(seed === undefined ? {} : { seed }) });
  m.compile({ optimizer: adam(), loss: 'meanSquaredError' });
  return m;
};
const x = tensor(new Float32Array(24).map((_, i) => Math.sin(i)), [8, 3]);
const y = tensor(new Float32Array(16).map((_, i) => Math.cos(i)), [8, 2]);

function sameWeights(a: Float32Array[], b: Float32Array[]): boolean {
  return a.length === b.length && a.every((w, i) => w.length === b[i].length && w.every((v, j) => Object.is(v, b[i][j])));
}

test('an unseeded model whose weights compile built is re-initialised from the search seed: the weights of sequential({ seed })', async () => {
  await ready();
  const m = compiled();
  assert.ok(m.built, 'compile built the weights (first layer with an inputShape)');
  const reference = compiled(123);
  assert.not.ok(sameWeights(m.getWeights(), reference.getWeights()), 'before: its own random seed');
  assert.is(m[SEARCH_SEED](123), true);
  assert.is(m.seed, 123);
  assert.ok(sameWeights(m.getWeights(), reference.getWeights()), 'after: drawn again from the search seed');
  m.predict(x); // inference writes no weights
  assert.is(m[SEARCH_SEED](124), true, 'predict does not count as writing the weights');
  assert.ok(sameWeights(m.getWeights(), compiled(124).getWeights()));
  m.dispose();
  reference.dispose();
});

test('a model not built yet takes the seed for its first build', async () => {
  const m = sequential({ layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 2 })] });
  m.compile({ optimizer: adam(), loss: 'meanSquaredError' });
  assert.not.ok(m.built);
  assert.is(m[SEARCH_SEED](9), true);
  m.build([3]);
  const r = sequential({ seed: 9, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 2 })] });
  r.build([3]);
  assert.ok(sameWeights(m.getWeights(), r.getWeights()));
  m.dispose();
  r.dispose();
});

test('a model with its own seed keeps it', async () => {
  const m = compiled(7);
  const before = m.getWeights();
  assert.is(m[SEARCH_SEED](123), false);
  assert.is(m.seed, 7);
  assert.ok(sameWeights(m.getWeights(), before));
  m.dispose();
});

test('a trained model is not re-initialised (fit wrote its weights)', async () => {
  const m = compiled();
  await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0, seed: 1 });
  const trained = m.getWeights();
  const seed = m.seed;
  assert.is(m[SEARCH_SEED](123), false);
  assert.is(m.seed, seed, 'its seed is still the one its weights were drawn from');
  assert.ok(sameWeights(m.getWeights(), trained));
  m.dispose();
});

test('a model given weights (setWeights) or loaded (loadModel, loadTfjs) is not re-initialised', async () => {
  const source = compiled(3);
  await source.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, seed: 2 });
  const given = compiled();
  given.setWeights(source.getWeights());
  assert.is(given[SEARCH_SEED](123), false, 'setWeights');
  assert.ok(sameWeights(given.getWeights(), source.getWeights()));

  const dir = await mkdtemp(join(tmpdir(), 'simdnet-searchseed-'));
  try {
    await source.save(join(dir, 'own'));
    const own = await loadModel(join(dir, 'own'));
    assert.is(own[SEARCH_SEED](123), false, 'loadModel');
    assert.ok(sameWeights(own.getWeights(), source.getWeights()));
    await saveTfjs(source, join(dir, 'tfjs'));
    const tfjs = await loadTfjs(join(dir, 'tfjs')); // the tfjs format has no seed: only the write tells
    assert.is(tfjs[SEARCH_SEED](123), false, 'loadTfjs');
    assert.ok(sameWeights(tfjs.getWeights(), source.getWeights()));
    own.dispose();
    tfjs.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  given.dispose();
  source.dispose();
});

test('a disposed model is left alone (no throw: the search disposes what it is done with)', async () => {
  const m = compiled();
  m.dispose();
  assert.is(m[SEARCH_SEED](1), false);
});

test.run();
