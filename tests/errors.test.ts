import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inspect } from 'node:util';
import { NonFiniteError, SimdnetError, ValidationError } from '../src/errors.js';

// An error that is not about an argument has no arg, expected or got: not even as undefined fields
// (util.inspect and Node's uncaught-error printer list every own property).
test('errors without argument details have no arg/expected/got properties', () => {
  const errors = [new SimdnetError('ERR_STATE', 'fit', 'the model is not compiled'), new NonFiniteError('fit', 'loss is NaN at step 3')];
  for (const err of errors) {
    for (const key of ['arg', 'expected', 'got']) assert.not.ok(Object.hasOwn(err, key), `${err.name} has own '${key}'`);
    assert.not.match(inspect(err), /undefined/);
    assert.match(inspect(err), /code: 'ERR_/);
  }
});

test('a ValidationError shows its fn, arg, expected and got', () => {
  const err = new ValidationError('dense', 'units', 'an integer >= 1', -3);
  assert.is(err.message, "dense: argument 'units' must be an integer >= 1, got -3");
  const shown = inspect(err);
  for (const part of ["fn: 'dense'", "arg: 'units'", "expected: 'an integer >= 1'", "got: '-3'"]) assert.ok(shown.includes(part), shown);
  // got: undefined is a real value that was passed, so it stays.
  assert.is(new ValidationError('dense', 'units', 'a number', undefined).got, 'undefined');
});

test.run();
