import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { textVectorization } from '../../../src/augment/text/vectorizer.js';
import { SimdnetError } from '../../../src/errors.js';

test("int mode: '' = 0, [UNK] = 1, frequency order, padding and truncation", () => {
  const v = textVectorization({ outputSequenceLength: 4 }).adapt(['The cat, the hat.', 'A cat!']);
  assert.equal(v.getVocabulary(), ['', '[UNK]', 'cat', 'the', 'a', 'hat']);
  const t = v.vectorize(['the cat sat on the mat', 'hat']);
  assert.equal(t.shape, [2, 4]);
  assert.equal(Array.from(t.data), [3, 2, 1, 1, 5, 0, 0, 0]);
  const free = textVectorization().adapt(['a b']);
  assert.equal(free.vectorize(['a', 'b a b']).shape, [2, 3], 'pads to the longest text of the call');
});

test('maxTokens counts the reserved entries', () => {
  const v = textVectorization({ maxTokens: 4 }).adapt(['x x x y y z']);
  assert.equal(v.getVocabulary(), ['', '[UNK]', 'x', 'y']);
  const m = textVectorization({ maxTokens: 3, outputMode: 'multi_hot' }).adapt(['x x x y y z']);
  assert.equal(m.getVocabulary(), ['[UNK]', 'x', 'y']);
});

test('multi_hot, count and tf_idf (idf = log(1 + docs / (1 + df)), OOV idf = mean)', () => {
  const docs = ['a b', 'a c c'];
  const mh = textVectorization({ outputMode: 'multi_hot' }).adapt(docs);
  assert.equal(mh.getVocabulary(), ['[UNK]', 'a', 'c', 'b']);
  assert.equal(Array.from(mh.vectorize(['c c z']).data), [1, 0, 1, 0]);
  const cnt = textVectorization({ outputMode: 'count' }).adapt(docs);
  assert.equal(Array.from(cnt.vectorize(['c c z']).data), [1, 0, 2, 0]);
  const tf = textVectorization({ outputMode: 'tf_idf' }).adapt(docs);
  const idfA = Math.log(1 + 2 / 3), idfC = Math.log(2), idfB = Math.log(2);
  const oov = (idfA + idfC + idfB) / 3;
  const got = Array.from(tf.vectorize(['a c c z z']).data);
  const want = [2 * oov, idfA, 2 * idfC, 0];
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-6, `[${i}] ${g} vs ${want[i]}`));
});

test('errors: unknown mode, sequence length outside int mode, no vocabulary', () => {
  assert.throws(() => textVectorization({ outputMode: 'tfidf' as never }), (e: SimdnetError) => e.arg === 'outputMode');
  assert.throws(() => textVectorization({ outputMode: 'count', outputSequenceLength: 3 }), (e: SimdnetError) => e.arg === 'outputSequenceLength');
  assert.throws(() => textVectorization().vectorize(['a']), (e: SimdnetError) => e.code === 'ERR_STATE');
  assert.throws(() => textVectorization().adapt('abc' as never), (e: SimdnetError) => e.arg === 'texts');
});

test.run();
