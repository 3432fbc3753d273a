// Finite-difference check of a whole model's weight gradients (see gradcheck.test.ts for the method
// and the tolerance): shared by the gradient-check suites.
import * as assert from 'uvu/assert';
import { sequential, sgd, tensor, Rng, type Layer, type LossIdentifier } from '../../src/index.js';
import { prepare, loadBatch } from '../../src/model/data.js';
import { iota } from '../../src/model/evaluate.js';

/** h: the step; max pooling needs a smaller one (1e-3), since a step that moves two values of a
 *  window past each other changes which one the gradient goes to (a kink the quotient straddles). */
/** `xIn`: the inputs (token ids for an embedding first layer); default uniform in [-1, 1]. */
export function check(layers: Layer[], lossName: LossIdentifier, inShape: number[], y: Float32Array, yShape: number[], h = 1e-2, xIn?: Float32Array | Int32Array) {
  const B = yShape[0];
  const rng = new Rng(5);
  const x = xIn ?? Float32Array.from({ length: B * inShape.reduce((a, b) => a * b, 1) }, () => rng.range(-1, 1));
  const m = sequential({ seed: 3, layers });
  m.compile({ optimizer: sgd({ learningRate: 0 }), loss: lossName });
  const engine = m.engineFor('test');
  engine.ensurePlan(B);
  loadBatch(engine, prepare('test', engine, tensor(x, [B, ...inShape]), tensor(y, yShape), null), iota(B), 0, B);
  const loss = () => {
    layers.forEach((l, i) => l.stochastic && l.seed(77 + i));
    return engine.trainBatch(B);
  };
  loss();
  const heap = engine.heap();
  const g = heap.slice(engine.grads >>> 2, (engine.grads >>> 2) + engine.layout.trainableSize);
  let checked = 0;
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
      assert.ok(Math.abs(fd - an) <= 2e-4 + 1e-2 * Math.abs(an), `${e.name}[${i}]: numeric ${fd}, analytic ${an}`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `checked ${checked}`);
  // Not vacuous: the gradients are far from zero.
  assert.ok(g.reduce((a, v) => Math.max(a, Math.abs(v)), 0) > 1e-2);
  m.dispose();
}

export function oneHot(rows: number, cols: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const y = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) y[r * cols + rng.int(cols)] = 1;
  return y;
}

/** The loss and the gradient arena (in getWeights() order, one array per trainable weight) after one
 *  training step's backward on (x, y) as a single batch, weights unchanged (SGD, learning rate 0). */
export function modelGradients(m: ReturnType<typeof sequential>, x: Float32Array | Int32Array, inShape: number[], y: Float32Array, yShape: number[]): { loss: number; grads: Float32Array[] } {
  const B = yShape[0];
  const engine = m.engineFor('test');
  engine.ensurePlan(B);
  loadBatch(engine, prepare('test', engine, tensor(x, [B, ...inShape]), tensor(y, yShape), null), iota(B), 0, B);
  const loss = engine.trainBatch(B);
  const heap = engine.heap();
  const grads = engine.layout.entries.filter((e) => e.trainable).map((e) => heap.slice((engine.grads >>> 2) + e.offset, (engine.grads >>> 2) + e.offset + e.size));
  return { loss, grads };
}
