// model.save(dir): the architecture, compile configuration and optimizer hyperparameters in
// `model.json`, and the weights plus the optimizer state in a binary file it names
// (`weights-<stamp>.bin`, raw little-endian float32: the weights in getWeights() order, then each
// optimizer state buffer in the trainable arena's layout).
//
// Atomic (writeAtomic.ts): the weights go to a new file, then model.json is replaced. model.json only
// ever names a complete weights file, so a save interrupted at any point (crash, full disk, kill)
// leaves the previous model loadable. Weight files no longer named are removed afterwards.
// model.json carries the SHA-256 of the weights file (`weightsSha256`, integrity.ts); loadModel
// refuses a weights file that does not match it. Files saved before it existed have no such field
// and still load (their weights are then only checked by size).
import { nodeFs } from './nodeFs.js';
import { sha256Hex } from './integrity.js';
import { saveStamp, writeAtomic } from './writeAtomic.js';
import type { Sequential } from '../model/sequential.js';
import { SimdnetError } from '../errors.js';

export const FORMAT = 'simdnet-model';
export const FORMAT_VERSION = 1;

export interface SavedModel {
  format: typeof FORMAT;
  version: number;
  name: string;
  seed: number;
  inputShape: number[];
  layers: { className: string; config: Record<string, unknown> }[];
  compile: null | {
    loss: { name: string; fromLogits: boolean };
    metrics: string[];
    /** Absent in files from before weightedMetrics (read as []). */
    weightedMetrics?: string[];
    optimizer: { className: string; config: Record<string, unknown>; iterations: number };
  };
  weightsFile: string;
  /** SHA-256 (hex) of the weights file. Absent in files saved before it was added: those load unchecked. */
  weightsSha256?: string;
  weights: { name: string; shape: number[] }[];
  /** Optimizer state buffers stored after the weights, each `trainableSize` floats. */
  optimizerStates: string[];
  trainableSize: number;
}

export async function saveModel(model: Sequential, dir: string): Promise<void> {
  const { fs, path } = await nodeFs('save');
  const fn = 'save';
  const engine = model.engineFor(fn);
  const heap = engine.heap();
  const entries = engine.layout.entries;
  const opt = model.loss ? model.optimizer(fn) : null;
  const n = engine.layout.trainableSize;
  const states = opt ? opt.states().map((s) => s.name) : [];
  const total = entries.reduce((a, e) => a + e.size, 0) + states.length * n;
  const bin = new Float32Array(total);
  let at = 0;
  for (const e of entries) {
    const from = (engine.weights >>> 2) + e.offset;
    bin.set(heap.subarray(from, from + e.size), at);
    at += e.size;
  }
  for (const ptr of opt ? engine.opt!.buffers : []) {
    bin.set(heap.subarray(ptr >>> 2, (ptr >>> 2) + n), at);
    at += n;
  }
  const weightsFile = `weights-${saveStamp()}.bin`;
  const loss = model.loss;
  const meta: SavedModel = {
    format: FORMAT,
    version: FORMAT_VERSION,
    name: model.name,
    seed: model.seed,
    inputShape: [...model.inputShape!],
    layers: model.layers.map((l) => ({ className: l.className, config: l.getConfig() })),
    compile:
      loss && opt
        ? { loss: { name: loss.name, fromLogits: loss.fromLogits }, metrics: model.metricNames, ...(model.weightedMetricNames.length ? { weightedMetrics: model.weightedMetricNames } : {}), optimizer: { className: opt.className, config: opt.getConfig(), iterations: opt.iterations } }
        : null,
    weightsFile,
    weightsSha256: await sha256Hex(new Uint8Array(bin.buffer)),
    weights: entries.map((e) => ({ name: e.name, shape: e.shape })),
    optimizerStates: states,
    trainableSize: n,
  };
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeAtomic(fn, path.join(dir, weightsFile), new Uint8Array(bin.buffer));
    await writeAtomic(fn, path.join(dir, 'model.json'), JSON.stringify(meta, null, 1));
  } catch (e) {
    throw new SimdnetError('ERR_IO', fn, `cannot save the model to ${dir}: ${(e as Error).message} (any previous save there is intact)`, { cause: e });
  }
  for (const f of await fs.readdir(dir)) {
    if (/^weights-.*\.bin(\.tmp)?$/.test(f) && f !== weightsFile) await fs.rm(path.join(dir, f), { force: true });
  }
}
