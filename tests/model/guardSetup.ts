// The setup fitGuards.test.ts and stepGuard.test.ts share for the step guard (src/model/stepGuard.ts,
// issue 18 item 2): a small regression problem, a dense model whose optimizer overflows an update
// within a few batches, and the reference the guard's result is compared with, the same model stopped
// by a callback after the last good step.
import { sequential, dense, batchNormalization, tensor, type Sequential, type Optimizer, type Tensor } from '../../src/index.js';
import { blobs } from './synthetic.js';

export type Make = () => Sequential;

/** A small MSE regression problem [n, 4] -> [n, 1]: y = x0 - 2 x1. */
export function regression(n: number): { x: Tensor<Float32Array>; y: Tensor<Float32Array> } {
  const { x } = blobs(n, 2, 4, 8);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = x.data[4 * i] - 2 * x.data[4 * i + 1];
  return { x, y: tensor(y, [n, 1]) };
}

/** Dense 4-32-(batch norm)-1, seed 3, with `optimizer`: a learning rate of ~1e38 overflows an update. */
export function guardModel(optimizer: () => Optimizer, bn: boolean): Make {
  return () => {
    const layers = [dense({ units: 32, activation: 'relu', inputShape: [4] }), ...(bn ? [batchNormalization()] : []), dense({ units: 1 })];
    const m = sequential({ seed: 3, layers });
    m.compile({ optimizer: optimizer(), loss: 'meanSquaredError' });
    return m;
  };
}

/**
 * Weights (trainable and moving statistics) of a fresh `make()` after its first `batches` steps on
 * x, y (batch size 8, no shuffle, seed 1: the guard tests' fit), stopped by a callback.
 */
export async function weightsAfter(make: Make, batches: number, x: Tensor, y: Tensor): Promise<Float32Array[]> {
  const m = make();
  if (batches > 0) {
    const stop = { setModel(mm: any) { (this as any).m = mm; }, onBatchEnd(b: number) { if (b === batches - 1) (this as any).m.stopTraining = true; } };
    await m.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0, seed: 1, callbacks: [stop] });
  }
  const w = m.getWeights();
  m.dispose();
  return w;
}
