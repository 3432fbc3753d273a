// Unknown keys in paramGrid / paramDistributions (issue 18 item 9): a key that neither buildModel
// nor fitOptions reads for any candidate would be silently dropped (`batch_size` for `batchSize`),
// so it is a ValidationError naming the key and the accepted ones, after the first fold at the latest
// (scikit-learn's set_params raises "Invalid parameter ... Valid parameters are: ...").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ValidationError, gridSearch, hp, randomSearch, tensor, type Tensor } from '../../src/index.js';

const n = 12;
const x = tensor(Float32Array.from({ length: n * 2 }, (_, i) => i % 7), [n, 2]);
const y = tensor(Int32Array.from({ length: n }, (_, i) => i % 2), [n]);
let fits = 0;
/** A model that predicts a constant class; reads only the keys the caller's buildModel reads. */
const constant = (c: number) => ({
  fit() {
    fits++;
  },
  predict: (xt: Tensor) => Float32Array.from({ length: xt.shape[0] * 2 }, (_, i) => (i % 2 === c ? 1 : 0)),
});

async function rejection(p: Promise<unknown>): Promise<ValidationError> {
  const e = await p.then(() => null, (err) => err);
  assert.instance(e, ValidationError);
  return e as ValidationError;
}

test('gridSearch: batch_size is refused, naming it, the keys read, and batchSize', async () => {
  fits = 0;
  const e = await rejection(gridSearch({ buildModel: (p: { units: number }) => constant(p.units % 2), paramGrid: { units: [4, 5], batch_size: [16] }, x, y, cv: 2 }));
  assert.is(e.arg, 'paramGrid.batch_size');
  assert.match(e.expected!, 'units');
  assert.match(e.expected!, 'epochs');
  assert.match(e.expected!, "did you mean 'batchSize'");
  // checked after the first fold (a model may read its params in fit or predict), before the rest
  assert.is(fits, 1);
});

test('randomSearch: an unknown distribution key is refused the same way', async () => {
  const e = await rejection(randomSearch({ buildModel: (p: { c: number }) => constant(p.c), paramDistributions: { c: [0, 1], dropuot: hp.uniform('dropuot', 0, 0.5) }, nIter: 2, x, y, cv: 2 }));
  assert.is(e.arg, 'paramDistributions.dropuot');
  assert.match(e.expected!, 'c');
});

test('a key read for some candidates only, a custom fitOptions key, and a spread of params are accepted', async () => {
  const r = await gridSearch({
    buildModel: (p: { layers: number; extra: number; batch_size: number }) => constant(p.layers > 1 ? p.extra % 2 : 0),
    paramGrid: { layers: [1, 2], extra: [3], batch_size: [8] },
    fitOptions: (p: { layers: number; extra: number; batch_size: number }) => ({ batchSize: p.batch_size }),
    x,
    y,
    cv: 2,
  });
  assert.is(r.cvResults.params.length, 2);
  const lazy = await gridSearch({ buildModel: (p: { c: number }) => ({ fit() {}, predict: (xt: Tensor) => constant(p.c).predict(xt) }), paramGrid: { c: [0, 1] }, x, y, cv: 2 });
  assert.is(lazy.cvResults.params.length, 2, 'a key read only in predict counts');
  const spread = await gridSearch({ buildModel: (p: Record<string, number>) => constant({ ...p }.c), paramGrid: { c: [0], anything: [1] }, x, y, cv: 2 });
  assert.is(spread.cvResults.params.length, 1);
});

test.run();
