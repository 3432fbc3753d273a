// Where a simdnet training step's time goes, for the mnist_mlp recipe: data (gathering a shuffled
// batch into the wasm input slot), forward (every layer in training mode), loss + backward (the
// rest of Engine.trainBatch), optimizer (one RMSprop call over the parameter arena), and the
// JavaScript around the steps in model.fit (callbacks, logs, loop). Phases are timed by running
// them separately on the same engine (the optimizer through the engine's private method: this is
// a bench, not API), medians over many steps.
import type { Tensor } from '../../src/tensor.js';
import type { Engine } from '../../src/model/engine.js';
import { mnistMlp } from '../../src/cli/recipe.js';
import { rmsprop } from '../../src/optimizers/optimizer.js';
import { prepare, loadBatch } from '../../src/model/data.js';
import { Rng } from '../../src/rng.js';

const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];

export async function stepBreakdown(x: Tensor<Float32Array>, y: Tensor<Float32Array>, batch: number, steps = 60): Promise<void> {
  const model = mnistMlp({ seed: 1 });
  model.compile({ optimizer: rmsprop({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const warm = 8 * batch;
  await model.fit({ data: x.data.subarray(0, warm * 784), shape: [warm, 784] }, { data: y.data.subarray(0, warm * 10), shape: [warm, 10] }, { epochs: 1, batchSize: batch, verbose: 0, seed: 1 });
  const engine = model.engineFor('bench') as Engine;
  const internals = engine as unknown as { applyOptimizer(o: unknown): void };
  const data = prepare('bench', engine, x, y, null);
  engine.ensurePlan(batch);
  const idx = new Rng(1).shuffle(Int32Array.from({ length: x.shape[0] }, (_, i) => i));
  const t = { data: [] as number[], forward: [] as number[], step: [] as number[], optimizer: [] as number[] };
  for (let s = 0; s < steps; s++) {
    const start = (s * batch) % (x.shape[0] - batch);
    let t0 = performance.now();
    loadBatch(engine, data, idx, start, batch);
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
  // model.fit over the same number of steps, for the loop's own overhead
  const n = steps * batch;
  const f0 = performance.now();
  await model.fit({ data: x.data.subarray(0, n * 784), shape: [n, 784] }, { data: y.data.subarray(0, n * 10), shape: [n, 10] }, { epochs: 1, batchSize: batch, verbose: 0, seed: 2 });
  const fitStep = (performance.now() - f0) / steps;
  model.dispose();
  const [d, f, st, o] = [med(t.data), med(t.forward), med(t.step), med(t.optimizer)];
  const rows: [string, number][] = [
    ['data (gather batch into wasm)', d],
    ['forward (training mode)', f],
    ['loss + backward', st - f - o],
    ['optimizer (RMSprop, one call)', o],
    ['fit loop, callbacks, logs', fitStep - st - d],
  ];
  console.log(`\n## Where a simdnet step goes (mnist_mlp, batch ${batch}, medians of ${steps} steps)`);
  console.log('| phase | ms/step | share |');
  console.log('|---|---|---|');
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} | ${((100 * ms) / fitStep).toFixed(0)}% |`);
  console.log(`| total (model.fit, per step) | ${fitStep.toFixed(2)} | 100% |`);
}
