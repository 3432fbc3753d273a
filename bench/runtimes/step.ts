// The workload bench/runtimes.bench.ts times in every runtime: mnist_mlp training steps (784-512-512-10,
// relu, dropout 0.2, softmax, RMSprop 1e-3, batch 128) through model.fit, on synthetic MNIST-shaped
// data (uniform pixels, random labels: a step's cost does not depend on the values). Public API only,
// imported from dist/ by relative path so Node, Deno, Bun and a page run the same file.
import { runtimeName } from '../../tests/runtimes/smoke.js';
import { ready, Rng, sequential, dense, dropout, rmsprop, oneHot, tensor, type BuildName } from '../../src/index.js';

const BATCH = 128;

export interface StepTiming {
  runtime: string;
  build: BuildName;
  /** Milliseconds per training step of each timed repetition (after one warm-up fit). */
  msPerStep: number[];
}

/** Times `reps` fits of `steps` steps each on `build` (default: the build ready() picks). */
export async function timeSteps(build?: BuildName, steps = 24, reps = 3): Promise<StepTiming> {
  const m = await ready(build ? { build } : {});
  const n = steps * BATCH;
  const rng = new Rng(1);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = rng.int(10);
  const y = oneHot(labels, 10);
  const model = sequential({
    seed: 1,
    layers: [dense({ units: 512, activation: 'relu', inputShape: [784] }), dropout({ rate: 0.2 }), dense({ units: 512, activation: 'relu' }), dropout({ rate: 0.2 }), dense({ units: 10, activation: 'softmax' })],
  });
  try {
    model.compile({ optimizer: rmsprop({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
    const xs = tensor(x, [n, 784]);
    await model.fit(xs, y, { batchSize: BATCH, epochs: 1, verbose: 0, seed: 1 }); // warm-up: tier-up, first allocations
    const msPerStep: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      await model.fit(xs, y, { batchSize: BATCH, epochs: 1, verbose: 0, seed: 2 + r });
      msPerStep.push((performance.now() - t0) / steps);
    }
    return { runtime: runtimeName(), build: m.build, msPerStep };
  } finally {
    model.dispose();
  }
}
