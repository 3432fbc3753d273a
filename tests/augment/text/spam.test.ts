import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spamAssassin, body } from '../../../src/data/spamAssassin.js';
import { augmentTexts, edaPerEpoch } from '../../../src/augment/text/augmentTexts.js';

test('the SpamAssassin corpus: 6,046 messages, 1,896 spam, bodies without headers', () => {
  const mails = spamAssassin();
  assert.is(mails.length, 6046);
  assert.is(mails.filter((m) => m.label === 1).length, 1896);
  const raw = spamAssassin({ raw: true });
  const firstLine = (t: string) => t.slice(0, t.indexOf('\n')).replace(/\s+/g, ' ');
  mails.forEach((m, i) => assert.not.ok(m.text.startsWith(firstLine(raw[i].text)), `${m.group}/${m.id}: header block kept`));
  assert.ok(mails.filter((m) => m.text.length > 0).length > 6000);
});

test('body(): drops headers, tags and entities', () => {
  assert.is(body('Subject: x\nFrom: y\n\n<p>Hello&nbsp;<b>there</b></p>\n'), 'Hello there');
});

test('augmentTexts expands each text by numAug with labels copied; edaPerEpoch varies per epoch', () => {
  const out = augmentTexts(['free money now click here', 'meeting at noon tomorrow'], [1, 0], { numAug: 4, seed: 3 });
  assert.is(out.texts.length, 10);
  assert.equal(out.labels, [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  const epoch = edaPerEpoch(['the quick brown fox jumps over the lazy dog'], { seed: 1, numAug: 8 });
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) seen.add(epoch()[0]);
  assert.ok(seen.size > 1, 'fresh variants across epochs');
});

test.run();
