import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WordNet, findLine, parseDataLine } from '../../../src/augment/text/wordnet.js';
import { SimdnetError } from '../../../src/errors.js';

const wn = new WordNet();

test('synonyms come from WordNet 3.1: car, happy, quickly, run', () => {
  const car = wn.synonyms('car');
  for (const s of ['auto', 'automobile', 'machine', 'motorcar', 'railcar', 'gondola']) assert.ok(car.includes(s), `car: missing ${s} in ${car}`);
  assert.not.ok(car.includes('car'), 'the word itself is excluded');
  const happy = wn.synonyms('happy');
  for (const s of ['felicitous', 'glad', 'well-chosen'.replace('-', ' ')]) assert.ok(happy.includes(s), `happy: missing ${s} in ${happy}`);
  assert.ok(wn.synonyms('quickly').includes('speedily'));
  assert.ok(wn.synonyms('run', 'verb').includes('operate'));
});

test('morphy reduces regular inflections to lemmas', () => {
  assert.ok(wn.synonyms('cars').includes('automobile'));
  assert.ok(wn.synonyms('boxes').length > 0 && wn.synonyms('boxes').includes('package'), 'boxes -> box');
  assert.ok(wn.synonyms('jumped', 'verb').includes('leap'), 'jumped -> jump');
  assert.ok(wn.synonyms('jumping', 'verb').includes('leap'), 'jumping -> jump');
  assert.equal(wn.synsets('cars', 'noun').map((s) => s.offset), wn.synsets('car', 'noun').map((s) => s.offset));
});

test('unknown, empty and non-ASCII words have no synonyms (and do not throw)', () => {
  assert.equal(wn.synonyms('qwzxv'), []);
  assert.equal(wn.synonyms(''), []);
  assert.equal(wn.synonyms('日本'), []);
});

test('synset lines parse: lemmas, adjective markers, gloss', () => {
  const s = parseDataLine('00001740 00 a 02 able 0 abler(a) 0 000 | (usually followed by `to\') having the necessary means', 'adj', 1740);
  assert.equal(s.lemmas, ['able', 'abler']);
  assert.ok(s.gloss.startsWith('(usually'));
  assert.throws(() => parseDataLine('00001741 00 a 01 x 0 000 | g', 'adj', 1740), (e: SimdnetError) => e.code === 'ERR_CORRUPT_DATA');
});

test('binary search over sorted lines finds first, last, middle and rejects missing keys', () => {
  const buf = Buffer.from('  1 license\n  2 more\na x\nab x\nb x\nba x\nc x\n', 'latin1');
  for (const k of ['a', 'ab', 'b', 'ba', 'c']) assert.is(findLine(buf, Buffer.from(k))?.split(' ')[0], k);
  for (const k of ['', 'aa', 'bb', 'd', '0']) assert.is(findLine(buf, Buffer.from(k)), null);
});

test('a missing dictionary folder is a typed ERR_IO error', () => {
  const bad = new WordNet({ dir: '/nonexistent/wordnet' });
  assert.throws(() => bad.synonyms('car'), (e: SimdnetError) => e.code === 'ERR_IO' && /wordnet/.test(e.message));
});

test.run();
