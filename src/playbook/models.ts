// The playbook's base model families and the layers a configuration stands for, as layer objects
// (buildModel) and as code the user can paste (layerCode). Both come from one list of layer specs
// (factory name and options), so they cannot drift apart. Families:
// - 'mlp': dense blocks of `hidden` units (the Keras mnist_mlp shape, dense 512-512, for vectors
//   and as the image fallback; one dense 256 for a bag of words);
// - 'cnn': conv2d blocks of `filters` (kernel `kernelSize`, stride 1, 'valid' padding) ->
//   maxPooling2d -> flatten -> dense blocks of `hidden` units: the Keras mnist_cnn recipe
//   (keras-team/keras 2.x examples/mnist_cnn.py: conv 32, conv 64, 3x3, pool 2, dense 128) without
//   its dropout, which is the dropout arm's job. The default for images large enough for it.
// Strategies reach every block: L1/L2 on every kernel (conv and dense, the head included), batch
// norm as conv/dense (no bias) -> batchNormalization -> activation, the activation arm in every
// block, dropout after the pooling and after each hidden dense block (where mnist_cnn has its 0.25
// and 0.5). Image augmentation layers come first, in front of whichever family follows.
import { activation as activationLayer } from '../layers/activation.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { flatten } from '../layers/flatten.js';
import type { Layer } from '../layers/layer.js';
import { dropout as dropoutLayer } from '../layers/noise.js';
import { batchNormalization } from '../layers/normalization.js';
import { maxPooling2d } from '../layers/pooling.js';
import { randomFlip, randomRotation, randomTranslation, randomZoom } from '../augment/image/layers/index.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { l1l2 } from '../regularizers/regularizer.js';
import { ValidationError } from '../errors.js';
import type { DataKind, Head, RunConfig } from './config.js';

/** A multilayer-perceptron base model for the playbook: dense hidden layers of the given widths. */
export interface MlpSpec {
  family: 'mlp';
  /** Units of each hidden dense layer. */
  hidden: number[];
}

/**
 * A convolutional base model for the playbook: conv2d layers, one max pooling, then dense hidden layers
 * (Keras mnist_cnn's shape by default).
 */
export interface CnnSpec {
  family: 'cnn';
  /** Filters of each conv2d layer (stride 1, 'valid' padding). */
  filters: number[];
  kernelSize: number;
  /** The maxPooling2d after the conv layers (1: none). */
  poolSize: number;
  /** Units of each hidden dense layer after flatten. */
  hidden: number[];
}

/** The base model's family and shape. */
export type ModelSpec = MlpSpec | CnnSpec;
/** What `model` may be: a family name (its default shape for the data kind) or a full spec. */
export type ModelChoice = 'mlp' | 'cnn' | ModelSpec;

/** The Keras mnist_cnn shape without its dropout (see the header). */
export const MNIST_CNN: CnnSpec = { family: 'cnn', filters: [32, 64], kernelSize: 3, poolSize: 2, hidden: [128] };

/** The MLP per data kind (vectors and images: Keras mnist_mlp's dense 512-512). */
export const MLP_MODELS: Record<DataKind, MlpSpec> = {
  vector: { family: 'mlp', hidden: [512, 512] },
  image: { family: 'mlp', hidden: [512, 512] },
  text: { family: 'mlp', hidden: [256] },
};

/** The default base model per data kind (images too small for the CNN fall back: defaultModel). */
export const BASE_MODELS: Record<DataKind, ModelSpec> = { ...MLP_MODELS, image: MNIST_CNN };

/** Height and width after the conv stack and the pooling, or null when the image is too small. */
export function cnnOutputSize(m: CnnSpec, h: number, w: number): [number, number] | null {
  const shrink = m.filters.length * (m.kernelSize - 1);
  const oh = Math.floor((h - shrink) / m.poolSize);
  const ow = Math.floor((w - shrink) / m.poolSize);
  return oh >= 1 && ow >= 1 ? [oh, ow] : null;
}

const counts = (v: unknown, min: number) => Array.isArray(v) && v.length >= min && v.every((u) => Number.isInteger(u) && u >= 1);
const EXPECTED = "'mlp', 'cnn', { family: 'mlp', hidden: [units, ...] } or { family: 'cnn', filters: [n, ...], kernelSize, poolSize, hidden: [units, ...] }";

/**
 * The base model for `choice` (undefined: the default for the data kind) on samples of
 * `inputShape`, checked against the data before anything trains. `note` says why the default
 * differs from BASE_MODELS (images too small for the CNN get the MLP).
 */
export function resolveModel(fn: string, choice: unknown, kind: DataKind, inputShape: number[]): { model: ModelSpec; note: string | null } {
  const image = kind === 'image' ? `${inputShape[0]}x${inputShape[1]}` : '';
  if (choice === undefined) {
    const m = BASE_MODELS[kind];
    if (m.family === 'cnn' && !cnnOutputSize(m, inputShape[0], inputShape[1])) {
      return { model: MLP_MODELS[kind], note: `images of ${image} are too small for the default CNN (${m.filters.length} conv ${m.kernelSize}x${m.kernelSize}, pool ${m.poolSize}): the base model is the MLP` };
    }
    return { model: m, note: null };
  }
  const o = (choice === 'mlp' ? MLP_MODELS[kind] : choice === 'cnn' ? MNIST_CNN : choice) as { family?: string; hidden?: unknown; filters?: unknown; kernelSize?: unknown; poolSize?: unknown } | null;
  const mlpOk = o?.family === 'mlp' && counts(o.hidden, 0);
  const cnnOk = o?.family === 'cnn' && counts(o.filters, 1) && counts(o.hidden, 0) && counts([o.kernelSize], 1) && counts([o.poolSize], 1);
  if (!o || typeof o !== 'object' || !(mlpOk || cnnOk)) throw new ValidationError(fn, 'model', EXPECTED, choice, typeof choice === 'string' ? 'ERR_INVALID_ARGUMENT' : 'ERR_INVALID_TYPE');
  if (o.family === 'cnn') {
    if (kind !== 'image') throw new ValidationError(fn, 'model', `'mlp' for ${kind} data (a CNN needs images, x of shape [n, h, w, c])`, typeof choice === 'string' ? choice : 'a cnn spec');
    if (!cnnOutputSize(o as CnnSpec, inputShape[0], inputShape[1])) {
      throw new ValidationError(fn, 'model', `a CNN whose conv layers and pooling fit ${image} images`, JSON.stringify(o));
    }
  }
  const ints = (v: unknown) => [...(v as number[])];
  const model: ModelSpec = o.family === 'cnn'
    ? { family: 'cnn', filters: ints(o.filters), kernelSize: o.kernelSize as number, poolSize: o.poolSize as number, hidden: ints(o.hidden) }
    : { family: 'mlp', hidden: ints(o.hidden) };
  return { model, note: null };
}

/** Image augmentation of the arm: +-10 degrees, 10% shifts, 10% zoom (the classic MNIST recipe). */
export const IMAGE_AUGMENT = { rotation: 10 / 360, shift: 0.1, zoom: 0.1 };

/** An option value whose code differs from its JSON (a regularizer object, 10 / 360). */
class Lit {
  constructor(readonly code: string, readonly value: unknown) {}
}

interface LayerSpec {
  name: string;
  make: (o: Record<string, unknown>) => Layer;
  opts: Record<string, unknown>;
}

const FACTORIES = {
  conv2d, dense, flatten, maxPooling2d, batchNormalization, dropout: dropoutLayer, activation: activationLayer,
  randomRotation, randomTranslation, randomZoom, randomFlip,
} as unknown as Record<string, (o: Record<string, unknown>) => Layer>;

const spec = (name: string, opts: Record<string, unknown> = {}): LayerSpec => ({ name, make: FACTORIES[name], opts });

/** The configuration's layers in order; the first carries the input shape. */
function layerSpecs(c: RunConfig, kind: DataKind, inputShape: number[], head: Head): LayerSpec[] {
  const out: LayerSpec[] = [];
  const reg = c.l1 > 0 || c.l2 > 0 ? { kernelRegularizer: new Lit(`l1l2({ l1: ${c.l1}, l2: ${c.l2} })`, l1l2({ l1: c.l1, l2: c.l2 })) } : {};
  const dropout = () => void (c.dropout > 0 && out.push(spec('dropout', { rate: c.dropout })));
  // A block: conv or dense, then its activation (fused, or after batch norm when batchNorm).
  const block = (name: string, opts: Record<string, unknown>) => {
    if (!c.batchNorm) return void out.push(spec(name, { ...opts, activation: c.activation, ...reg }));
    out.push(spec(name, { ...opts, useBias: false, ...reg }), spec('batchNormalization'), spec('activation', { activation: c.activation }));
  };
  if (kind === 'image') {
    if (c.augment) {
      const a = IMAGE_AUGMENT;
      // fillMode 'constant' (zeros): the background of MNIST-like images; their seeds follow fit's seed.
      out.push(spec('randomRotation', { factor: new Lit('10 / 360', a.rotation), fillMode: 'constant' }));
      out.push(spec('randomTranslation', { heightFactor: a.shift, widthFactor: a.shift, fillMode: 'constant' }));
      out.push(spec('randomZoom', { heightFactor: a.zoom, fillMode: 'constant' }));
      if (c.augment === 'flip') out.push(spec('randomFlip', { mode: 'horizontal' }));
    }
    if (c.model.family === 'cnn') {
      const m = c.model;
      for (const filters of m.filters) block('conv2d', { filters, kernelSize: m.kernelSize });
      if (m.poolSize > 1) out.push(spec('maxPooling2d', { poolSize: m.poolSize }));
      dropout();
    }
    out.push(spec('flatten'));
  }
  for (const units of c.model.hidden) {
    block('dense', { units });
    dropout();
  }
  out.push(spec('dense', { units: head.units, activation: head.type, ...reg }));
  out[0] = { ...out[0], opts: { ...out[0].opts, inputShape } };
  return out;
}

const value = (v: unknown) => (v instanceof Lit ? v.value : v);
const code = (v: unknown): string => (v instanceof Lit ? v.code : typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? `[${v.join(', ')}]` : JSON.stringify(v));

/** The model of the configuration (augmentation, family layers, head), seeded. */
export function buildModel(c: RunConfig, kind: DataKind, inputShape: number[], head: Head, seed: number): Sequential {
  const layers = layerSpecs(c, kind, inputShape, head).map((s) => s.make(Object.fromEntries(Object.entries(s.opts).map(([k, v]) => [k, value(v)]))));
  return sequential({ layers, seed });
}

/** The same layers as simdnet code, one per line, each ending in a comma (for sequential({ layers: [...] })). */
export function layerCode(c: RunConfig, kind: DataKind, inputShape: number[], head: Head): string[] {
  return layerSpecs(c, kind, inputShape, head).map((s) => {
    const entries = Object.entries(s.opts).map(([k, v]) => `${k}: ${code(v)}`);
    return `${s.name}(${entries.length ? `{ ${entries.join(', ')} }` : ''}),`;
  });
}
