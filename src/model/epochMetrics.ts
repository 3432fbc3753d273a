// The running loss and metrics of an epoch (or of an evaluation): per batch, the loss times the
// batch size and each metric's count (correct predictions, or summed error) with its denominator,
// read by fit.ts as sums[i] / counts[i] for the Keras-style running means. Metrics are computed in
// wasm from the forward pass just run (logits and targets of the loaded batch); nothing but these
// scalars leaves wasm, and adding a batch allocates nothing. A weighted metric (compile's
// weightedMetrics) on data with sample or class weights sums w * value over w instead
// (src/metrics/weightedSums.ts); without weights it takes exactly the unweighted path, as Keras's
// metric does when sample_weight is None.
import type { RawExports } from '../../bindings/loader.js';
import type { LossBinding } from './engine.js';
import type { Plan } from './plan.js';
import { weightedBinaryCorrect, weightedCategoricalCorrect, weightedSparseCorrect, weightSum } from '../metrics/weightedSums.js';

/** What a batch's metrics read from the engine. */
export interface MetricSource {
  readonly k: RawExports;
  readonly plan: Plan | null;
  readonly binding: LossBinding | null;
  readonly rowsPerSample: number;
  readonly lossCols: number;
  /** Byte offset of the logits (the last layer's activations) of the loaded batch. */
  readonly logits: number;
  /** Byte offset of the batch's per-row weights, or 0 when the data has none. */
  readonly lossWeights: number;
  heap(): Float32Array;
  heapI32(): Int32Array;
  /** The model's outputs for the loaded batch (final activation applied when fused). */
  outputs(batch: number): number;
}

export class EpochMetrics {
  /** [0] loss * samples, [1 + i] metric i's count or error sum. */
  readonly sums: Float64Array;
  /** [0] samples, [1 + i] metric i's denominator. */
  readonly counts: Float64Array;

  constructor(metricCount: number) {
    this.sums = new Float64Array(1 + metricCount);
    this.counts = new Float64Array(1 + metricCount);
  }

  reset(): void {
    this.sums.fill(0);
    this.counts.fill(0);
  }

  /** Adds the batch's loss and metrics (metrics read the forward pass just run). */
  add(src: MetricSource, batch: number, loss: number): void {
    const b = src.binding!;
    const plan = src.plan!;
    const k = src.k;
    const rows = batch * src.rowsPerSample;
    const cols = src.lossCols;
    const logits = src.logits;
    this.sums[0] += loss * batch;
    this.counts[0] += batch;
    let probs = 0;
    const w = src.lossWeights;
    for (let i = 0; i < b.metrics.length; i++) {
      const kind = b.metrics[i].kind;
      let v: number;
      let d = rows;
      if (w && b.metrics[i].weighted) {
        const h = src.heap();
        d = weightSum(h, w, rows);
        if (kind === 'categoricalAccuracy') v = weightedCategoricalCorrect(h, logits, plan.targets, w, rows, cols);
        else if (kind === 'sparseCategoricalAccuracy') v = weightedSparseCorrect(h, src.heapI32(), logits, plan.targets, w, rows, cols);
        else if (kind === 'binaryAccuracy') v = weightedBinaryCorrect(h, logits, plan.targets, w, rows, cols, b.fused ? 0 : 0.5);
        else {
          if (!probs) probs = src.outputs(batch);
          // The loss kernels return sum_r w_r loss_r (accumulated in f64, returned as f32).
          const f = kind === 'meanSquaredError' ? k.meanSquaredError : k.meanAbsoluteError;
          v = f(probs, plan.targets, plan.metricScratch, w, rows, cols, 0);
        }
      } else if (kind === 'categoricalAccuracy') v = k.categoricalAccuracyCount(logits, plan.targets, rows, cols);
      else if (kind === 'sparseCategoricalAccuracy') v = k.sparseAccuracyCount(logits, plan.targets, rows, cols);
      else if (kind === 'binaryAccuracy') {
        // sigmoid(z) > 0.5 exactly when z > 0: on fused logits the threshold is 0.
        v = k.binaryAccuracyCount(logits, plan.targets, rows * cols, b.fused ? 0 : 0.5);
        d = rows * cols;
      } else {
        if (!probs) probs = src.outputs(batch);
        const f = kind === 'meanSquaredError' ? k.meanSquaredError : k.meanAbsoluteError;
        v = f(probs, plan.targets, plan.metricScratch, 0, rows, cols, 0);
      }
      this.sums[1 + i] += v;
      this.counts[1 + i] += d;
    }
  }
}
