// hyperopt's names (issue 18 item 10): STATUS_OK / STATUS_FAIL, spaceEval (hyperopt's space_eval),
// `algo: tpe.suggest | rand.suggest | anneal.suggest`, and a search in which every trial failed is a
// loud error (hyperopt's Trials.best_trial raises AllTrialsFailed) rather than best = null. Imported
// through the package entry, as a user would.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AllTrialsFailedError, STATUS_FAIL, STATUS_OK, ValidationError, anneal, fmin, hp, rand, spaceEval, tpe } from '../../src/index.js';

const space = { opt: hp.choice('opt', ['adam', 'sgd']), lr: hp.loguniform('lr', Math.log(1e-4), Math.log(1)) };
const objective = (p: { opt: string; lr: number }) => ({ loss: (p.opt === 'adam' ? 0 : 1) + (Math.log10(p.lr) + 2) ** 2, status: STATUS_OK });

test('STATUS_OK / STATUS_FAIL are hyperopt\'s strings', () => {
  assert.is(STATUS_OK, 'ok');
  assert.is(STATUS_FAIL, 'fail');
});

test('tpe.suggest, rand.suggest and anneal.suggest run the same search as the algorithm names', async () => {
  for (const [suggest, name] of [[tpe.suggest, 'tpe'], [rand.suggest, 'random'], [anneal.suggest, 'anneal']] as const) {
    const a = await fmin({ fn: objective, space, algo: suggest, maxEvals: 25, seed: 3 });
    const b = await fmin({ fn: objective, space, algo: name, maxEvals: 25, seed: 3 });
    assert.equal(a.trials.trials.map((t) => t.vals), b.trials.trials.map((t) => t.vals), name);
  }
  const e = await fmin({ fn: objective, space, algo: ((): void => {}) as never, maxEvals: 1 }).then(() => null, (err) => err);
  assert.instance(e, ValidationError);
  assert.is(e.arg, 'algo');
  assert.match(e.expected, 'tpe.suggest');
});

test('spaceEval(space, result.argmin) is the best configuration (hyperopt space_eval)', async () => {
  const r = await fmin({ fn: objective, space, maxEvals: 20, seed: 5 });
  assert.equal(r.argmin, r.bestTrial!.vals);
  assert.is(typeof r.argmin!.opt, 'number', 'argmin holds the choice index, as hyperopt');
  assert.equal(spaceEval(space, r.argmin!), r.best);
  assert.equal(spaceEval(space, { opt: 1, lr: 0.01 }), { opt: 'sgd', lr: 0.01 });
  const e = (() => { try { spaceEval(space, { opt: 1 }); } catch (err) { return err; } })() as ValidationError;
  assert.instance(e, ValidationError);
  assert.is(e.arg, 'vals.lr');
  const e2 = (() => { try { spaceEval(space, { opt: 2, lr: 0.1 }); } catch (err) { return err; } })() as ValidationError;
  assert.instance(e2, ValidationError);
  assert.is(e2.arg, 'vals.opt');
});

test('every trial failing is an AllTrialsFailedError carrying the trials, not best = null', async () => {
  const e = await fmin({ fn: () => ({ status: STATUS_FAIL, error: 'diverged' }), space, maxEvals: 4, seed: 1 }).then(() => null, (err) => err);
  assert.instance(e, AllTrialsFailedError);
  assert.is(e.code, 'ERR_EXTERNAL');
  assert.is(e.trials.trials.length, 4);
  assert.match(e.message, '4 trials');
  assert.match(e.message, 'diverged');
  const thrown = await fmin({ fn: () => { throw new Error('boom'); }, space, maxEvals: 2, seed: 1 }).then(() => null, (err) => err);
  assert.instance(thrown, AllTrialsFailedError);
  assert.match(thrown.message, 'boom');
});

test('a status other than STATUS_OK / STATUS_FAIL stops the search at once (hyperopt InvalidResultStatus)', async () => {
  let calls = 0;
  const e = await fmin({ fn: () => (calls++, { loss: 1, status: 'success' }), space, maxEvals: 10, seed: 1 } as never).then(() => null, (err) => err);
  assert.instance(e, ValidationError);
  assert.is(e.arg, 'status');
  assert.match(e.message, 'STATUS_OK');
  assert.is(calls, 1);
});

test.run();
