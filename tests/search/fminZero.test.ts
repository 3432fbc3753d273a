// fmin({ maxEvals: 0 }) with no earlier trials is an error, as hyperopt's fmin raises "There are no
// evaluation tasks" (issue 18 item 17: it used to return best = null silently).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fmin, hp, ValidationError } from '../../src/index.js';

test('maxEvals 0 on an empty history is a ValidationError; with earlier trials it returns their best', async () => {
  const space = hp.uniform('x', -1, 1);
  const e = await fmin({ fn: (x: number) => x * x, space, maxEvals: 0, seed: 1 }).then(() => null, (err) => err);
  assert.instance(e, ValidationError);
  assert.is(e.arg, 'maxEvals');
  const first = await fmin({ fn: (x: number) => x * x, space, maxEvals: 3, seed: 1 });
  const again = await fmin({ fn: (): number => { throw new Error('no new trial should run'); }, space, maxEvals: 0, seed: 1, trials: first.trials });
  assert.is(again.bestLoss, first.bestLoss);
});

test.run();
