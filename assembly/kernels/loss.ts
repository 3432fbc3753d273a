// Losses fused with their gradient. Buffers: predictions / logits, targets, grad are (rows, cols)
// row-major f32; sparse labels are (rows) i32 in [0, cols); w is (rows) f32 per-sample weights or 0
// for none. Each kernel returns sum_r w_r loss_r (the caller divides: by the batch size for Keras's
// "sum_over_batch_size" reduction) and OVERWRITES grad = gradScale * w_r * d loss_r / d input (the
// caller passes gradScale = 1 / batch). grad may alias the predictions (in place).
// Per-sample losses follow Keras 3 (keras/src/losses/losses.py and backend/numpy/nn.py): cross-
// entropies sum over classes; MSE, MAE and binary cross-entropy average over the last axis.
// Probability inputs (from_logits=false) are clipped to [eps, 1 - eps], eps = 1e-7 (Keras
// epsilon()), after normalising rows to sum 1 for the categorical losses; the clip passes the
// gradient inside [eps, 1 - eps] inclusive and blocks it outside (TF's clip_by_value gradient).
import { splat, madd, atLeast, hsum } from '../simd';
import { exp4, log1p4 } from '../math';
import { log1, rowMax, rowSumExp, rowAffine, ld, st, keep, weight } from '../rows';

/** Softmax cross-entropy on logits with dense (one-hot or soft) targets: loss_r = sum_c t_c
 *  (lse - z_c), grad = k (sum(t) softmax(z) - t), which is softmax - t for targets summing to 1.
 *  Stable for any finite logits: z - max is never positive and lse = max + ln(sum e^(z - max)). */
export function softmaxCrossEntropy(z: usize, t: usize, g: usize, w: usize, rows: i32, cols: i32, gradScale: f32): f32 {
  const stride = <usize>cols << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++, z += stride, t += stride, g += stride) {
    const m = rowMax(z, cols);
    const mv = splat(m);
    let s = splat(0);
    let tz = splat(0); // sum t (z - m)
    let ts = splat(0); // sum t
    for (let j = 0; j < cols; ) {
      const full = cols - j >= 4;
      const o = <usize>j << 2;
      const zm = f32x4.sub(ld(z + o, full), mv);
      const tv = keep(ld(t + o, full), full);
      const e = exp4(zm);
      st(g + o, e, full); // e^(z - m), scaled in the second pass; z is read before g overwrites it
      s = f32x4.add(s, keep(e, full));
      tz = madd(tv, zm, tz);
      ts = f32x4.add(ts, tv);
      j += full ? 4 : 1;
    }
    const sum = hsum(s);
    const tsum = hsum(ts);
    const wr = weight(w, r);
    total += <f64>wr * <f64>(tsum * log1(sum) - hsum(tz));
    const k = gradScale * wr;
    const a = splat((tsum * k) / sum);
    const nk = splat(-k);
    for (let j = 0; j < cols; ) {
      const full = cols - j >= 4;
      const o = <usize>j << 2;
      st(g + o, madd(ld(t + o, full), nk, f32x4.mul(ld(g + o, full), a)), full);
      j += full ? 4 : 1;
    }
  }
  return <f32>total;
}

/** Softmax cross-entropy with integer labels l_r (rows): loss_r = lse - z_l, grad = k (softmax - onehot(l)). */
export function sparseSoftmaxCrossEntropy(z: usize, labels: usize, g: usize, w: usize, rows: i32, cols: i32, gradScale: f32): f32 {
  const stride = <usize>cols << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++, z += stride, g += stride) {
    const l = <usize>load<i32>(labels + (<usize>r << 2)) << 2;
    const zl = load<f32>(z + l); // before g (maybe z) is overwritten
    const m = rowMax(z, cols);
    const sum = rowSumExp(z, g, cols, m);
    const wr = weight(w, r);
    total += <f64>wr * <f64>(log1(sum) - (zl - m));
    const k = gradScale * wr;
    rowAffine(g, g, cols, k / sum, 0);
    store<f32>(g + l, load<f32>(g + l) - k);
  }
  return <f32>total;
}

/** Binary cross-entropy on logits (Keras from_logits=True), averaged over cols: per element
 *  max(z, 0) - z t + ln(1 + e^-|z|) (TF's sigmoid_cross_entropy_with_logits form, no overflow),
 *  grad = k (sigmoid(z) - t) / cols. */
export function sigmoidBinaryCrossEntropy(z: usize, t: usize, g: usize, w: usize, rows: i32, cols: i32, gradScale: f32): f32 {
  const stride = <usize>cols << 2;
  let total: f64 = 0;
  const zero = splat(0);
  const one = splat(1);
  for (let r = 0; r < rows; r++, z += stride, t += stride, g += stride) {
    const wr = weight(w, r);
    const k = splat((gradScale * wr) / <f32>cols);
    let acc = splat(0);
    for (let j = 0; j < cols; ) {
      const full = cols - j >= 4;
      const o = <usize>j << 2;
      const zv = ld(z + o, full);
      const tv = ld(t + o, full);
      const e = exp4(f32x4.neg(f32x4.abs(zv)));
      const l = f32x4.sub(f32x4.add(atLeast(zv, zero), log1p4(e)), f32x4.mul(zv, tv));
      acc = f32x4.add(acc, keep(l, full));
      const inv = f32x4.div(one, f32x4.add(one, e));
      const sig = v128.bitselect(inv, f32x4.mul(e, inv), f32x4.ge(zv, zero));
      st(g + o, f32x4.mul(f32x4.sub(sig, tv), k), full);
      j += full ? 4 : 1;
    }
    total += <f64>wr * <f64>(hsum(acc) / <f32>cols);
  }
  return <f32>total;
}

/** Mean squared error (abs = false) or mean absolute error (abs = true) over cols. */
// @ts-ignore: decorator
@inline function regression(abs: bool, p: usize, t: usize, g: usize, w: usize, rows: i32, cols: i32, gradScale: f32): f32 {
  const stride = <usize>cols << 2;
  let total: f64 = 0;
  const zero = splat(0);
  for (let r = 0; r < rows; r++, p += stride, t += stride, g += stride) {
    const wr = weight(w, r);
    const k = splat(((abs ? 1 : 2) * gradScale * wr) / <f32>cols);
    let acc = splat(0);
    for (let j = 0; j < cols; ) {
      const full = cols - j >= 4;
      const o = <usize>j << 2;
      const d = f32x4.sub(ld(p + o, full), ld(t + o, full));
      if (abs) {
        acc = f32x4.add(acc, keep(f32x4.abs(d), full));
        // sign(d), 0 at d == 0 (TF's Abs gradient); NaN d gives 0 here but NaN in the loss.
        const sign = v128.or(v128.and(f32x4.gt(d, zero), splat(1)), v128.and(f32x4.lt(d, zero), splat(-1)));
        st(g + o, f32x4.mul(sign, k), full);
      } else {
        acc = madd(keep(d, full), d, acc);
        st(g + o, f32x4.mul(d, k), full);
      }
      j += full ? 4 : 1;
    }
    total += <f64>wr * <f64>(hsum(acc) / <f32>cols);
  }
  return <f32>total;
}

/** Mean squared error: loss_r = mean_c (p - t)^2, grad = k 2 (p - t) / cols. */
export function meanSquaredError(p: usize, t: usize, g: usize, w: usize, rows: i32, cols: i32, gradScale: f32): f32 {
  return regression(false, p, t, g, w, rows, cols, gradScale);
}

/** Mean absolute error: loss_r = mean_c |p - t|, grad = k sign(p - t) / cols. */
export function meanAbsoluteError(p: usize, t: usize, g: usize, w: usize, rows: i32, cols: i32, gradScale: f32): f32 {
  return regression(true, p, t, g, w, rows, cols, gradScale);
}
