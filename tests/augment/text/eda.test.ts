import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eda, randomDeletion, randomSwap, randomInsertion, synonymReplacement } from '../../../src/augment/text/eda.js';
import { Rng } from '../../../src/rng.js';
import { ValidationError } from '../../../src/errors.js';

const S = 'The quick brown fox jumps over the lazy dog near the riverbank';
const fake = { synonyms: (w: string) => (w === 'the' ? ['STOP'] : [`${w}_syn`]) };

test('eda: numAug sentences plus the original last; deterministic for a seed; never empty', () => {
  const a = eda(S, { seed: 7 });
  const b = eda(S, { seed: 7 });
  assert.is(a.length, 10);
  assert.equal(a, b);
  assert.is(a[9], S.toLowerCase());
  for (const s of a) assert.ok(s.trim().length > 0);
  assert.not.equal(eda(S, { seed: 8 }), a);
  const c = eda(S, { seed: 1, numAug: 16 });
  assert.is(c.length, 17);
});

test('eda: each operation with alpha > 0 changes something; disabled ones are not used', () => {
  const base = S.toLowerCase();
  const onlySwap = eda(S, { seed: 3, alphaSr: 0, alphaRi: 0, pRd: 0, alphaRs: 0.1, numAug: 4 });
  for (const s of onlySwap.slice(0, -1)) {
    assert.is.not(s, base);
    assert.equal(s.split(' ').sort(), base.split(' ').sort(), 'swap keeps the same words');
  }
  const onlyDel = eda(S, { seed: 3, alphaSr: 0, alphaRi: 0, alphaRs: 0, pRd: 0.3, numAug: 4 });
  for (const s of onlyDel.slice(0, -1)) assert.ok(s.split(' ').length <= base.split(' ').length);
  const onlySr = eda(S, { seed: 3, alphaRi: 0, alphaRs: 0, pRd: 0, alphaSr: 0.1, numAug: 4 });
  for (const s of onlySr.slice(0, -1)) assert.is.not(s, base, 'SR replaced at least one word (n = max(1, ...))');
});

test('synonym replacement skips stop words and replaces all occurrences of a chosen word', () => {
  const words = 'the cat saw the cat'.split(' ');
  const out = synonymReplacement(words, 1, new Rng(1), fake);
  assert.not.ok(out.includes('STOP'));
  const changed = out.filter((w) => w.endsWith('_syn'));
  assert.ok(changed.length === 2 && changed[0] === 'cat_syn' || changed.length === 1 && changed[0] === 'saw_syn', `${out}`);
});

test('random insertion inserts n synonyms; deletion never empties; swap on one word is identity', () => {
  const ins = randomInsertion(['a', 'b', 'c'], 2, new Rng(2), fake);
  assert.is(ins.length, 5);
  assert.is(ins.filter((w) => w.endsWith('_syn')).length, 2);
  assert.equal(randomDeletion(['only'], 1, new Rng(1)), ['only']);
  const del = randomDeletion(['a', 'b', 'c', 'd'], 1, new Rng(1));
  assert.is(del.length, 1);
  assert.equal(randomSwap(['solo'], 3, new Rng(1)), ['solo']);
  assert.equal(randomInsertion(['zz'], 2, new Rng(1), { synonyms: () => [] }), ['zz'], 'no synonyms: unchanged');
});

test('unicode and punctuation: accents and scripts kept, punctuation dropped', () => {
  const out = eda('Café naïve — résumé! 東京 is great, isn’t it?', { seed: 5, numAug: 4 });
  assert.is(out[out.length - 1], 'café naïve résumé 東京 is great isn’t it');
  for (const s of out) {
    assert.ok(s.length > 0);
    assert.not.match(s, /[!,?—]/);
  }
  assert.equal(eda('?!', { seed: 1 }), ['?!'], 'no words: the input comes back alone');
});

test('bad options are typed errors naming the argument', () => {
  assert.throws(() => eda(S, { alphaSr: 2 }), (e: ValidationError) => e.arg === 'alphaSr' && e.fn === 'eda');
  assert.throws(() => eda(S, { numAug: 2.5 }), (e: ValidationError) => e.arg === 'numAug');
  assert.throws(() => eda(S, { alpha: 0.1 } as never), (e: ValidationError) => e.arg === 'alpha');
  assert.throws(() => eda(42 as never), (e: ValidationError) => e.code === 'ERR_INVALID_TYPE');
});

// The exported operations: every bad argument is a ValidationError naming the function, the argument,
// what was expected and what was got (a sentence in place of a word list used to throw
// "words.filter is not a function", or silently swap characters).
test('the single operations reject bad arguments with typed errors', () => {
  const rng = new Rng(1);
  const ops: [string, (words: unknown, count: unknown, r: unknown) => unknown][] = [
    ['synonymReplacement', (w, c, r) => synonymReplacement(w as never, c as never, r as never, fake)],
    ['randomInsertion', (w, c, r) => randomInsertion(w as never, c as never, r as never, fake)],
    ['randomSwap', (w, c, r) => randomSwap(w as never, c as never, r as never)],
    ['randomDeletion', (w, c, r) => randomDeletion(w as never, c as never, r as never)],
  ];
  const rejects = (call: () => unknown, fn: string, arg: string, code: string, got: string) =>
    assert.throws(call, (e: ValidationError) => {
      const ok = e instanceof ValidationError && e.fn === fn && e.arg === arg && e.code === code && e.got === got && typeof e.expected === 'string';
      if (!ok) console.log(fn, arg, e);
      return ok;
    });
  for (const [fn, op] of ops) {
    rejects(() => op('the cat sat', 1, rng), fn, 'words', 'ERR_INVALID_TYPE', '"the cat sat"');
    rejects(() => op(['the', 3, 'sat'], 1, rng), fn, 'words[1]', 'ERR_INVALID_TYPE', '3');
    rejects(() => op(['a', 'b'], 1, 7), fn, 'rng', 'ERR_INVALID_TYPE', '7');
    rejects(() => op(['a', 'b'], 1, { int: () => 0, uniform: () => 0 }), fn, 'rng', 'ERR_INVALID_TYPE', 'object');
  }
  for (const [fn, op] of ops.slice(0, 3)) {
    rejects(() => op(['a', 'b'], -1, rng), fn, 'n', 'ERR_INVALID_ARGUMENT', '-1');
    rejects(() => op(['a', 'b'], 1.5, rng), fn, 'n', 'ERR_INVALID_ARGUMENT', '1.5');
    rejects(() => op(['a', 'b'], '2', rng), fn, 'n', 'ERR_INVALID_TYPE', '"2"');
  }
  rejects(() => randomDeletion(['a', 'b'], 1.5, rng), 'randomDeletion', 'p', 'ERR_INVALID_ARGUMENT', '1.5');
  rejects(() => randomDeletion(['a', 'b'], -0.1, rng), 'randomDeletion', 'p', 'ERR_INVALID_ARGUMENT', '-0.1');
  rejects(() => randomDeletion(['a', 'b'], NaN, rng), 'randomDeletion', 'p', 'ERR_INVALID_ARGUMENT', 'NaN');
  rejects(() => synonymReplacement(['a'], 1, rng, {} as never), 'synonymReplacement', 'wn', 'ERR_INVALID_TYPE', 'object');
  rejects(() => randomInsertion(['a'], 1, rng, null as never), 'randomInsertion', 'wn', 'ERR_INVALID_TYPE', 'null');
  rejects(() => synonymReplacement(['a'], 1, rng, fake, ['the'] as never), 'synonymReplacement', 'stop', 'ERR_INVALID_TYPE', 'array(1)');
  rejects(() => eda(S, { seed: 'x' as never }), 'eda', 'seed', 'ERR_INVALID_TYPE', '"x"');
  rejects(() => eda(S, { seed: -1 }), 'eda', 'seed', 'ERR_INVALID_ARGUMENT', '-1');
  rejects(() => eda(S, { wordnet: {} as never }), 'eda', 'wordnet', 'ERR_INVALID_TYPE', 'object');
  rejects(() => eda(S, { stopWords: 'the' as never }), 'eda', 'stopWords', 'ERR_INVALID_TYPE', '"the"');
  // Valid edge values still work: n = 0 and p = 0 leave the words as they are.
  assert.equal(randomSwap(['a', 'b', 'c'], 0, rng), ['a', 'b', 'c']);
  assert.equal(randomDeletion(['a', 'b', 'c'], 0, rng), ['a', 'b', 'c']);
});

test.run();
