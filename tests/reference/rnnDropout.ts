// Plain-TypeScript reference of a whole LSTM or GRU layer forward with given dropout masks, written
// from Keras 3's cells (keras/src/layers/rnn/lstm.py LSTMCell.call and gru.py GRUCell.call,
// implementation 1: each gate block g multiplies the input by its mask m_g and h_{t-1} by its mask
// r_g; implementation 2's single mask is the case m_0 = m_1 = ... ). f64 arithmetic, no padding masks.
// x [B, T, C]; kernel [C, G·U], recurrent [U, G·U], bias [G·U] (LSTM, GRU resetAfter false) or
// [2, G·U] (GRU resetAfter true: input row, recurrent row); in[g], rec[g] are [B, C] and [B, U] or
// null (no dropout). Returns [B, T, U] (returnSequences, processing order as Keras) or [B, U].
export interface RnnRefCase {
  kind: 'lstm' | 'gru';
  resetAfter?: boolean;
  B: number;
  T: number;
  C: number;
  U: number;
  x: Float32Array;
  kernel: Float32Array;
  recurrent: Float32Array;
  bias: Float32Array | null;
  inMasks: Float32Array[] | null;
  recMasks: Float32Array[] | null;
  goBackwards?: boolean;
  returnSequences?: boolean;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export function rnnReference(c: RnnRefCase): Float64Array {
  const { B, T, C, U } = c;
  const G = c.kind === 'lstm' ? 4 : 3;
  const gu = G * U;
  const out = new Float64Array(B * (c.returnSequences ? T : 1) * U);
  const bias = (row: number, j: number) => (c.bias ? c.bias[row * gu + j] : 0);
  for (let b = 0; b < B; b++) {
    const h = new Float64Array(U);
    const cs = new Float64Array(U);
    for (let s = 0; s < T; s++) {
      const t = c.goBackwards ? T - 1 - s : s;
      // xg[g*U + j] = (x ⊙ m_g)·W[:, gU + j]; hg likewise with h ⊙ r_g and R.
      const xg = new Float64Array(gu);
      const hg = new Float64Array(gu);
      for (let g = 0; g < G; g++) {
        for (let j = 0; j < U; j++) {
          const col = g * U + j;
          for (let i = 0; i < C; i++) xg[col] += c.x[(b * T + t) * C + i] * (c.inMasks ? c.inMasks[g][b * C + i] : 1) * c.kernel[i * gu + col];
          for (let i = 0; i < U; i++) hg[col] += h[i] * (c.recMasks ? c.recMasks[g][b * U + i] : 1) * c.recurrent[i * gu + col];
        }
      }
      const hNew = new Float64Array(U);
      for (let j = 0; j < U; j++) {
        if (c.kind === 'lstm') {
          const pre = (g: number) => xg[g * U + j] + bias(0, g * U + j) + hg[g * U + j];
          const [i, f, cc, o] = [sigmoid(pre(0)), sigmoid(pre(1)), Math.tanh(pre(2)), sigmoid(pre(3))];
          cs[j] = f * cs[j] + i * cc;
          hNew[j] = o * Math.tanh(cs[j]);
          continue;
        }
        const ra = c.resetAfter ?? true;
        const z = sigmoid(xg[j] + bias(0, j) + hg[j] + (ra ? bias(1, j) : 0));
        const r = sigmoid(xg[U + j] + bias(0, U + j) + hg[U + j] + (ra ? bias(1, U + j) : 0));
        let rec: number;
        if (ra) rec = r * (hg[2 * U + j] + bias(1, 2 * U + j));
        else {
          // (r ⊙ (h ⊙ r_h))·R_h: the reset gate of every unit i, not of j.
          rec = 0;
          for (let i = 0; i < U; i++) {
            const ri = sigmoid(xg[U + i] + bias(0, U + i) + hg[U + i]);
            rec += ri * h[i] * (c.recMasks ? c.recMasks[2][b * U + i] : 1) * c.recurrent[i * gu + 2 * U + j];
          }
        }
        const hh = Math.tanh(xg[2 * U + j] + bias(0, 2 * U + j) + rec);
        hNew[j] = z * h[j] + (1 - z) * hh;
      }
      h.set(hNew);
      if (c.returnSequences) out.set(h, (b * T + s) * U);
    }
    if (!c.returnSequences) out.set(h, b * U);
  }
  return out;
}
