// saveTfjs(model, dir): writes the TensorFlow.js LayersModel format (what tfjs-layers'
// `model.save('file://dir')` writes): model.json with the Keras Sequential topology and a weights
// manifest, plus one shard `group1-shard1of1-<stamp>.bin` (raw little-endian float32 in manifest
// order; tfjs reads whatever name the manifest gives).
// Only layers with a tfjs counterpart of identical semantics are written: Dense, Dropout (with its
// noise_shape), SpatialDropout1D, Activation, BatchNormalization, LayerNormalization (last axis), the
// image layers of imageLayers.ts (pooling, global pooling, zero padding, reshape, flatten), and
// SpatialDropout2D as the Dropout with noise_shape [null, 1, 1, null] (or [null, null, 1, 1] for
// channels_first) that Keras defines it to be (tfjs-layers 4.22 has no SpatialDropout2D; loading it back
// gives that Dropout). Others raise ERR_UNSUPPORTED naming the layer (no silent approximation).
// Atomic as a pair, like model.save (io/save.ts): the shard goes to a new file, then model.json is
// replaced (writeAtomic.ts), so model.json only ever names a complete shard of its own save and a
// failed save leaves the previous model loadable. Shards no longer named are removed afterwards.
import { nodeFs } from '../nodeFs.js';
import { saveStamp, writeAtomic } from '../writeAtomic.js';
import type { Sequential } from '../../model/sequential.js';
import type { Layer } from '../../layers/layer.js';
import type { NoiseLayer } from '../../layers/noise.js';
import { toTfjsActivation } from './activations.js';
import { IMAGE_TFJS } from './imageLayers.js';
import { SimdnetError } from '../../errors.js';

/** Shard files of a tfjs LayersModel: tfjs-layers' own name and the stamped names saveTfjs writes. */
const SHARD = /^group1-shard\d+of\d+(-[0-9a-z-]+)?\.bin(\.tmp)?$/;
function layerConfig(fn: string, layer: Layer, first: boolean): { class_name: string; config: Record<string, unknown> } {
  const c = layer.getConfig();
  const base: Record<string, unknown> = { name: layer.name, trainable: layer.trainable, dtype: 'float32' };
  if (first) base.batch_input_shape = [null, ...layer.inShape];
  switch (layer.className) {
    case 'Dense':
      return { class_name: 'Dense', config: { ...base, units: c.units, activation: toTfjsActivation(fn, layer, c.activation as string), use_bias: c.useBias, kernel_initializer: null, bias_initializer: null, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null } };
    case 'Dropout':
    case 'SpatialDropout2D':
      return { class_name: 'Dropout', config: { ...base, rate: c.rate, noise_shape: (layer as NoiseLayer).noiseShape ?? null, seed: null } };
    case 'SpatialDropout1D':
      return { class_name: 'SpatialDropout1D', config: { ...base, rate: c.rate, noise_shape: null, seed: null } };
    case 'BatchNormalization':
    case 'LayerNormalization':
      return { class_name: layer.className, config: { ...base, axis: -1, epsilon: c.epsilon, center: c.center, scale: c.scale, ...(layer.className === 'BatchNormalization' ? { momentum: c.momentum } : {}) } };
    case 'Activation':
      return { class_name: 'Activation', config: { ...base, activation: toTfjsActivation(fn, layer, c.activation as string) } };
    default: {
      const mapping = IMAGE_TFJS[layer.className];
      if (mapping) return { class_name: layer.className, config: { ...base, ...mapping.save(layer, fn) } };
      throw new SimdnetError('ERR_UNSUPPORTED', fn, `layer '${layer.name}' (${layer.className}) cannot be written in the TensorFlow.js format (supported: Dense, Dropout, SpatialDropout1D, SpatialDropout2D, Activation, BatchNormalization, LayerNormalization, ${Object.keys(IMAGE_TFJS).join(', ')})`);
    }
  }
}

/**
 * Writes a model in the TensorFlow.js Layers format (model.json and one weight shard) to a folder,
 * loadable by tfjs's `loadLayersModel` (Node, Deno, Bun).
 */
export async function saveTfjs(model: Sequential, dir: string): Promise<void> {
  const { fs, path } = await nodeFs('saveTfjs');
  const fn = 'saveTfjs';
  const engine = model.engineFor(fn);
  const layers = model.layers.map((l, i) => layerConfig(fn, l, i === 0));
  const heap = engine.heap();
  const entries = engine.layout.entries;
  const bin = new Float32Array(entries.reduce((a, e) => a + e.size, 0));
  let at = 0;
  for (const e of entries) {
    const from = (engine.weights >>> 2) + e.offset;
    bin.set(heap.subarray(from, from + e.size), at);
    at += e.size;
  }
  const shard = `group1-shard1of1-${saveStamp()}.bin`;
  const json = {
    format: 'layers-model',
    generatedBy: 'simdnet',
    convertedBy: null,
    modelTopology: { class_name: 'Sequential', config: { name: model.name, layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
    weightsManifest: [{ paths: [shard], weights: entries.map((e) => ({ name: e.name, shape: e.shape, dtype: 'float32' })) }],
  };
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeAtomic(fn, path.join(dir, shard), new Uint8Array(bin.buffer));
    await writeAtomic(fn, path.join(dir, 'model.json'), JSON.stringify(json));
  } catch (e) {
    await fs.rm(path.join(dir, shard), { force: true }).catch(() => {});
    throw new SimdnetError('ERR_IO', fn, `cannot save the model to ${dir}: ${(e as Error).message} (any previous save there is intact)`, { cause: e });
  }
  for (const f of await fs.readdir(dir)) {
    if (SHARD.test(f) && f !== shard) await fs.rm(path.join(dir, f), { force: true });
  }
}
