// loadModel(dir): recreates a model saved by model.save(dir) (src/io/save.ts): the same layers,
// weights bit for bit, compile configuration, optimizer hyperparameters, iteration count and state,
// so that predictions equal the original's exactly and training resumes where it stopped.
import { nodeFs } from './nodeFs.js';
import { ready } from '../../bindings/loader.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { layerFromConfig } from '../layers/index.js';
import { lossFromConfig } from '../losses/loss.js';
import { optimizerFromConfig } from '../optimizers/optimizer.js';
import type { MetricIdentifier } from '../metrics/metric.js';
import { FORMAT, FORMAT_VERSION, type SavedModel } from './save.js';
import { ValidationError, SimdnetError } from '../errors.js';
import { fileInside, sha256Hex } from './integrity.js';

function corrupt(msg: string): SimdnetError {
  return new SimdnetError('ERR_CORRUPT_DATA', 'loadModel', msg);
}

/**
 * Recreates a model saved by `model.save(dir)` (Node, Deno, Bun): the same layers, weights bit for bit,
 * compile configuration and optimizer state, so predictions match and training resumes where it stopped.
 */
export async function loadModel(dir: string): Promise<Sequential> {
  // Checked before node:path sees it (it threw Node's own TypeError for loadModel(42)).
  if (typeof dir !== 'string' || dir === '') throw new ValidationError('loadModel', 'dir', 'a non-empty string (the folder model.save wrote)', dir, 'ERR_INVALID_TYPE');
  const nfs = await nodeFs('loadModel');
  const { fs, path } = nfs;
  await ready();
  let meta: SavedModel;
  let bytes: Uint8Array;
  try {
    meta = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
  } catch (e) {
    throw new SimdnetError('ERR_IO', 'loadModel', `cannot read ${path.join(dir, 'model.json')}: ${(e as Error).message}`, { cause: e });
  }
  if (meta?.format !== FORMAT) throw corrupt(`${dir}/model.json is not a simdnet model (format ${JSON.stringify(meta?.format)})`);
  if (meta.version !== FORMAT_VERSION) throw corrupt(`model format version ${meta.version} is not supported (this simdnet reads version ${FORMAT_VERSION})`);
  const weightsPath = await fileInside(nfs, dir, meta.weightsFile, 'loadModel');
  try {
    bytes = await fs.readFile(weightsPath);
  } catch (e) {
    throw new SimdnetError('ERR_IO', 'loadModel', `cannot read ${weightsPath}: ${(e as Error).message}`, { cause: e });
  }
  if (meta.weightsSha256 !== undefined && (await sha256Hex(bytes)) !== meta.weightsSha256) {
    throw corrupt(`${meta.weightsFile} does not match the SHA-256 in model.json: the file is damaged or not the one saved with it`);
  }
  const model = sequential({ name: meta.name, seed: meta.seed, layers: meta.layers.map((l) => layerFromConfig('loadModel', l.className, l.config)) });
  model.build(meta.inputShape);
  const engine = model.engineFor('loadModel');
  const entries = engine.layout.entries;
  const n = engine.layout.trainableSize;
  const sizes = entries.map((e) => e.size);
  const expected = sizes.reduce((a, b) => a + b, 0) + meta.optimizerStates.length * n;
  if (bytes.byteLength !== expected * 4) throw corrupt(`${meta.weightsFile} holds ${bytes.byteLength} bytes, the architecture needs ${expected * 4}`);
  if (!Array.isArray(meta.weights) || meta.weights.length !== entries.length || meta.weights.some((w, i) => w?.name !== entries[i].name)) {
    throw corrupt('the weight names in model.json do not match the architecture');
  }
  meta.weights.forEach((w, i) => {
    const want = entries[i].shape;
    if (!Array.isArray(w.shape) || w.shape.length !== want.length || w.shape.some((d, j) => d !== want[j])) {
      throw corrupt(`weight '${w.name}' has shape ${JSON.stringify(w.shape)} in model.json, the architecture's is [${want}]`);
    }
  });
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let at = 0;
  model.setWeights(sizes.map((s) => data.subarray(at, (at += s))).map((a) => a.slice()));
  if (meta.compile) {
    const c = meta.compile;
    const optimizer = optimizerFromConfig('loadModel', c.optimizer.className, c.optimizer.config);
    optimizer.iterations = c.optimizer.iterations;
    model.compile({ loss: lossFromConfig('loadModel', c.loss.name, c.loss.fromLogits), metrics: c.metrics as MetricIdentifier[], weightedMetrics: c.weightedMetrics as MetricIdentifier[] | undefined, optimizer }); // names checked at run time by compile
    const names = optimizer.states().map((s) => s.name);
    if (names.join() !== meta.optimizerStates.join()) throw corrupt('the optimizer state list in model.json does not match the optimizer');
    const heap = engine.heap();
    engine.opt!.buffers.forEach((ptr, i) => heap.set(data.subarray(at + i * n, at + (i + 1) * n), ptr >>> 2));
  }
  return model;
}
