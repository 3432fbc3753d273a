// l1 / l2 / l1l2 take Keras's positional form (keras.regularizers.L1(0.01), L1L2(l1, l2)) as well as
// an options object; anything else is a typed error (issue 18 item 6: l1(0.5) used to mean l1(0.01)).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { l1, l2, l1l2, sequential, dense, tensor, ValidationError } from '../../src/index.js';

test('positional factors as Keras, options objects and defaults', () => {
  assert.equal({ ...l1(0.5) }, { className: 'L1', l1: 0.5, l2: 0 });
  assert.equal({ ...l2(0.25) }, { className: 'L2', l1: 0, l2: 0.25 });
  assert.equal({ ...l1l2(0.1, 0.2) }, { className: 'L1L2', l1: 0.1, l2: 0.2 });
  assert.equal({ ...l1({ l1: 0.3 }) }, { className: 'L1', l1: 0.3, l2: 0 });
  assert.equal({ ...l2() }, { className: 'L2', l1: 0, l2: 0.01 });
  assert.equal({ ...l1l2({ l2: 0.5 }) }, { className: 'L1L2', l1: 0.01, l2: 0.5 });
  assert.equal({ ...l1(0) }, { className: 'L1', l1: 0, l2: 0 });
});

test('anything else is a ValidationError naming the function', () => {
  const bad: [() => unknown, string][] = [
    [() => l1('0.5' as never), 'l1'],
    [() => l1(-1), 'l1'],
    [() => l1(NaN), 'l1'],
    [() => (l1 as any)(0.1, 0.2), 'l1'],
    [() => l2(null as never), 'l2'],
    [() => l2([0.1] as never), 'l2'],
    [() => l2({ l1: 0.1 } as never), 'l2'],
    [() => (l1l2 as any)(0.1), 'l1l2'],
    [() => (l1l2 as any)(0.1, '0.2'), 'l1l2'],
    [() => (l1l2 as any)({ l1: 0.1 }, 0.2), 'l1l2'],
    [() => l1l2(0.1, Infinity), 'l1l2'],
    [() => (l1l2 as any)('l1'), 'l1l2'],
  ];
  for (const [f, fn] of bad) {
    assert.throws(f, (e: any) => e instanceof ValidationError && e.fn === fn, String(f));
  }
});

test('l2(0.5) on a kernel adds 0.5 * sum(w^2) to the loss (the factor is used, not the default)', async () => {
  await ready();
  const m = sequential({ seed: 1, layers: [dense({ units: 2, inputShape: [3], kernelRegularizer: l2(0.5), useBias: false })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const w = Float32Array.from([0.1, -0.2, 0.3, 0.4, -0.5, 0.6]);
  m.setWeights([w]);
  const x = tensor(new Float32Array(3), [1, 3]);
  const y = tensor(new Float32Array(2), [1, 2]);
  const sq = w.reduce((a, v) => a + v * v, 0);
  const loss = m.evaluate(x, y).loss;
  assert.ok(Math.abs(loss - 0.5 * sq) < 1e-6, `loss ${loss} vs ${0.5 * sq}`);
  m.dispose();
});

test.run();
