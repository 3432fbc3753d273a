import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backTranslate } from '../../../src/augment/text/backTranslate.js';
import { SimdnetError } from '../../../src/errors.js';

// A toy translator: tags the text with the target language, so the round trip is visible.
const calls: string[] = [];
const toy = async (texts: string[], from: string, to: string) => {
  calls.push(`${from}>${to}:${texts.length}`);
  return texts.map((t) => (to === 'en' ? t.replace(/^\[\w+\] /, '') + ` (via ${from})` : `[${to}] ${t}`));
};

test('round trip per pivot, in batches, order kept', async () => {
  calls.length = 0;
  const texts = ['one', 'two', 'three', 'four', 'five'];
  const out = await backTranslate(texts, { translator: toy, pivots: ['fr', 'de'], batchSize: 2 });
  assert.equal(out[0], texts.map((t) => `${t} (via fr)`));
  assert.equal(out[1], texts.map((t) => `${t} (via de)`));
  assert.equal(calls.slice(0, 6), ['en>fr:2', 'fr>en:2', 'en>fr:2', 'fr>en:2', 'en>fr:1', 'fr>en:1']);
});

test('retries a failing batch, then succeeds', async () => {
  let failures = 2;
  const flaky = async (t: string[], f: string, to: string) => {
    if (failures-- > 0) throw new Error('503 busy');
    return toy(t, f, to);
  };
  const out = await backTranslate(['hello'], { translator: flaky, retries: 2, retryDelayMs: 1 });
  assert.equal(out, [['hello (via fr)']]);
});

test('persistent failure or malformed output is ERR_EXTERNAL naming batch and direction', async () => {
  const broken = async () => {
    throw new Error('connection refused');
  };
  try {
    await backTranslate(['a', 'b', 'c'], { translator: broken, retries: 1, retryDelayMs: 1, batchSize: 2 });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, SimdnetError);
    assert.is((e as SimdnetError).code, 'ERR_EXTERNAL');
    assert.match((e as Error).message, /batch 0 \(en -> fr\) after 2 attempts: connection refused/);
  }
  const short = async (t: string[]) => t.slice(1);
  await backTranslate(['a', 'b'], { translator: short, retries: 0 }).then(
    () => assert.unreachable(),
    (e: SimdnetError) => assert.match(e.message, /returned 1 items for 2 texts/),
  );
});

test('bad arguments are rejected before any call', async () => {
  await backTranslate(['a'], {} as never).then(
    () => assert.unreachable(),
    (e: SimdnetError) => assert.is(e.arg, 'translator'),
  );
  await backTranslate(['a'], { translator: toy, pivots: [] }).then(
    () => assert.unreachable(),
    (e: SimdnetError) => assert.is(e.arg, 'pivots'),
  );
});

test.run();
