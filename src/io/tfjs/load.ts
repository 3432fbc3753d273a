// loadTfjs(dir): reads a TensorFlow.js LayersModel (dir/model.json + its weight shards, as written by
// tfjs-layers' model.save or by saveTfjs) into a simdnet Sequential. loadTfjsFrom does the work over
// any reader (the file system here, fetch in loadLayersModel.ts). Supported layers: Dense,
// Dropout (with noise_shape), SpatialDropout1D, Activation, BatchNormalization, LayerNormalization,
// and the image layers of imageLayers.ts (the ones saveTfjs writes); anything else raises ERR_UNSUPPORTED naming the
// layer class and name. Weights are float32, concatenated across shards in manifest order.
import { nodeFs, type NodeFs } from '../nodeFs.js';
import { ready } from '../../../bindings/loader.js';
import { sequential, type Sequential } from '../../model/sequential.js';
import { dense, dropout, spatialDropout1D, activation, batchNormalization, layerNormalization } from '../../layers/index.js';
import type { Layer } from '../../layers/layer.js';
import { fromTfjsActivation } from './activations.js';
import { IMAGE_TFJS } from './imageLayers.js';
import { SimdnetError } from '../../errors.js';
import { fileInside } from '../integrity.js';

const fn = 'loadTfjs';

interface TfjsLayer { class_name: string; config: Record<string, any> }

// lastAxis: the index of the feature axis with the batch axis counted (tfjs writes axis resolved, e.g. [1]).
function toLayer(l: TfjsLayer, lastAxis: number, fnName: string): Layer {
  const c = l.config ?? {};
  const base = { name: c.name, trainable: c.trainable ?? true };
  switch (l.class_name) {
    case 'Dense':
      return dense({ ...base, units: c.units, activation: fromTfjsActivation(fnName, c.name, c.activation) as never, useBias: c.use_bias ?? true });
    case 'Dropout':
      return dropout({ ...base, rate: c.rate, noiseShape: c.noise_shape ?? null });
    case 'SpatialDropout1D':
      return spatialDropout1D({ ...base, rate: c.rate });
    case 'BatchNormalization':
    case 'LayerNormalization': {
      const axis = Array.isArray(c.axis) ? c.axis : [c.axis ?? -1];
      if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== lastAxis)) throw new SimdnetError('ERR_UNSUPPORTED', fnName, `layer '${c.name}' (${l.class_name}): only axis -1 is supported, got ${JSON.stringify(c.axis)}`);
      const o = { ...base, epsilon: c.epsilon ?? 1e-3, center: c.center ?? true, scale: c.scale ?? true };
      return l.class_name === 'BatchNormalization' ? batchNormalization({ ...o, momentum: c.momentum ?? 0.99 }) : layerNormalization(o);
    }
    case 'Activation':
      return activation({ ...base, activation: fromTfjsActivation(fnName, c.name, c.activation) as never });
    default: {
      const mapping = IMAGE_TFJS[l.class_name];
      if (mapping) return mapping.load(c, base, fnName);
      throw new SimdnetError('ERR_UNSUPPORTED', fnName, `layer '${c.name}' (${l.class_name}) cannot be loaded from the TensorFlow.js format (supported: Dense, Dropout, SpatialDropout1D, Activation, BatchNormalization, LayerNormalization, ${Object.keys(IMAGE_TFJS).join(', ')})`);
    }
  }
}

/** Reads a file named relative to the folder of model.json (its weight shard paths are relative). */
export type ModelReader = (relativePath: string) => Promise<Uint8Array>;

/**
 * Loads a TensorFlow.js Layers model (model.json and its weight shards) from a folder (Node, Deno, Bun)
 * into a Sequential.
 */
export async function loadTfjs(dir: string): Promise<Sequential> {
  const nfs = await nodeFs(fn);
  return loadTfjsFrom('model.json', fsReader(nfs.fs, (p) => fileInside(nfs, dir, p, fn), fn), `${dir}/model.json`, fn);
}

/** A ModelReader over the file system; `resolve` maps a relative path to a file path (and may refuse it). */
export function fsReader(fs: NodeFs['fs'], resolve: (p: string) => string | Promise<string>, fnName: string): ModelReader {
  return async (p) => {
    const file = await resolve(p);
    try {
      return new Uint8Array(await fs.readFile(file));
    } catch (e) {
      throw new SimdnetError('ERR_IO', fnName, `cannot read ${file}: ${(e as Error).message}`, { cause: e });
    }
  };
}

/** Loads the model whose JSON is `jsonName` (relative to the reader's folder); `where` names it in errors. */
export async function loadTfjsFrom(jsonName: string, read: ModelReader, where: string, fnName: string): Promise<Sequential> {
  const corrupt = (msg: string) => new SimdnetError('ERR_CORRUPT_DATA', fnName, msg);
  await ready();
  let json: any;
  const text = new TextDecoder().decode(await read(jsonName));
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw corrupt(`${where} is not valid JSON: ${(e as Error).message}`);
  }
  if (json?.format !== undefined && json.format !== 'layers-model') throw corrupt(`model.json format ${JSON.stringify(json.format)} is not 'layers-model'`);
  const topo = json?.modelTopology;
  const seq = topo?.class_name === 'Sequential' ? topo.config : topo?.model_config?.class_name === 'Sequential' ? topo.model_config.config : null;
  if (!seq || !Array.isArray(seq.layers) || !Array.isArray(json.weightsManifest)) throw corrupt('model.json has no Sequential modelTopology and weightsManifest');
  const layers: TfjsLayer[] = seq.layers.filter((l: TfjsLayer) => l.class_name !== 'InputLayer');
  const input = seq.layers[0]?.config?.batch_input_shape ?? seq.layers[0]?.config?.batchInputShape;
  if (!Array.isArray(input)) throw corrupt('the first layer has no batch_input_shape');
  const model = sequential({ name: seq.name, layers: layers.map((l) => toLayer(l, input.length - 1, fnName)) });
  model.build(input.slice(1));
  const specs: { name: string; shape: number[]; dtype?: string }[] = [];
  const chunks: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) chunks.push(await read(p));
  }
  if (specs.some((s) => !Array.isArray(s?.shape) || s.shape.some((d) => !Number.isInteger(d) || d < 0))) throw corrupt('a weightsManifest entry has no shape of non-negative integers');
  if (specs.some((s) => (s.dtype ?? 'float32') !== 'float32')) throw new SimdnetError('ERR_UNSUPPORTED', fnName, 'only float32 weights are supported (quantized weights are not)');
  const sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  const byteLength = chunks.reduce((n, c) => n + c.byteLength, 0);
  if (byteLength !== total * 4) throw corrupt(`the weight shards hold ${byteLength} bytes, the manifest needs ${total * 4}`);
  const bytes = new Uint8Array(byteLength);
  chunks.reduce((at, c) => (bytes.set(c, at), at + c.byteLength), 0);
  const data = new Float32Array(bytes.buffer);
  const byName = new Map<string, Float32Array>();
  const shapes = new Map<string, number[]>();
  let at = 0;
  specs.forEach((s, i) => {
    byName.set(s.name, data.slice(at, (at += sizes[i])));
    shapes.set(s.name, s.shape);
  });
  const entries = model.engineFor(fnName).layout.entries;
  model.setWeights(
    entries.map((e) => {
      const w = byName.get(e.name);
      if (!w || w.length !== e.size) throw corrupt(`weight '${e.name}' (shape [${e.shape}]) is missing from the manifest or has the wrong size`);
      // Same size is not enough: a [8, 4] kernel read as [4, 8] is a silently wrong (transposed) model.
      const shape = shapes.get(e.name)!;
      if (shape.length !== e.shape.length || shape.some((d, j) => d !== e.shape[j])) throw corrupt(`weight '${e.name}' has shape [${shape}] in the manifest, the layer's is [${e.shape}]`);
      return w;
    }),
  );
  return model;
}
