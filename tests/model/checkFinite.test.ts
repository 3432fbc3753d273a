// The up-front NaN/Inf check of fit's data (src/model/data.ts checkFiniteRows, issue 18 item 17):
// the summed x * 0 pass must find a NaN or +-Inf wherever it is (first and last element, the 1-3
// values past the four-wide loop, lengths not a multiple of 4) and name the first one's sample; and a
// range of memory found finite once is not checked again (the documented trade: a value made NaN in
// place afterwards shows as an undone step, not as a ValidationError).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { checkFiniteRows } from '../../src/model/data.js';
import { sequential, dense, tensor, ValidationError, NonFiniteError } from '../../src/index.js';

const message = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    assert.instance(e, ValidationError);
    return (e as Error).message;
  }
  return '';
};

test('every position and kind of non-finite value is found and the first one named', () => {
  for (const len of [1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 1027]) {
    const per = len % 3 === 0 ? 3 : 1; // values per sample
    const n = len / per;
    for (const at of new Set([0, 1, len >> 1, len - 4, len - 3, len - 2, len - 1].filter((i) => i >= 0 && i < len))) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const d = Float32Array.from({ length: len }, (_, i) => (i % 7) - 3.5); // negative values give -0 products
        d[at] = bad;
        if (at + 1 < len) d[len - 1] = NaN; // a later one too: the first is named
        const row = Math.floor(at / per);
        assert.match(message(() => checkFiniteRows('fit', 'x', d, n)), `sample ${row} holds ${bad} at flat index ${at - row * per}`, `len ${len} at ${at} ${bad}`);
      }
    }
    assert.is(message(() => checkFiniteRows('fit', 'x', new Float32Array(len).fill(-1), n)), '', `len ${len} all finite`);
  }
});

test('memory checked once is not checked again; other arrays and wider ranges are', () => {
  const buf = new Float32Array(64).fill(1);
  checkFiniteRows('fit', 'x', buf.subarray(0, 32), 8);
  buf[5] = NaN; // in place, inside the checked range
  assert.is(message(() => checkFiniteRows('fit', 'x', buf.subarray(0, 32), 8)), '', 'the same range again: not re-read');
  assert.is(message(() => checkFiniteRows('fit', 'x', buf.subarray(4, 8), 1)), '', 'a part of it: not re-read');
  assert.match(message(() => checkFiniteRows('fit', 'x', buf, 16)), 'sample 1 holds NaN', 'a wider range is read');
  const copy = Float32Array.from(buf);
  assert.match(message(() => checkFiniteRows('fit', 'x', copy, 16)), 'sample 1 holds NaN', 'another buffer is read');
});

test('fit: a NaN written in place after a clean fit stops training at its batch (the step guard), not up front', async () => {
  await ready();
  const x = new Float32Array(64 * 4).map((_, i) => Math.sin(i));
  const y = tensor(new Float32Array(64).map((_, i) => Math.cos(i)), [64, 1]);
  const m = sequential({ seed: 1, layers: [dense({ units: 4, activation: 'relu', inputShape: [4] }), dense({ units: 1 })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await m.fit(tensor(x, [64, 4]), y, { epochs: 1, batchSize: 16, verbose: 0, shuffle: false });
  x[40 * 4] = NaN; // sample 40: batch 2
  let err: unknown = null;
  await m.fit(tensor(x, [64, 4]), y, { epochs: 1, batchSize: 16, verbose: 0, shuffle: false }).catch((e) => (err = e));
  assert.instance(err, NonFiniteError);
  assert.match((err as Error).message, /batch 2/);
  assert.ok(m.getWeights().every((w) => w.every(Number.isFinite)));
  m.dispose();
});

test.run();
