// Class labels to one-hot rows: labels [n] (integers in [0, numClasses)) -> Float32 [n, numClasses].
import type { Tensor } from '../tensor.js';
import { ValidationError } from '../errors.js';
import { checkInt } from '../validate.js';

/**
 * One-hot encodes integer labels: a Float32 tensor [n, numClasses] with a 1 in each label's column; a
 * label outside [0, numClasses) is a ValidationError.
 */
export function oneHot(labels: Tensor | ArrayLike<number>, numClasses: number): Tensor<Float32Array> {
  const fn = 'oneHot';
  checkInt(fn, 'numClasses', numClasses, 1);
  const data = 'data' in labels ? labels.data : labels;
  const out = new Float32Array(data.length * numClasses);
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) throw new ValidationError(fn, `labels[${i}]`, `an integer in [0, ${numClasses})`, c);
    out[i * numClasses + c] = 1;
  }
  return { data: out, shape: [data.length, numClasses] };
}
