// The Keras mnist_mlp recipe (keras-team/keras examples, "Simple MNIST MLP"): 784 -> dense(512,
// relu) -> dropout(0.2) -> dense(512, relu) -> dropout(0.2) -> dense(10, softmax), RMSprop 1e-3,
// categorical cross-entropy, batch 128, 20 epochs; Keras reports 98.40% test accuracy.
// With batchNorm, each hidden block becomes dense(no bias) -> batchNormalization -> relu -> dropout
// (the bias is redundant before batch norm's beta; Ioffe & Szegedy 2015 normalise pre-activations).
// The Keras mnist_cnn recipe (keras-team/keras 2.x examples/mnist_cnn.py): 28x28x1 -> conv2d(32, 3,
// relu) -> conv2d(64, 3, relu) -> maxPooling2d(2) -> dropout(0.25) -> flatten -> dense(128, relu) ->
// dropout(0.5) -> dense(10, softmax), Adadelta, categorical cross-entropy, batch 128, 12 epochs;
// "99.25% test accuracy after 12 epochs". Its Adadelta() was Keras 2's: lr 1.0, rho 0.95, epsilon
// 1e-7. Keras 3's Adadelta defaults to learning_rate 0.001, a thousand times smaller, with which
// 12 epochs do not come near that accuracy, so the recipe sets 1.0 explicitly.
import type { Schedule } from '../callbacks/callback.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/noise.js';
import { activation } from '../layers/activation.js';
import { batchNormalization } from '../layers/normalization.js';
import { conv2d } from '../layers/conv2d.js';
import { maxPooling2d } from '../layers/pooling.js';
import { flatten } from '../layers/flatten.js';
import { sgd, rmsprop, adam, adamW, adagrad, adadelta, adamax, nadam, type Optimizer } from '../optimizers/optimizer.js';
import { ValidationError } from '../errors.js';

export interface MlpOptions {
  /** Hidden layer widths. Default [512, 512]. */
  hidden?: number[];
  /** Dropout after each hidden layer. Default 0.2. */
  dropout?: number;
  batchNorm?: boolean;
  seed?: number;
  inputs?: number;
  classes?: number;
}

export function mnistMlp(o: MlpOptions = {}): Sequential {
  const hidden = o.hidden ?? [512, 512];
  const rate = o.dropout ?? 0.2;
  const layers = [];
  hidden.forEach((units, i) => {
    const inputShape = i === 0 ? { inputShape: [o.inputs ?? 784] } : {};
    if (o.batchNorm) layers.push(dense({ units, useBias: false, ...inputShape }), batchNormalization(), activation({ activation: 'relu' }));
    else layers.push(dense({ units, activation: 'relu', ...inputShape }));
    if (rate > 0) layers.push(dropout({ rate }));
  });
  layers.push(dense({ units: o.classes ?? 10, activation: 'softmax' }));
  return sequential({ layers, seed: o.seed });
}

export interface CnnOptions {
  seed?: number;
  classes?: number;
}

/** Keras mnist_cnn on [28, 28, 1] images (see the header). */
export function mnistCnn(o: CnnOptions = {}): Sequential {
  return sequential({
    seed: o.seed,
    layers: [
      conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      maxPooling2d({ poolSize: 2 }),
      dropout({ rate: 0.25 }),
      flatten(),
      dense({ units: 128, activation: 'relu' }),
      dropout({ rate: 0.5 }),
      dense({ units: o.classes ?? 10, activation: 'softmax' }),
    ],
  });
}

/** The models `simdnet train --model` trains, with the optimizer and length of their Keras recipes. */
export const RECIPES = {
  mlp: { title: 'mnist_mlp', optimizer: 'rmsprop', learningRate: 1e-3, epochs: 20 },
  cnn: { title: 'mnist_cnn', optimizer: 'adadelta', learningRate: 1.0, epochs: 12 },
} as const;
export type RecipeName = keyof typeof RECIPES;

const OPTIMIZERS = { sgd, rmsprop, adam, adamW, adagrad, adadelta, adamax, nadam } as const;
export type OptimizerName = keyof typeof OPTIMIZERS;
export const OPTIMIZER_CHOICES = Object.keys(OPTIMIZERS) as OptimizerName[];

/** Keras 3's default learning rate of each optimizer. */
export function defaultLearningRate(name: OptimizerName): number {
  return name === 'sgd' ? 0.01 : 1e-3;
}

export function makeOptimizer(name: string, learningRate: number | Schedule): Optimizer {
  const f = (OPTIMIZERS as Record<string, (o: { learningRate: number | Schedule }) => Optimizer>)[name];
  if (!f) throw new ValidationError('simdnet train', '--optimizer', `one of ${OPTIMIZER_CHOICES.join(', ')}`, name);
  return f({ learningRate });
}
