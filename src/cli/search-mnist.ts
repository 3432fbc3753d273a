// The seed's hyperparameter search on real MNIST (the hyperopt + Keras example it ends with): an MLP
// 784 -> dense(units1, relu) -> dropout -> dense(units2, relu) -> dropout -> [optional third
// dense + dropout] -> dense(10, softmax), with units in 64..1024, dropout 0.25..0.75, batch size
// 28..128 and the optimizer among rmsprop, adam, sgd. The loss is minus the validation accuracy, as
// in the seed; each epoch's val_accuracy is reported so the pruner can stop hopeless trials.
// This module is what `simdnet search` hands to fmin, in this thread or in worker threads
// (`{ module, export: 'objective' }`): the data is loaded once per thread, on first use.
// Presets (env SIMDNET_SEARCH_PRESET, set by the CLI so workers see it):
//   fast: 6,000 training images, 2,000 validation images (from the test set), 2 epochs: a 50-trial
//         search takes minutes;
//   full: all 60,000 training images, the 10,000 test images for validation, 3 epochs;
//   tiny: 1,000 and 500 images, 2 epochs (a smoke test of the whole path, seconds per trial).
import { ready } from '../../bindings/loader.js';
import { datasets } from '../data/index.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/noise.js';
import type { Layer } from '../layers/layer.js';
import { sequential } from '../model/sequential.js';
import type { TrialHandle } from '../search/objective.js';
import { pruningCallback } from '../search/pruning-callback.js';
import { hp } from '../search/space.js';
import { tensor, type Tensor } from '../tensor.js';

export const space = {
  units1: hp.uniformint('units1', 64, 1024),
  dropout1: hp.uniform('dropout1', 0.25, 0.75),
  units2: hp.uniformint('units2', 64, 1024),
  dropout2: hp.uniform('dropout2', 0.25, 0.75),
  third: hp.choice('third', [null, { units: hp.uniformint('units3', 64, 1024), dropout: hp.uniform('dropout3', 0.25, 0.75) }]),
  batchSize: hp.uniformint('batchSize', 28, 128),
  optimizer: hp.choice('optimizer', ['rmsprop', 'adam', 'sgd']),
};

export interface MnistParams {
  units1: number;
  dropout1: number;
  units2: number;
  dropout2: number;
  third: null | { units: number; dropout: number };
  batchSize: number;
  optimizer: 'rmsprop' | 'adam' | 'sgd';
}

export const PRESETS = {
  fast: { train: 6000, val: 2000, epochs: 2 },
  full: { train: 60000, val: 10000, epochs: 3 },
  tiny: { train: 1000, val: 500, epochs: 2 },
} as const;

interface Data {
  x: Tensor<Float32Array>;
  y: Tensor<Int32Array>;
  xVal: Tensor<Float32Array>;
  yVal: Tensor<Int32Array>;
  epochs: number;
}

let data: Promise<Data> | null = null;

function head<T extends Float32Array | Int32Array>(t: Tensor<T>, n: number): Tensor<T> {
  const row = t.shape.slice(1).reduce((a, b) => a * b, 1);
  return tensor(t.data.subarray(0, n * row) as T, [n, ...t.shape.slice(1)]);
}

function load(): Promise<Data> {
  data ??= (async () => {
    const preset = PRESETS[(process.env.SIMDNET_SEARCH_PRESET as keyof typeof PRESETS) ?? 'fast'] ?? PRESETS.fast;
    await ready();
    const m = await datasets.mnist();
    return { x: head(m.train.x, preset.train), y: head(m.train.y, preset.train), xVal: head(m.test.x, preset.val), yVal: head(m.test.y, preset.val), epochs: preset.epochs };
  })();
  return data;
}

export async function objective(p: MnistParams, trial: TrialHandle): Promise<{ loss: number; valAccuracy: number; epochs: number }> {
  const d = await load();
  const layers: Layer[] = [dense({ units: p.units1, activation: 'relu', inputShape: [784] }), dropout({ rate: p.dropout1 }), dense({ units: p.units2, activation: 'relu' }), dropout({ rate: p.dropout2 })];
  if (p.third) layers.push(dense({ units: p.third.units, activation: 'relu' }), dropout({ rate: p.third.dropout }));
  layers.push(dense({ units: 10, activation: 'softmax' }));
  // trial.seed: from the search's --seed and the trial id (fmin's objectiveSeed), so --seed changes
  // the weights and the batch order as well as the suggestions, and the same --seed repeats them.
  const model = sequential({ seed: trial.seed, layers });
  try {
    model.compile({ optimizer: p.optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const pruning = pruningCallback(trial, { monitor: 'val_accuracy' });
    const history = await model.fit(d.x, d.y, { epochs: d.epochs, batchSize: p.batchSize, validationData: [d.xVal, d.yVal], callbacks: [pruning], verbose: 0, seed: trial.seed });
    pruning.throwIfPruned();
    const acc = history.history.val_accuracy;
    const valAccuracy = acc[acc.length - 1];
    return { loss: -valAccuracy, valAccuracy, epochs: acc.length };
  } finally {
    model.dispose();
  }
}
