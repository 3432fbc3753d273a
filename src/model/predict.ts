// model.predict's batch loop: x (n rows of engine.inSize floats, already checked) copied into the
// plan's input slot batch by batch, the forward pass run in inference mode, and each batch's output
// rows (outSize floats each) copied out into one [n * outSize] array; then the last layer's extra
// outputs (returnState: its final states, stateSizes() floats per sample each) the same way.
import type { Engine } from './engine.js';

export function predictBatches(engine: Engine, xd: Float32Array | Int32Array, n: number, batchSize: number, outSize: number, stateSizes: readonly number[] = []): Float32Array[] {
  const outs = [outSize, ...stateSizes].map((w) => new Float32Array(n * w));
  engine.ensurePlan(Math.max(1, Math.min(batchSize, n)));
  const heap = () => engine.heap();
  const last = engine.layers[engine.layers.length - 1];
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    const rows = xd.subarray(start * engine.inSize, (start + b) * engine.inSize);
    if (rows instanceof Int32Array) engine.heapI32().set(rows, engine.plan!.input >>> 2); // token ids keep their bits
    else heap().set(rows, engine.plan!.input >>> 2);
    const p = engine.predictBatch(b) >>> 2;
    outs[0].set(heap().subarray(p, p + b * outSize), start * outSize);
    if (stateSizes.length) {
      last.statePointers(b).forEach((q, i) => {
        const w = stateSizes[i];
        outs[i + 1].set(heap().subarray(q >>> 2, (q >>> 2) + b * w), start * w);
      });
    }
  }
  return outs;
}
