// Weighted metric sums of one batch for compile({weightedMetrics}), read from the wasm heap.
// Keras 3 reduces a weighted metric as keras/src/metrics/reduction_metrics.py Mean.update_state
// does: each sample's value (reduced over the trailing axes the weight does not cover) is multiplied
// by its weight, total += sum(value * w), count += sum(w), result = total / count (divide_no_nan:
// 0 when every weight is 0). Weighted accuracy is therefore sum(w * correct) / sum(w), a true
// weighted mean, unlike the loss, which divides by the number of rows (see src/model/sampleWeight.ts).
// Here a "row" is one loss row (a sample, or one timestep of a sample): weights are per row
// ([rows] f32 at `w`), as the loss kernels take them; per-sample weights are already repeated over
// a sample's rows, which gives the same ratio as Keras's mean over the timestep axis.
//
// Accuracy needs a per-row correct flag, which the wasm count kernels do not expose, so these sums
// run in plain JS over heap views (no allocation). argmax follows the wasm rowArgmax kernel exactly
// (assembly/kernels/reduce.ts: first NaN wins, else the first maximum), so with all weights equal to
// 1 a row counts as correct here exactly when it does in categoricalAccuracyCount.
// Shapes: pred, target [rows, cols] f32; labels [rows] i32; w [rows] f32; all byte offsets.

function argmaxAt(h: Float32Array, o: number, cols: number): number {
  let best = 0;
  for (let j = 0; j < cols; j++) {
    const v = h[o + j];
    if (v !== v) return j;
    if (v > h[o + best]) best = j;
  }
  return best;
}

/** sum_r w_r [argmax(pred_r) == argmax(target_r)]. */
export function weightedCategoricalCorrect(h: Float32Array, pred: number, target: number, w: number, rows: number, cols: number): number {
  const p = pred >>> 2, t = target >>> 2, wi = w >>> 2;
  let s = 0;
  for (let r = 0; r < rows; r++) if (argmaxAt(h, p + r * cols, cols) === argmaxAt(h, t + r * cols, cols)) s += h[wi + r];
  return s;
}

/** sum_r w_r [argmax(pred_r) == label_r]. */
export function weightedSparseCorrect(h: Float32Array, hi: Int32Array, pred: number, labels: number, w: number, rows: number, cols: number): number {
  const p = pred >>> 2, l = labels >>> 2, wi = w >>> 2;
  let s = 0;
  for (let r = 0; r < rows; r++) if (argmaxAt(h, p + r * cols, cols) === hi[l + r]) s += h[wi + r];
  return s;
}

/** sum_r w_r mean_c [(pred_rc > threshold ? 1 : 0) == target_rc] (Keras binary_accuracy is a mean over the last axis). */
export function weightedBinaryCorrect(h: Float32Array, pred: number, target: number, w: number, rows: number, cols: number, threshold: number): number {
  const p = pred >>> 2, t = target >>> 2, wi = w >>> 2;
  let s = 0;
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (let j = 0; j < cols; j++) if ((h[p + r * cols + j] > threshold ? 1 : 0) === h[t + r * cols + j]) c++;
    s += (h[wi + r] * c) / cols;
  }
  return s;
}

/** sum_r w_r: the denominator of every weighted metric. */
export function weightSum(h: Float32Array, w: number, rows: number): number {
  const wi = w >>> 2;
  let s = 0;
  for (let r = 0; r < rows; r++) s += h[wi + r];
  return s;
}
