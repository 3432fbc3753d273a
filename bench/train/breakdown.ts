// Where a simdnet training step's time goes, for the mnist_mlp recipe: data (gathering a shuffled
// batch into the wasm input slot), forward (every layer in training mode), loss + backward (the
// rest of Engine.trainBatch), optimizer (one RMSprop call over the parameter arena), and the
// JavaScript that model.fit adds around the steps (callbacks, logs, loop). Phases are timed by
// running them one after another on the same engine, step after step (the optimizer through the
// engine's private method: this is a bench, not API). Means, not medians, so that the phases add
// up; the fit overhead is the difference between model.fit and a bare loop of the same steps,
// measured in interleaved rounds, reported with its spread (on a busy machine it is within noise).
import type { Tensor } from '../../src/tensor.js';
import type { Engine } from '../../src/model/engine.js';
import { mnistMlp } from '../../src/cli/recipe.js';
import { rmsprop } from '../../src/optimizers/optimizer.js';
import { prepare, loadBatch } from '../../src/model/data.js';
import { Rng } from '../../src/rng.js';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];

export async function stepBreakdown(x: Tensor<Float32Array>, y: Tensor<Float32Array>, batch: number, steps = 40, rounds = 5): Promise<void> {
  const model = mnistMlp({ seed: 1 });
  model.compile({ optimizer: rmsprop({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const n = steps * batch;
  const xs = { data: x.data.subarray(0, n * 784), shape: [n, 784] };
  const ys = { data: y.data.subarray(0, n * 10), shape: [n, 10] };
  await model.fit(xs, ys, { epochs: 1, batchSize: batch, verbose: 0, seed: 1 }); // builds and warms up
  const engine = model.engineFor('bench') as Engine;
  const internals = engine as unknown as { applyOptimizer(o: unknown): void };
  const data = prepare('bench', engine, x, y, null);
  engine.ensurePlan(batch);
  const idx = new Rng(1).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const t = { data: [] as number[], forward: [] as number[], step: [] as number[], optimizer: [] as number[] };
  const overhead: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // phases, one step at a time
    for (let s = 0; s < steps; s++) {
      let t0 = performance.now();
      loadBatch(engine, data, idx, s * batch, batch);
      t.data.push(performance.now() - t0);
      t0 = performance.now();
      for (const l of engine.layers) l.forward(batch, true);
      t.forward.push(performance.now() - t0);
      t0 = performance.now();
      engine.trainBatch(batch);
      t.step.push(performance.now() - t0);
      t0 = performance.now();
      internals.applyOptimizer(engine.optimizer);
      t.optimizer.push(performance.now() - t0);
    }
    // the same steps bare, then through model.fit
    let t0 = performance.now();
    for (let s = 0; s < steps; s++) {
      loadBatch(engine, data, idx, s * batch, batch);
      engine.trainBatch(batch);
    }
    const bare = (performance.now() - t0) / steps;
    t0 = performance.now();
    await model.fit(xs, ys, { epochs: 1, batchSize: batch, verbose: 0, seed: r });
    overhead.push((performance.now() - t0) / steps - bare);
  }
  model.dispose();
  const [d, f, st, o] = [mean(t.data), mean(t.forward), mean(t.step), mean(t.optimizer)];
  const total = d + st + med(overhead);
  const rows: [string, number][] = [
    ['data (gather batch into wasm)', d],
    ['forward (training mode)', f],
    ['loss + backward', st - f - o],
    ['optimizer (RMSprop, one call)', o],
  ];
  console.log(`\n## Where a simdnet step goes (mnist_mlp, batch ${batch}, means of ${rounds * steps} steps)`);
  console.log('| phase | ms/step | share |');
  console.log('|---|---|---|');
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} | ${((100 * ms) / total).toFixed(0)}% |`);
  const [lo, hi] = [Math.min(...overhead), Math.max(...overhead)];
  console.log(`| fit loop, callbacks, logs (model.fit minus a bare loop; median, range ${lo.toFixed(2)} to ${hi.toFixed(2)} over ${rounds} rounds) | ${med(overhead).toFixed(2)} | ${((100 * med(overhead)) / total).toFixed(0)}% |`);
  console.log(`| total | ${total.toFixed(2)} | 100% |`);
}
