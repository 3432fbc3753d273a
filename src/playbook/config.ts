// A playbook run's configuration as plain data (so it crosses worker threads, lands in the journal
// and in the JSON result), and the model and training pieces it stands for. The baseline is the
// base model with Keras defaults: rmsprop at its default rate, batch size 32, no regularisation,
// no dropout, no schedule, no callbacks; each arm changes one field (arms.ts).
// Base models come from a table keyed by data kind (BASE_MODELS): an MLP for vectors, images and
// bag-of-words text. A CNN row for images is the planned extension once conv layers exist; until
// then images use the MLP (docs/playbook.md says so).
import type { Callback, Schedule } from '../callbacks/callback.js';
import { earlyStopping } from '../callbacks/earlyStopping.js';
import { activation as activationLayer } from '../layers/activation.js';
import { dense } from '../layers/dense.js';
import { flatten } from '../layers/flatten.js';
import type { Layer } from '../layers/layer.js';
import { dropout as dropoutLayer } from '../layers/noise.js';
import { batchNormalization } from '../layers/normalization.js';
import { randomRotation, randomTranslation, randomZoom } from '../augment/image/layers/index.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { l1l2 } from '../regularizers/regularizer.js';
import { adam, adamW, nadam, rmsprop, sgd, type Optimizer } from '../optimizers/optimizer.js';
import { cosineDecay, exponentialDecay, oneCycle, stepDecay } from '../schedules/index.js';

export type DataKind = 'vector' | 'image' | 'text';
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'gelu';
export type OptimizerName = 'rmsprop' | 'adam' | 'adamW' | 'nadam' | 'sgd';
export type ScheduleName = 'none' | 'stepDecay' | 'exponentialDecay' | 'cosineWarmup' | 'oneCycle';

/** The base model's family and shape. `family: 'mlp'`: dense layers of `hidden` units. */
export interface ModelSpec {
  family: 'mlp';
  hidden: number[];
}

export interface RunConfig {
  model: ModelSpec;
  activation: ActivationName;
  /** Dropout after each hidden layer (0: none). */
  dropout: number;
  /** L1 / L2 kernel penalties of every dense layer (0: none). */
  l1: number;
  l2: number;
  /** dense(no bias) -> batchNormalization -> activation in each hidden block. */
  batchNorm: boolean;
  optimizer: OptimizerName;
  /** Peak learning rate; null: the optimizer's Keras default. */
  learningRate: number | null;
  schedule: ScheduleName;
  /** earlyStopping({monitor: 'val_loss', patience: 3, restoreBestWeights: true}). */
  earlyStopping: boolean;
  /** Images: random rotation/shift/zoom layers; text: EDA copies of the training texts. */
  augment: boolean;
  /** Fraction of the study's training set used (the data-size curve). */
  fraction: number;
  epochs: number;
  batchSize: number;
}

/** The default base model per data kind; add a row (e.g. image: cnn) when a family lands. */
export const BASE_MODELS: Record<DataKind, ModelSpec> = {
  vector: { family: 'mlp', hidden: [512, 512] },
  image: { family: 'mlp', hidden: [512, 512] },
  text: { family: 'mlp', hidden: [256] },
};

/** Early-stopping patience (Keras's default 0 stops at the first bad epoch: too eager to compare). */
export const PATIENCE = 3;
/** Image augmentation of the arm: +-10 degrees, 10% shifts, 10% zoom (the classic MNIST recipe). */
export const IMAGE_AUGMENT = { rotation: 10 / 360, shift: 0.1, zoom: 0.1 };
/** EDA copies per training text (Wei & Zou's table 3 suggests 16 for N = 500; 4 keeps runs short). */
export const EDA_COPIES = 4;

export function baselineConfig(model: ModelSpec, epochs: number, batchSize = 32): RunConfig {
  return {
    model, activation: 'relu', dropout: 0, l1: 0, l2: 0, batchNorm: false, optimizer: 'rmsprop', learningRate: null,
    schedule: 'none', earlyStopping: false, augment: false, fraction: 1, epochs, batchSize,
  };
}

export function defaultLearningRate(name: OptimizerName): number {
  return name === 'sgd' ? 0.01 : 1e-3; // Keras 3 defaults
}

/** The input layers (image augmentation, flatten) and the MLP of the configuration. */
/** The output layer: softmax over the classes (sparse labels), or linear units (regression). */
export interface Head {
  type: 'softmax' | 'linear';
  units: number;
}

export function buildModel(c: RunConfig, kind: DataKind, inputShape: number[], head: Head, seed: number): Sequential {
  const layers: Layer[] = [];
  const input = { inputShape };
  let first = true;
  const at = () => (first ? ((first = false), input) : {});
  if (kind === 'image') {
    if (c.augment) {
      const fill = { fillMode: 'constant' as const }; // their seeds follow fit's seed
      layers.push(
        randomRotation({ factor: IMAGE_AUGMENT.rotation, ...fill, ...at() }),
        randomTranslation({ heightFactor: IMAGE_AUGMENT.shift, widthFactor: IMAGE_AUGMENT.shift, ...fill }),
        randomZoom({ heightFactor: IMAGE_AUGMENT.zoom, ...fill }),
      );
    }
    layers.push(flatten({ ...at() }));
  }
  const reg = c.l1 > 0 || c.l2 > 0 ? { kernelRegularizer: l1l2({ l1: c.l1, l2: c.l2 }) } : {};
  for (const units of c.model.hidden) {
    if (c.batchNorm) layers.push(dense({ units, useBias: false, ...reg, ...at() }), batchNormalization(), activationLayer({ activation: c.activation }));
    else layers.push(dense({ units, activation: c.activation, ...reg, ...at() }));
    if (c.dropout > 0) layers.push(dropoutLayer({ rate: c.dropout }));
  }
  layers.push(dense({ units: head.units, activation: head.type, ...reg, ...at() }));
  return sequential({ layers, seed });
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
  return c.earlyStopping ? [earlyStopping({ monitor: 'val_loss', patience: PATIENCE, restoreBestWeights: true })] : [];
}

/** The configuration as simdnet code the user can paste (model, compile and fit). */
export function configCode(c: RunConfig, kind: DataKind, inputShape: number[], head: Head): string {
  const lr = c.learningRate ?? defaultLearningRate(c.optimizer);
  const reg = c.l1 > 0 || c.l2 > 0 ? `, kernelRegularizer: l1l2({ l1: ${c.l1}, l2: ${c.l2} })` : '';
  const lines: string[] = [];
  let input = `, inputShape: ${JSON.stringify(inputShape)}`;
  const first = () => {
    const s = input;
    input = '';
    return s;
  };
  if (kind === 'image') {
    if (c.augment) {
      lines.push(`randomRotation({ factor: ${+IMAGE_AUGMENT.rotation.toFixed(5)}, fillMode: 'constant'${first()} }),`);
      lines.push(`randomTranslation({ heightFactor: ${IMAGE_AUGMENT.shift}, widthFactor: ${IMAGE_AUGMENT.shift}, fillMode: 'constant' }),`);
      lines.push(`randomZoom({ heightFactor: ${IMAGE_AUGMENT.zoom}, fillMode: 'constant' }),`);
    }
    lines.push(`flatten({${first().slice(1)} }),`);
  }
  for (const units of c.model.hidden) {
    if (c.batchNorm) lines.push(`dense({ units: ${units}, useBias: false${reg}${first()} }), batchNormalization(), activation({ activation: '${c.activation}' }),`);
    else lines.push(`dense({ units: ${units}, activation: '${c.activation}'${reg}${first()} }),`);
    if (c.dropout > 0) lines.push(`dropout({ rate: ${c.dropout} }),`);
  }
  lines.push(`dense({ units: ${head.units}, activation: '${head.type}'${reg}${first()} }),`);
  const steps = 'Math.ceil(x.shape[0] / ' + c.batchSize + ')';
  const sched: Record<ScheduleName, string> = {
    none: `${lr}`,
    stepDecay: `stepDecay({ initialLearningRate: ${lr}, drop: 0.5, epochsDrop: ${Math.min(10, Math.max(1, Math.ceil(c.epochs / 3)))}, stepsPerEpoch: ${steps} })`,
    exponentialDecay: `exponentialDecay({ initialLearningRate: ${lr}, decaySteps: ${steps}, decayRate: 0.9 })`,
    cosineWarmup: `cosineDecay({ initialLearningRate: 0, warmupTarget: ${lr}, warmupSteps: Math.round(${c.epochs} * ${steps} / 10), decaySteps: ${c.epochs} * ${steps} - Math.round(${c.epochs} * ${steps} / 10) })`,
    oneCycle: `oneCycle({ maxLearningRate: ${lr}, totalSteps: ${c.epochs} * ${steps} })`,
  };
  const loss = head.type === 'softmax' ? `loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']` : `loss: 'meanSquaredError', metrics: ['mae']`;
  const cbs = c.earlyStopping ? `, callbacks: [earlyStopping({ monitor: 'val_loss', patience: ${PATIENCE}, restoreBestWeights: true })]` : '';
  return [
    `const model = sequential({ seed: 1, layers: [`,
    ...lines.map((l) => '  ' + l),
    `] });`,
    `model.compile({ optimizer: ${c.optimizer}({ learningRate: ${sched[c.schedule]} }), ${loss} });`,
    ...(kind === 'text' && c.augment ? [`// training texts expanded with augmentTexts(texts, labels, { numAug: ${EDA_COPIES} }) before vectorizing`] : []),
    `await model.fit(x, y, { epochs: ${c.epochs}, batchSize: ${c.batchSize}, validationData: [xVal, yVal]${cbs} });`,
  ].join('\n');
}
