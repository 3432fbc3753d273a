// The Node-only file APIs where there is a file system (Node, Deno, Bun): a trained model saved with
// model.save(dir) and model.save('file://dir') loads back with loadModel and loadLayersModel and
// predicts exactly as before. Public API only; `dir` is an empty folder the harness made.
import { sequential, dense, sgd, tensor, loadModel, loadLayersModel, Rng } from '../../src/index.js';

export interface FileReport {
  /** loadModel(dir) after model.save(dir): predictions equal bit for bit. */
  simdnet: boolean;
  /** loadLayersModel('file://…/model.json') after model.save('file://…'): equal bit for bit. */
  tfjs: boolean;
}

export async function fileRoundTrip(dir: string): Promise<FileReport> {
  const rng = new Rng(5);
  const x = tensor(Float32Array.from({ length: 64 * 3 }, () => rng.range(-1, 1)), [64, 3]);
  const y = tensor(Float32Array.from({ length: 64 }, (_, i) => x.data[i * 3] - x.data[i * 3 + 1]), [64, 1]);
  const model = sequential({ seed: 3, layers: [dense({ units: 6, activation: 'relu', inputShape: [3] }), dense({ units: 1 })] });
  model.compile({ optimizer: sgd({ learningRate: 0.05 }), loss: 'meanSquaredError' });
  await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 1 });
  const expected = model.predict(x).data;
  const same = (a: ArrayLike<number>) => a.length === expected.length && Array.prototype.every.call(a, (v: number, i: number) => Object.is(v, expected[i]));
  await model.save(`${dir}/own`);
  await model.save(`file://${dir}/tfjs`);
  model.dispose();
  const own = await loadModel(`${dir}/own`);
  const tfjs = await loadLayersModel(`file://${dir}/tfjs/model.json`);
  const report = { simdnet: same(own.predict(x).data), tfjs: same(tfjs.predict(x).data) };
  own.dispose();
  tfjs.dispose();
  return report;
}
