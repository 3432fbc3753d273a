// A playbook run's configuration as plain data (so it crosses worker threads, lands in the journal
// and in the JSON result), and the training pieces it stands for (optimizer and schedule,
// callbacks, the whole configuration as code). The baseline is the base model with Keras
// defaults: rmsprop at its default rate, batch size 32, no regularisation, no dropout, no
// schedule, no callbacks; each arm changes one field (arms.ts). The base model families and
// their layers are in models.ts: the CNN for images, an MLP for vectors and bag-of-words text.
import type { Callback, Schedule } from '../callbacks/callback.js';
import { earlyStopping } from '../callbacks/earlyStopping.js';
import { adam, adamW, nadam, rmsprop, sgd, type Optimizer } from '../optimizers/optimizer.js';
import { cosineDecay, exponentialDecay, oneCycle, stepDecay } from '../schedules/index.js';
import { layerCode, type ModelSpec } from './models.js';

export type { ModelSpec } from './models.js';

/** What the playbook's data is: feature vectors, images or texts. */
export type DataKind = 'vector' | 'image' | 'text';
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'gelu';
export type OptimizerName = 'rmsprop' | 'adam' | 'adamW' | 'nadam' | 'sgd';
export type ScheduleName = 'none' | 'stepDecay' | 'exponentialDecay' | 'cosineWarmup' | 'oneCycle';

/** One configuration the playbook trains: the base model and every setting a strategy may change. */
export interface RunConfig {
  model: ModelSpec;
  activation: ActivationName;
  /** Dropout after the CNN's pooling and after each hidden dense layer (0: none). */
  dropout: number;
  /** L1 / L2 kernel penalties of every conv and dense layer (0: none). */
  l1: number;
  l2: number;
  /** conv/dense (no bias) -> batchNormalization -> activation in each hidden block. */
  batchNorm: boolean;
  optimizer: OptimizerName;
  /** Peak learning rate; null: the optimizer's Keras default. */
  learningRate: number | null;
  schedule: ScheduleName;
  /** earlyStopping({monitor: 'val_loss', patience, restoreBestWeights: true}). */
  earlyStopping: boolean;
  /** Early stopping's patience in epochs: PATIENCE, or converged()'s. */
  patience: number;
  /** Images: random rotation/shift/zoom layers ('flip': and a horizontal flip); text: EDA copies of the training texts. */
  augment: boolean | 'flip';
  /** Fraction of the study's training set used (the data-size curve). */
  fraction: number;
  epochs: number;
  batchSize: number;
}

/** Batch size of every evaluation pass (fit's per-epoch validation, the closing evaluation, the
 *  calibration), so that the calibration times what the runs do. Inference only: no metric changes
 *  beyond float rounding. Against fit's default of 32 it costs 10-20% less CPU (2,048 MNIST rows,
 *  dense 512-512 and the CNN; AMD EPYC, load 8, 2026-12-03). */
export const EVAL_BATCH = 256;
/** Early-stopping patience (Keras's default 0 stops at the first bad epoch: too eager to compare). */
export const PATIENCE = 3;
/** The default epoch cap of converging runs, in multiples of the study's epochs: 10 -> 40, the
 *  length at which augmentation paid on 1,000 MNIST images (+5.3 points, MLP, docs/playbook.md)
 *  and the length of examples/augment-mnist.ts (+4.6 to +4.9 points). */
export const CONVERGE_FACTOR = 4;

/**
 * `c` trained until it converges: up to `epochs` epochs, stopped by early stopping on the validation
 * loss when it has not improved for a quarter of them (at least PATIENCE; best weights restored).
 * Why a quarter, not 3: with augmentation and a constant learning rate the validation loss is noisy
 * and its new minima come up to 10 epochs apart (the CNN base on 1,000 MNIST images, seed 1, 40
 * epochs: new minima at epochs 5, 7, 9, 12, 21, 25, 35, 37). Replayed on that logged curve,
 * patience 3 stops at epoch 15 and restores 0.948 validation accuracy, patience 10 runs to 40 and
 * restores 0.984; the baseline's curve restores its epoch 6 (0.932) either way (AMD EPYC,
 * 2026-12-04, docs/playbook.md).
 */
export function converged(c: RunConfig, epochs: number): RunConfig {
  return { ...c, epochs, earlyStopping: true, patience: Math.max(PATIENCE, Math.round(epochs / 4)) };
}

/** EDA copies per training text (Wei & Zou's table 3 suggests 16 for N = 500; 4 keeps runs short). */
export const EDA_COPIES = 4;

export function baselineConfig(model: ModelSpec, epochs: number, batchSize = 32): RunConfig {
  return {
    model, activation: 'relu', dropout: 0, l1: 0, l2: 0, batchNorm: false, optimizer: 'rmsprop', learningRate: null,
    schedule: 'none', earlyStopping: false, patience: PATIENCE, augment: false, fraction: 1, epochs, batchSize,
  };
}

export function defaultLearningRate(name: OptimizerName): number {
  return name === 'sgd' ? 0.01 : 1e-3; // Keras 3 defaults
}

/** The output layer: softmax over the classes (sparse labels), or linear units (regression). */
export interface Head {
  type: 'softmax' | 'linear';
  units: number;
}

/** The optimizer with the configuration's schedule over `steps` optimizer steps. */
export function makeOptimizer(c: RunConfig, stepsPerEpoch: number): Optimizer {
  const lr = c.learningRate ?? defaultLearningRate(c.optimizer);
  const total = c.epochs * stepsPerEpoch;
  let learningRate: number | Schedule = lr;
  switch (c.schedule) {
    case 'none': break;
    // The guide's step decay (x0.5 every 10 epochs), the interval shortened to a third of short runs.
    case 'stepDecay': learningRate = stepDecay({ initialLearningRate: lr, drop: 0.5, epochsDrop: Math.min(10, Math.max(1, Math.ceil(c.epochs / 3))), stepsPerEpoch }); break;
    case 'exponentialDecay': learningRate = exponentialDecay({ initialLearningRate: lr, decaySteps: stepsPerEpoch, decayRate: 0.9 }); break;
    case 'cosineWarmup': {
      const warmupSteps = Math.max(1, Math.round(total / 10));
      learningRate = cosineDecay({ initialLearningRate: 0, warmupTarget: lr, warmupSteps, decaySteps: Math.max(1, total - warmupSteps) });
      break;
    }
    case 'oneCycle': learningRate = oneCycle({ maxLearningRate: lr, totalSteps: total }); break;
  }
  const make = { rmsprop, adam, adamW, nadam, sgd }[c.optimizer];
  return make({ learningRate });
}

export function callbacksFor(c: RunConfig): Callback[] {
  return c.earlyStopping ? [earlyStopping({ monitor: 'val_loss', patience: c.patience, restoreBestWeights: true })] : [];
}

/** The configuration as simdnet code the user can paste (model, compile and fit). */
export function configCode(c: RunConfig, kind: DataKind, inputShape: number[], head: Head): string {
  const lr = c.learningRate ?? defaultLearningRate(c.optimizer);
  const lines = layerCode(c, kind, inputShape, head);
  const steps = 'Math.ceil(x.shape[0] / ' + c.batchSize + ')';
  const sched: Record<ScheduleName, string> = {
    none: `${lr}`,
    stepDecay: `stepDecay({ initialLearningRate: ${lr}, drop: 0.5, epochsDrop: ${Math.min(10, Math.max(1, Math.ceil(c.epochs / 3)))}, stepsPerEpoch: ${steps} })`,
    exponentialDecay: `exponentialDecay({ initialLearningRate: ${lr}, decaySteps: ${steps}, decayRate: 0.9 })`,
    cosineWarmup: `cosineDecay({ initialLearningRate: 0, warmupTarget: ${lr}, warmupSteps: Math.round(${c.epochs} * ${steps} / 10), decaySteps: ${c.epochs} * ${steps} - Math.round(${c.epochs} * ${steps} / 10) })`,
    oneCycle: `oneCycle({ maxLearningRate: ${lr}, totalSteps: ${c.epochs} * ${steps} })`,
  };
  const loss = head.type === 'softmax' ? `loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']` : `loss: 'meanSquaredError', metrics: ['mae']`;
  const cbs = c.earlyStopping ? `, callbacks: [earlyStopping({ monitor: 'val_loss', patience: ${c.patience}, restoreBestWeights: true })]` : '';
  return [
    `const model = sequential({ seed: 1, layers: [`,
    ...lines.map((l) => '  ' + l),
    `] });`,
    `model.compile({ optimizer: ${c.optimizer}({ learningRate: ${sched[c.schedule]} }), ${loss} });`,
    ...(kind === 'text' && c.augment ? [`// training texts expanded with augmentTexts(texts, labels, { numAug: ${EDA_COPIES} }) before vectorizing`] : []),
    `await model.fit(x, y, { epochs: ${c.epochs}, batchSize: ${c.batchSize}, validationData: [xVal, yVal]${cbs} });`,
  ].join('\n');
}
