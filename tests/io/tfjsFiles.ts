// Reading and writing TensorFlow.js LayersModel folders with tfjs-layers itself (tfjs-node's file://
// handler is not installed): shared by the tfjs format suites.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A tfjs LayersModel loaded by tfjs-layers from what saveTfjs wrote into dir. */
export async function loadWithTfjs(dir: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const bin = await readFile(join(dir, json.weightsManifest[0].paths[0]));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tfl.loadLayersModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData, format: json.format }) });
}

/** A tfjs IOHandler writing model.json and one shard into dir (tfjs-layers' own naming). */
export function dirSaver(dir: string): tf.io.IOHandler {
  return {
    save: async (a: tf.io.ModelArtifacts) => {
      const data = new Uint8Array(a.weightData as ArrayBuffer);
      await writeFile(join(dir, 'group1-shard1of1.bin'), data);
      const json = { modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy ?? null, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }] };
      await writeFile(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  };
}

