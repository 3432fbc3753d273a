// Row softmax and logSoftmax, forward and backward, plus the row helpers the losses share.
// Buffers: x, y, dy, dx are (rows, cols) row-major f32. Forward may run in place (x == y);
// backward ACCUMULATES into dx (dx += ...) and reads only y = the forward output.
// Stability: every row is shifted by its max before exp (Keras/TF do the same), so logits of 1e4 or
// more give exact 0/1 probabilities rather than Inf/Inf; a row containing +Inf or NaN gives NaN.
import { splat, madd, hsum } from '../simd';
import { exp4 } from '../math';
import { exp1, log1, rowMax, rowSumExp, rowAffine, rowDot } from '../rows';

/** y = softmax(x) per row: e^(x - max) / sum. */
export function softmaxForward(x: usize, y: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += stride, y += stride) {
    const s = rowSumExp(x, y, cols, rowMax(x, cols));
    rowAffine(y, y, cols, 1 / s, 0);
  }
}

/** dx += y * (dy - sum(dy * y)) per row (the softmax Jacobian-vector product). */
export function softmaxBackward(y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, y += stride, dy += stride, dx += stride) {
    const dv = splat(rowDot(dy, y, cols));
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(dx + o, madd(v128.load(y + o), f32x4.sub(v128.load(dy + o), dv), v128.load(dx + o)));
    }
    const d = f32x4.extract_lane(dv, 0);
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(dx + o, load<f32>(y + o) * (load<f32>(dy + o) - d) + load<f32>(dx + o));
    }
  }
}

/** y = (x - max) - ln(sum e^(x - max)) per row, in that order: x - (max + ln s) would round the
 *  sum to the ulp of max (0.001 at logits of 1e4). */
export function logSoftmaxForward(x: usize, y: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += stride, y += stride) {
    const m = rowMax(x, cols);
    const ls = log1(rowSumExp(x, 0, cols, m));
    const mv = splat(m);
    const lv = splat(ls);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(y + o, f32x4.sub(f32x4.sub(v128.load(x + o), mv), lv));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(y + o, load<f32>(x + o) - m - ls);
    }
  }
}

/** dx += dy - e^y * sum(dy) per row. */
export function logSoftmaxBackward(y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, y += stride, dy += stride, dx += stride) {
    let sv = splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) sv = f32x4.add(sv, v128.load(dy + (<usize>j << 2)));
    let s = hsum(sv);
    for (; j < cols; j++) s += load<f32>(dy + (<usize>j << 2));
    sv = splat(s);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const g = f32x4.sub(v128.load(dy + o), f32x4.mul(exp4(v128.load(y + o)), sv));
      v128.store(dx + o, f32x4.add(v128.load(dx + o), g));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(dx + o, load<f32>(dx + o) + (load<f32>(dy + o) - exp1(load<f32>(y + o)) * s));
    }
  }
}
