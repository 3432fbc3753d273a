// Finite-difference check of a whole model's gradients: dense(tanh, L2 kernel regularizer) ->
// batch norm (training mode, batch statistics) -> dropout with a fixed mask (its stream is re-seeded
// before every evaluation) -> dense(softmax) with categorical cross-entropy (fused), plus an
// activity regularizer. The analytic gradient is what trainBatch leaves in the gradient arena (SGD
// with learning rate 0 leaves the weights unchanged); the numeric one is the central difference
// (L(w + h) - L(w - h)) / 2h of the loss trainBatch reports. Losses are float32 sums over the
// batch (about 1e-7 relative rounding), so with h = 1e-2 the difference quotient carries about
// 1e-5 of rounding noise and O(h^2) truncation error: we require |fd - g| <= 2e-4 + 1e-2 |g|.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, dropout, batchNormalization, sgd, l2, l1l2, tensor, Rng, type Layer } from '../../src/index.js';
import { prepare, loadBatch } from '../../src/model/data.js';
import { iota } from '../../src/model/fit.js';

test('whole-model gradients match central differences', async () => {
  await ready();
  const B = 12;
  const rng = new Rng(5);
  const x = Float32Array.from({ length: B * 5 }, () => rng.range(-1, 1));
  const y = new Float32Array(B * 4);
  for (let i = 0; i < B; i++) y[i * 4 + rng.int(4)] = 1;
  const drop = dropout({ rate: 0.3 });
  const layers: Layer[] = [
    dense({ units: 6, activation: 'tanh', inputShape: [5], kernelRegularizer: l2({ l2: 0.01 }) }),
    batchNormalization(),
    drop,
    dense({ units: 7, activation: 'sigmoid', activityRegularizer: l1l2({ l1: 0.001, l2: 0.002 }) }),
    dense({ units: 4, activation: 'softmax' }),
  ];
  const m = sequential({ seed: 3, layers });
  m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'categoricalCrossentropy' });
  const engine = m.engineFor('test');
  const data = prepare('test', engine, tensor(x, [B, 5]), tensor(y, [B, 4]), null);
  engine.ensurePlan(B);
  loadBatch(engine, data, iota(B), 0, B);
  const loss = () => {
    drop.seed(77);
    return engine.trainBatch(B);
  };
  loss();
  const heap = engine.heap();
  const g = heap.slice(engine.grads >>> 2, (engine.grads >>> 2) + engine.layout.trainableSize);
  const h = 1e-2;
  let checked = 0;
  let worst = 0;
  for (const e of engine.layout.entries.filter((e) => e.trainable)) {
    for (let i = 0; i < e.size; i += Math.max(1, Math.floor(e.size / 7))) {
      const at = (engine.weights >>> 2) + e.offset + i;
      const w0 = heap[at];
      heap[at] = w0 + h;
      const up = loss();
      heap[at] = w0 - h;
      const down = loss();
      heap[at] = w0;
      const fd = (up - down) / (2 * h);
      const an = g[e.offset + i];
      worst = Math.max(worst, Math.abs(fd - an));
      assert.ok(Math.abs(fd - an) <= 2e-4 + 1e-2 * Math.abs(an), `${e.name}[${i}]: numeric ${fd}, analytic ${an}`);
      checked++;
    }
  }
  assert.ok(checked >= 40, `checked ${checked}`);
  // The check is not vacuous: gradients are far from zero.
  assert.ok(g.reduce((a, v) => Math.max(a, Math.abs(v)), 0) > 1e-2);
  m.dispose();
});

test.run();
