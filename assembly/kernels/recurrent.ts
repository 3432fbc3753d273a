// Recurrent cells (LSTM, GRU): the pointwise part of one timestep, forward and backward, and the
// batch-major <-> time-major copy around them. The matrix products (the input projection of all
// timesteps as one GEMM, the recurrent product h_{t-1} · R per step, and dW, dR, dx after BPTT) are
// sgemm calls made by the layer (src/layers/recurrent/), so every FLOP-heavy part is the packed GEMM.
// Legend: B batch, T timesteps, C input features, U units. All state buffers are time-major
// [T, B, ...] in processing order (goBackwards reverses time in the copy in), so one step's rows are
// contiguous and the per-step GEMMs need no strides.
// Gate layouts follow Keras 3 (keras/src/layers/rnn/lstm.py, gru.py): LSTM columns [i | f | c | o]
// of 4U, GRU columns [z | r | h] of 3U, so weights load unchanged from Keras and tfjs.
// Masks: mask (B) f32, 1 = a real step, 0 = padding; a masked row keeps its state (h and c carried
// over, Keras's RNN masking), and backward sends its gradient straight to the previous state.
// Backward kernels write their gate gradients (beta = 0) and ACCUMULATE into dhPrev.
import { cellAct, cellGrad } from '../cellAct';
import { loadK, storeK } from '../lanes';
import { splat } from '../simd';

/**
 * Rows of C floats: dst row (j', i') (+)= src row (i, j), src (I, J) rows at stride lds floats, dst
 * (J, I) rows at stride ldd; i' = I-1-i when flags & 1, j' = J-1-j when flags & 2; adds when flags & 4.
 * Batch-major [B, T, C] to time-major [T, B, C] and back, reversal for goBackwards, and a strided
 * destination for Bidirectional's concatenated halves.
 */
export function seqTranspose(src: usize, lds: i32, dst: usize, ldd: i32, I: i32, J: i32, C: i32, flags: i32): void {
  const acc = (flags & 4) != 0;
  for (let i = 0; i < I; i++) {
    const ii = flags & 1 ? I - 1 - i : i;
    for (let j = 0; j < J; j++) {
      const jj = flags & 2 ? J - 1 - j : j;
      const s = src + (<usize>(i * J + j) * <usize>lds << 2);
      const d = dst + (<usize>(jj * I + ii) * <usize>ldd << 2);
      for (let c = 0; c < C; c += 4) {
        const o = <usize>c << 2;
        const k = C - c;
        const v = loadK(s + o, k);
        storeK(d + o, acc ? f32x4.add(loadK(d + o, k), v) : v, k);
      }
    }
  }
}

// @ts-ignore: decorator
@inline function masked(mask: usize, b: i32): bool {
  return mask != 0 && load<f32>(mask + (<usize>b << 2)) == 0;
}

/** dst[0 .. n) (+)= src[0 .. n). */
// @ts-ignore: decorator
@inline function rowCopy(src: usize, dst: usize, n: i32, add: bool): void {
  for (let c = 0; c < n; c += 4) {
    const o = <usize>c << 2;
    const v = loadK(src + o, n - c);
    storeK(dst + o, add ? f32x4.add(loadK(dst + o, n - c), v) : v, n - c);
  }
}

/**
 * LSTM step forward. gates (B,4U): pre-activations x·W + b + h_{t-1}·R in, activated [i|f|c|o] out;
 * cPrev, hPrev (B,U) the entering state; c, h (B,U) the new state; tc (B,U) = act(c) for backward.
 * c = f*cPrev + i*act(zc), h = o*act(c) (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000).
 */
export function lstmStepForward(gates: usize, cPrev: usize, c: usize, hPrev: usize, h: usize, tc: usize, mask: usize, B: i32, U: i32, act: i32, recAct: i32): void {
  const u4 = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + <usize>b * 4 * u4;
    const r = <usize>b * u4;
    if (masked(mask, b)) {
      rowCopy(cPrev + r, c + r, U, false);
      rowCopy(hPrev + r, h + r, U, false);
      continue;
    }
    for (let j = 0; j < U; j += 4) {
      const k = U - j;
      const o = <usize>j << 2;
      const gi = cellAct(recAct, loadK(g + o, k));
      const gf = cellAct(recAct, loadK(g + u4 + o, k));
      const gc = cellAct(act, loadK(g + 2 * u4 + o, k));
      const go = cellAct(recAct, loadK(g + 3 * u4 + o, k));
      const cn = f32x4.add(f32x4.mul(gf, loadK(cPrev + r + o, k)), f32x4.mul(gi, gc));
      const t = cellAct(act, cn);
      storeK(g + o, gi, k);
      storeK(g + u4 + o, gf, k);
      storeK(g + 2 * u4 + o, gc, k);
      storeK(g + 3 * u4 + o, go, k);
      storeK(c + r + o, cn, k);
      storeK(tc + r + o, t, k);
      storeK(h + r + o, f32x4.mul(go, t), k);
    }
  }
}

/**
 * LSTM step backward. gates (B,4U) activated; cPrev, tc (B,U) from forward; dh (B,U) dL/dh_t (output
 * and recurrent parts summed); dc (B,U) dL/dc_t in, dL/dc_{t-1} out; dz (B,4U) written: the gradient
 * of the gate pre-activations; dhPrev (B,U) += dh for masked rows (the R part is a GEMM by the caller).
 */
export function lstmStepBackward(gates: usize, cPrev: usize, tc: usize, dh: usize, dc: usize, dz: usize, dhPrev: usize, mask: usize, B: i32, U: i32, act: i32, recAct: i32): void {
  const u4 = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + <usize>b * 4 * u4;
    const d = dz + <usize>b * 4 * u4;
    const r = <usize>b * u4;
    if (masked(mask, b)) {
      memory.fill(d, 0, 4 * u4);
      rowCopy(dh + r, dhPrev + r, U, true);
      continue;
    }
    for (let j = 0; j < U; j += 4) {
      const k = U - j;
      const o = <usize>j << 2;
      const gi = loadK(g + o, k);
      const gf = loadK(g + u4 + o, k);
      const gc = loadK(g + 2 * u4 + o, k);
      const go = loadK(g + 3 * u4 + o, k);
      const t = loadK(tc + r + o, k);
      const dhv = loadK(dh + r + o, k);
      const dcc = f32x4.add(loadK(dc + r + o, k), f32x4.mul(f32x4.mul(dhv, go), cellGrad(act, t)));
      storeK(d + o, f32x4.mul(f32x4.mul(dcc, gc), cellGrad(recAct, gi)), k);
      storeK(d + u4 + o, f32x4.mul(f32x4.mul(dcc, loadK(cPrev + r + o, k)), cellGrad(recAct, gf)), k);
      storeK(d + 2 * u4 + o, f32x4.mul(f32x4.mul(dcc, gi), cellGrad(act, gc)), k);
      storeK(d + 3 * u4 + o, f32x4.mul(f32x4.mul(dhv, t), cellGrad(recAct, go)), k);
      storeK(dc + r + o, f32x4.mul(dcc, gf), k);
    }
  }
}

/**
 * GRU update and reset gates. gates (B,3U): x·W + b_in in its [z|r] columns, overwritten by
 * z = recAct(gz + rhz), r = recAct(gr + rhr); rh (B,3U): h_{t-1}·R (+ b_rec); hPrev (B,U);
 * rhp (B,U) = r*hPrev when not 0 (resetAfter false: the input of the candidate's recurrent GEMM).
 */
export function gruGatesForward(gates: usize, rh: usize, hPrev: usize, rhp: usize, B: i32, U: i32, recAct: i32): void {
  const u4 = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + <usize>b * 3 * u4;
    const q = rh + <usize>b * 3 * u4;
    const r = <usize>b * u4;
    for (let j = 0; j < U; j += 4) {
      const k = U - j;
      const o = <usize>j << 2;
      storeK(g + o, cellAct(recAct, f32x4.add(loadK(g + o, k), loadK(q + o, k))), k);
      const rg = cellAct(recAct, f32x4.add(loadK(g + u4 + o, k), loadK(q + u4 + o, k)));
      storeK(g + u4 + o, rg, k);
      if (rhp) storeK(rhp + r + o, f32x4.mul(rg, loadK(hPrev + r + o, k)), k);
    }
  }
}

/**
 * GRU candidate and new state. hh = act(gh + r*rhh) (resetAfter, Keras 3's default and cuDNN's form)
 * or act(gh + rhh) where rhh = (r*hPrev)·R_h; gh (column block h of gates) becomes hh;
 * h = z*hPrev + (1-z)*hh (Keras's convention; Cho et al. 2014 swap z and 1-z). Masked rows: h = hPrev.
 */
export function gruCandidateForward(gates: usize, rh: usize, hPrev: usize, h: usize, mask: usize, B: i32, U: i32, act: i32, resetAfter: i32): void {
  const u4 = <usize>U << 2;
  const one = splat(1);
  for (let b = 0; b < B; b++) {
    const g = gates + <usize>b * 3 * u4;
    const q = rh + <usize>b * 3 * u4;
    const r = <usize>b * u4;
    if (masked(mask, b)) {
      rowCopy(hPrev + r, h + r, U, false);
      continue;
    }
    for (let j = 0; j < U; j += 4) {
      const k = U - j;
      const o = <usize>j << 2;
      const z = loadK(g + o, k);
      const rhh = loadK(q + 2 * u4 + o, k);
      const hh = cellAct(act, f32x4.add(loadK(g + 2 * u4 + o, k), resetAfter ? f32x4.mul(loadK(g + u4 + o, k), rhh) : rhh));
      storeK(g + 2 * u4 + o, hh, k);
      storeK(h + r + o, f32x4.add(f32x4.mul(z, loadK(hPrev + r + o, k)), f32x4.mul(f32x4.sub(one, z), hh)), k);
    }
  }
}

/**
 * GRU step backward, all but the reset gate when resetAfter is 0. gates (B,3U) activated [z|r|hh];
 * rh (B,3U) from forward; dh (B,U); dxz (B,3U) written: gradient of the input-side pre-activations;
 * drh (B,3U) written: gradient of rh (dxz and drh may be the same buffer when resetAfter is 0, where
 * they are equal); dhPrev (B,U) += dh*z (dh for masked rows). With resetAfter 0 the r columns are
 * left for gruResetBackward, which needs (drh_h · R_hᵀ) first.
 */
export function gruCandidateBackward(gates: usize, rh: usize, hPrev: usize, dh: usize, dxz: usize, drh: usize, dhPrev: usize, mask: usize, B: i32, U: i32, act: i32, recAct: i32, resetAfter: i32): void {
  const u4 = <usize>U << 2;
  const one = splat(1);
  for (let b = 0; b < B; b++) {
    const g = gates + <usize>b * 3 * u4;
    const q = rh + <usize>b * 3 * u4;
    const dx = dxz + <usize>b * 3 * u4;
    const dr = drh + <usize>b * 3 * u4;
    const r = <usize>b * u4;
    if (masked(mask, b)) {
      memory.fill(dx, 0, 3 * u4);
      memory.fill(dr, 0, 3 * u4);
      rowCopy(dh + r, dhPrev + r, U, true);
      continue;
    }
    for (let j = 0; j < U; j += 4) {
      const k = U - j;
      const o = <usize>j << 2;
      const z = loadK(g + o, k);
      const rg = loadK(g + u4 + o, k);
      const hh = loadK(g + 2 * u4 + o, k);
      const dhv = loadK(dh + r + o, k);
      const hp = loadK(hPrev + r + o, k);
      const dpre = f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, z)), cellGrad(act, hh));
      const dzz = f32x4.mul(f32x4.mul(dhv, f32x4.sub(hp, hh)), cellGrad(recAct, z));
      storeK(dx + o, dzz, k);
      storeK(dr + o, dzz, k);
      storeK(dx + 2 * u4 + o, dpre, k);
      storeK(dr + 2 * u4 + o, resetAfter ? f32x4.mul(dpre, rg) : dpre, k);
      if (resetAfter) {
        const drr = f32x4.mul(f32x4.mul(dpre, loadK(q + 2 * u4 + o, k)), cellGrad(recAct, rg));
        storeK(dx + u4 + o, drr, k);
        storeK(dr + u4 + o, drr, k);
      }
      storeK(dhPrev + r + o, f32x4.add(loadK(dhPrev + r + o, k), f32x4.mul(dhv, z)), k);
    }
  }
}

/**
 * GRU reset gate backward (resetAfter 0): drhp (B,U) = dL/d(r*hPrev) = drh_h · R_hᵀ; writes the r
 * columns of dxz and drh (B,3U) with dr = drhp*hPrev*recAct'(r), and dhPrev (B,U) += drhp*r.
 */
export function gruResetBackward(gates: usize, hPrev: usize, drhp: usize, dxz: usize, drh: usize, dhPrev: usize, B: i32, U: i32, recAct: i32): void {
  const u4 = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    const g = gates + <usize>b * 3 * u4 + u4;
    const r = <usize>b * u4;
    for (let j = 0; j < U; j += 4) {
      const k = U - j;
      const o = <usize>j << 2;
      const rg = loadK(g + o, k);
      const d = loadK(drhp + r + o, k);
      const drr = f32x4.mul(f32x4.mul(d, loadK(hPrev + r + o, k)), cellGrad(recAct, rg));
      storeK(dxz + <usize>b * 3 * u4 + u4 + o, drr, k);
      storeK(drh + <usize>b * 3 * u4 + u4 + o, drr, k);
      storeK(dhPrev + r + o, f32x4.add(loadK(dhPrev + r + o, k), f32x4.mul(d, rg)), k);
    }
  }
}
