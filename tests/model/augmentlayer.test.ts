// The Layer contract that data-augmentation layers implement (trainingOnly: active in training,
// identity at inference, no params, no input gradient, placed before every other layer), shown
// with a minimal custom layer that flips the sign of its input in training.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, sgd, tensor, Layer, ValidationError, type Callback } from '../../src/index.js';
import { copyF32 } from '../../src/layers/layer.js';

class Negate extends Layer {
  readonly className = 'Negate';
  override readonly trainingOnly = true;
  calls = { train: 0, infer: 0, backward: 0 };
  constructor(options = {}) {
    super('negate', options);
  }
  computeOutputShape(s: readonly number[]) {
    return [...s];
  }
  forward(batch: number, training: boolean) {
    const n = batch * this.inSize;
    if (!training) {
      this.calls.infer++;
      return copyF32(this.ctx, this.io.x, this.io.y, n);
    }
    this.calls.train++;
    const heap = this.ctx.heap();
    const x = this.io.x >>> 2;
    const y = this.io.y >>> 2;
    for (let i = 0; i < n; i++) heap[y + i] = -heap[x + i];
  }
  backward() {
    this.calls.backward++;
  }
}

test('a training-only layer runs in fit, is the identity in predict, and gets no backward call', async () => {
  await ready();
  const neg = new Negate({ inputShape: [2] });
  const m = sequential({ seed: 1, layers: [neg, dense({ units: 1 })] });
  m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'mse' });
  const [k, b] = m.getWeights();
  const x = tensor(Float32Array.from([1, 2, 3, 4]), [2, 2]);
  const out = m.predict(x).data;
  assert.equal(Array.from(out), [1 * k[0] + 2 * k[1] + b[0], 3 * k[0] + 4 * k[1] + b[0]].map(Math.fround));
  // In training the dense layer sees -x: with y = +prediction the loss is (2 * (x.k))^2 per sample.
  const y = tensor(Float32Array.from(out), [2, 1]);
  const losses: number[] = [];
  const rec: Callback = { onBatchEnd: (_b, logs) => void losses.push(logs.loss) };
  await m.fit(x, y, { batchSize: 2, shuffle: false, verbose: 0, callbacks: [rec] });
  const d = [2 * (k[0] + 2 * k[1]), 2 * (3 * k[0] + 4 * k[1])];
  assert.ok(Math.abs(losses[0] - (d[0] ** 2 + d[1] ** 2) / 2) < 1e-5, `${losses} vs ${d}`);
  assert.equal(neg.calls, { train: 1, infer: 1, backward: 0 });
  m.dispose();
});

test('a training-only layer after another layer is rejected when the model is built', async () => {
  await ready();
  const m = sequential({ layers: [dense({ units: 2, inputShape: [2] }), new Negate()] });
  assert.throws(() => m.build(), (e: ValidationError) => e instanceof ValidationError && e.arg === 'layers[1]');
});

test.run();
