// Cross-entropies on probabilities (Keras from_logits=False), fused with their gradient w.r.t. the
// probabilities. Same conventions as assembly/kernels/loss.ts: p, t, g (rows, cols) f32, labels
// (rows) i32, w (rows) f32 or 0; returns sum_r w_r loss_r and overwrites g = gradScale * w_r *
// d loss_r / d p; g may alias p.
// Keras 3 (backend/numpy/nn.py and jax/nn.py, categorical_crossentropy and friends): categorical
// losses first normalise each row, o = p / sum(p), then clip o to [eps, 1 - eps], eps = 1e-7, and
// take -sum t ln o; binary cross-entropy clips p and averages -(t ln p + (1 - t) ln(1 - p)) over
// cols. The gradient is the exact chain rule through normalisation and clip: with
// G_c = d loss / d o_c (0 where the clip is active), d loss / d p_j = (G_j - sum_c G_c o_c) / S.
import { splat, madd, clamp, hsum } from '../simd';
import { log4 } from '../math';
import { log1, rowAffine, ld, st, keep, weight } from '../rows';

const EPS: f32 = 1e-7;
const ONE_MINUS_EPS: f32 = 1 - EPS;

/** sum of x over (cols). */
// @ts-ignore: decorator
@inline function rowSum(x: usize, cols: i32): f32 {
  let s = splat(0);
  for (let j = 0; j < cols; ) {
    const full = cols - j >= 4;
    s = f32x4.add(s, keep(ld(x + (<usize>j << 2), full), full));
    j += full ? 4 : 1;
  }
  return hsum(s);
}

/** 1 where lo <= v <= hi, else 0 (also 0 for NaN). */
// @ts-ignore: decorator
@inline function inside(v: v128): v128 {
  return v128.and(v128.and(f32x4.ge(v, splat(EPS)), f32x4.le(v, splat(ONE_MINUS_EPS))), splat(1));
}

// @ts-ignore: decorator
@inline function clip(v: v128): v128 {
  return clamp(v, EPS, ONE_MINUS_EPS);
}

/** Categorical cross-entropy on probabilities with dense targets t (rows, cols). */
export function categoricalCrossEntropyProbs(p: usize, t: usize, g: usize, w: usize, rows: i32, cols: i32, gradScale: f32): f32 {
  const stride = <usize>cols << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++, p += stride, t += stride, g += stride) {
    const inv = splat(<f32>1 / rowSum(p, cols));
    let loss = splat(0);
    let dot = splat(0); // sum G_c o_c, G_c = -t_c / o_c inside the clip
    for (let j = 0; j < cols; ) {
      const full = cols - j >= 4;
      const o = <usize>j << 2;
      const ov = f32x4.mul(ld(p + o, full), inv);
      const tv = keep(ld(t + o, full), full);
      const oc = clip(ov);
      loss = madd(tv, log4(oc), loss);
      dot = madd(f32x4.mul(f32x4.div(tv, oc), inside(ov)), ov, dot);
      j += full ? 4 : 1;
    }
    const wr = weight(w, r);
    total -= <f64>wr * <f64>hsum(loss);
    // d/dp_j = (G_j + sum_c (t_c / o_c) o_c [inside]) / S, times k.
    const kInv = f32x4.mul(inv, splat(gradScale * wr));
    const d = splat(hsum(dot));
    for (let j = 0; j < cols; ) {
      const full = cols - j >= 4;
      const o = <usize>j << 2;
      const ov = f32x4.mul(ld(p + o, full), inv);
      const G = f32x4.neg(f32x4.mul(f32x4.div(ld(t + o, full), clip(ov)), inside(ov)));
      st(g + o, f32x4.mul(f32x4.add(G, d), kInv), full);
      j += full ? 4 : 1;
    }
  }
  return <f32>total;
}

/** Categorical cross-entropy on probabilities with integer labels (rows) in [0, cols). */
export function sparseCategoricalCrossEntropyProbs(p: usize, labels: usize, g: usize, w: usize, rows: i32, cols: i32, gradScale: f32): f32 {
  const stride = <usize>cols << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++, p += stride, g += stride) {
    const l = <usize>load<i32>(labels + (<usize>r << 2)) << 2;
    const inv: f32 = <f32>1 / rowSum(p, cols);
    const ol = load<f32>(p + l) * inv;
    const ocl = min<f32>(max<f32>(ol, EPS), ONE_MINUS_EPS);
    const Gl: f32 = ol >= EPS && ol <= ONE_MINUS_EPS ? -1 / ocl : 0;
    const wr = weight(w, r);
    total -= <f64>wr * <f64>log1(ocl);
    const k = gradScale * wr * inv;
    rowAffine(p, g, cols, 0, -Gl * ol * k); // j != l: (0 - G_l o_l) / S
    store<f32>(g + l, (Gl - Gl * ol) * k);
  }
  return <f32>total;
}

/** Binary cross-entropy on probabilities, averaged over cols: -(t ln p + (1 - t) ln(1 - p)), p clipped. */
export function binaryCrossEntropyProbs(p: usize, t: usize, g: usize, w: usize, rows: i32, cols: i32, gradScale: f32): f32 {
  const stride = <usize>cols << 2;
  let total: f64 = 0;
  const one = splat(1);
  for (let r = 0; r < rows; r++, p += stride, t += stride, g += stride) {
    const wr = weight(w, r);
    const k = splat((gradScale * wr) / <f32>cols);
    let acc = splat(0);
    for (let j = 0; j < cols; ) {
      const full = cols - j >= 4;
      const o = <usize>j << 2;
      const pv = ld(p + o, full);
      const tv = ld(t + o, full);
      const pc = clip(pv);
      const qc = f32x4.sub(one, pc);
      const ut = f32x4.sub(one, tv);
      acc = f32x4.add(acc, keep(madd(tv, log4(pc), f32x4.mul(ut, log4(qc))), full));
      const G = f32x4.sub(f32x4.div(ut, qc), f32x4.div(tv, pc));
      st(g + o, f32x4.mul(f32x4.mul(G, inside(pv)), k), full);
      j += full ? 4 : 1;
    }
    total -= <f64>wr * <f64>(hsum(acc) / <f32>cols);
  }
  return <f32>total;
}
