// loadModel's argument is checked before it reaches node:path (issue 18 item 17: loadModel(42) threw
// Node's TypeError, not a ValidationError).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModel, ValidationError } from '../../src/index.js';

test('loadModel(42), loadModel(null), loadModel("") reject with a ValidationError naming dir', async () => {
  for (const bad of [42, null, undefined, '', { dir: 'x' }]) {
    const e = await loadModel(bad as never).then(() => null, (err) => err);
    assert.instance(e, ValidationError, String(bad));
    assert.is(e.arg, 'dir');
    assert.is(e.code, 'ERR_INVALID_TYPE');
  }
});

test.run();
