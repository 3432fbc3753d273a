// Keras's sample_weight for fit / evaluate / validationData: one weight per sample ([n] or [n, 1]),
// or one per loss row for outputs of rank > 2 ([n, ...rows], the output shape without its last axis:
// Keras's "temporal" weights). They become the per-row loss weights the loss kernels already take
// (Prepared.w, [n * rowsPerSample] f32), shuffled and batched with x and y by loadBatch.
//
// Reduction (keras/src/losses/loss.py, reduce_weighted_values + reduce_values, Keras 3): the
// per-row losses are multiplied by the weights and summed, then divided by the NUMBER OF ELEMENTS
// of the loss tensor ("sum_over_batch_size"), not by the sum of the weights (that is Keras's
// separate "mean_with_sample_weight" reduction). The kernels return sum_r w_r loss_r and the engine
// divides by the batch's rows, which is exactly that; a zero weight removes a sample from the loss
// and its gradient but still counts in the divisor, as in Keras.
//
// With classWeight as well, the two are multiplied, as tf.keras 2 did (keras/engine/data_adapter.py
// _make_class_weight_map_fn: "`class_weight` and `sample_weight` are multiplicative"). Keras 3
// refuses the combination (array_data_adapter.py raises "You cannot `class_weight` and
// `sample_weight` at the same time"); docs/training.md states this difference.
import type { Tensor } from '../tensor.js';
import { ShapeError, ValidationError } from '../errors.js';
import { toTensor } from '../data/toTensor.js';

/** A sample-weight argument as a tensor: a bare Float32Array or number[] is taken as shape [n]. */
export function toWeightTensor(fn: string, arg: string, value: unknown): Tensor {
  if (value instanceof Float32Array) return { data: value, shape: [value.length] };
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return { data: Float32Array.from(value), shape: [value.length] };
  if (value === null || typeof value !== 'object') {
    throw new ValidationError(fn, arg, 'a Float32Array, number[] or tensor of per-sample weights', value, 'ERR_INVALID_TYPE');
  }
  return toTensor(fn, arg, value);
}

/**
 * Per-row loss weights [n * rowsPerSample] from a sample-weight tensor of shape [n], [n, 1] or
 * [n, ...rowShape], each weight finite and >= 0; multiplied into `classRows` (the classWeight rows)
 * when given. `rowShape` is the model's output shape without its last axis.
 */
export function sampleRowWeights(fn: string, arg: string, sw: Tensor, n: number, rowShape: readonly number[], classRows: Float32Array | null): Float32Array {
  const rows = rowShape.reduce((a, b) => a * b, 1);
  const s = sw.shape;
  const perSample = s.length === 1 || (s.length === 2 && s[1] === 1);
  const perRow = s.length === rowShape.length + 1 && rowShape.every((d, i) => s[i + 1] === d);
  if (s[0] !== n || !(perSample || perRow)) {
    const temporal = rowShape.length ? ` or [${n}, ${rowShape.join(', ')}] (one weight per loss row)` : '';
    throw new ShapeError(fn, arg, `a weight per sample: shape [${n}]${temporal}`, `[${s.join(', ')}]`);
  }
  const d = sw.data;
  for (let i = 0; i < d.length; i++) {
    if (!(Number.isFinite(d[i]) && d[i] >= 0)) throw new ValidationError(fn, `${arg}[${i}]`, 'a finite weight >= 0', d[i]);
  }
  const w = classRows ?? new Float32Array(n * rows).fill(1);
  // A per-sample weight repeats over the sample's rows. Stored in f32: cw * sw rounded once.
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < rows; r++) w[i * rows + r] *= d[perRow ? i * rows + r : i];
  }
  return w;
}
