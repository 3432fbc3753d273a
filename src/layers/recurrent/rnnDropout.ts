// Dropout inside LSTM and GRU cells (Keras 3 `dropout` and `recurrent_dropout`), in training only.
// Keras draws the masks once per call of the layer (one batch) and reuses them at every timestep
// (keras/src/layers/rnn/dropout_rnn_cell.py: "the same mask is used for every step"; rnn.py resets
// them after the call): one mask per sample, not per step (Gal & Ghahramani 2016, variational dropout).
// How many masks follows Keras's cells (lstm.py, gru.py):
// - recurrentDropout 0, dropout > 0 (implementation 2): one input mask [B, C], shared by all gates.
// - recurrentDropout > 0 (Keras switches to implementation 1, `dropout_mask_count` = G): G input
//   masks [B, C] (if dropout > 0) and G recurrent masks [B, U], one per gate block.
// Masks are inverted dropout, keep with probability 1 - rate and scale survivors by 1 / (1 - rate),
// drawn in wasm by dropoutForward on a buffer of ones from this layer's own stream (as noise.ts).
// They are applied with the noise-shape kernels (dropoutBroadcastForward/Backward: the [B, ·] mask
// repeats along the T axis of a time-major [T, B, ·] buffer), and the GEMMs split by gate block
// when the blocks see different inputs. So the random masks, their application and every product
// forward and backward run in wasm; the layers (lstm.ts, gru.ts) call the helpers below.
// Scratch (floats per sample): inMask nIn·C; recMask nRec·U; ones max of both; rng fixed;
// xd (T, C) the masked input (nIn = 1: kept for dW; nIn = G: one gate at a time);
// hd (T+1, U) the masked hidden state of one gate (per step: two [B, U] temporaries; after BPTT: all steps).
import type { LayerContext, ScratchSpec } from '../layer.js';
import { RNG_STATE_WORDS } from '../noise.js';

export class RnnDropout {
  /** Input masks: 0, 1 (shared by all gates) or G (one per gate block). */
  readonly nIn: number;
  /** Recurrent masks: 0 or G. */
  readonly nRec: number;
  /** True after a forward that drew masks (training); backward then uses them. */
  active = false;
  private ctx!: LayerContext;
  private p = { inMask: 0, recMask: 0, ones: 0, rng: 0, xd: 0, hd: 0 };
  private batch = 0;

  constructor(readonly rate: number, readonly recurrentRate: number, private readonly G: number, readonly fixedSeed: number | null) {
    this.nRec = recurrentRate > 0 ? G : 0;
    this.nIn = rate > 0 ? (this.nRec ? G : 1) : 0;
  }

  get stochastic(): boolean {
    return this.nIn + this.nRec > 0;
  }

  static readonly SCRATCH = 6;

  scratch(T: number, C: number, U: number): ScratchSpec[] {
    const { nIn, nRec } = this;
    return [
      { name: 'dropoutMask', perSample: nIn * C, fixed: 0 },
      { name: 'recurrentDropoutMask', perSample: nRec * U, fixed: 0 },
      { name: 'dropoutOnes', perSample: Math.max(nIn * C, nRec * U), fixed: 0 },
      { name: 'dropoutRng', perSample: 0, fixed: this.stochastic ? RNG_STATE_WORDS : 0 },
      { name: 'xd', perSample: nIn ? T * C : 0, fixed: 0 },
      { name: 'hd', perSample: nRec ? (T + 1) * U : 0, fixed: 0 },
    ];
  }

  bind(ctx: LayerContext, s: readonly number[]): void {
    this.ctx = ctx;
    const [inMask, recMask, ones, rng, xd, hd] = s;
    this.p = { inMask, recMask, ones, rng, xd, hd };
  }

  seed(seed: number): void {
    if (this.stochastic) this.ctx.k.rngSeed(this.p.rng, this.fixedSeed ?? seed);
  }

  /** Start of a forward: in training, this batch's masks (inputs first, then the recurrent ones). */
  begin(batch: number, training: boolean, C: number, U: number): void {
    this.active = training && this.stochastic;
    this.batch = batch;
    if (!this.active) return;
    const { k } = this.ctx;
    const { ones, rng } = this.p;
    for (const [mask, n, rate] of [[this.p.inMask, this.nIn * batch * C, this.rate], [this.p.recMask, this.nRec * batch * U, this.recurrentRate]]) {
      if (!n) continue;
      k.fillF32(ones, n, 1);
      k.dropoutForward(ones, mask, mask, n, rate, rng);
    }
  }

  /** Input mask of gate block g ([B, C]); block 0 when one mask serves all gates. */
  private inMaskOf(g: number, C: number): number {
    return this.p.inMask + (this.nIn === 1 ? 0 : g) * this.batch * C * 4;
  }

  private recMaskOf(g: number, U: number): number {
    return this.p.recMask + g * this.batch * U * 4;
  }

  /** True when the input projection needs a mask (training with dropout > 0). */
  get inputActive(): boolean {
    return this.active && this.nIn > 0;
  }

  /** True when the recurrent products need masks (training with recurrentDropout > 0). */
  get recurrentActive(): boolean {
    return this.active && this.nRec > 0;
  }

  /** z (rows, G·U) = (xt ⊙ m_g)·W_g + bias_g for every gate block g; rows = T·B. */
  project(T: number, C: number, U: number, xt: number, W: number, z: number, bias: number): void {
    const { k, ws } = this.ctx;
    const { xd } = this.p;
    const gu = this.G * U;
    const rows = T * this.batch;
    const blocks = this.nIn === 1 ? 1 : this.G;
    const n = this.nIn === 1 ? gu : U;
    for (let g = 0; g < blocks; g++) {
      const o = g * U * 4;
      k.dropoutBroadcastForward(xt, this.inMaskOf(g, C), xd, 1, T, this.batch * C);
      k.sgemm(0, 0, rows, n, C, 1, xd, C, W + o, gu, 0, z + o, gu, bias ? bias + o : 0, 0, 0, ws);
    }
  }

  /** dW += Σ_g (xt ⊙ m_g)ᵀ·dz_g and, when dxt, dxt = Σ_g (dz_g·W_gᵀ) ⊙ m_g (rows = T·B). */
  inputGradients(T: number, C: number, U: number, xt: number, W: number, dz: number, gW: number, dxt: number): void {
    const { k, ws } = this.ctx;
    const { xd } = this.p;
    const gu = this.G * U;
    const rows = T * this.batch;
    const bc = this.batch * C;
    if (this.nIn === 1) {
      // xd still holds xt ⊙ m from forward.
      if (gW) k.sgemm(1, 0, C, gu, rows, 1, xd, C, dz, gu, 1, gW, gu, 0, 0, 0, ws);
      if (dxt) {
        k.sgemm(0, 1, rows, C, gu, 1, dz, gu, W, gu, 0, dxt, C, 0, 0, 0, ws);
        k.dropoutBroadcastForward(dxt, this.p.inMask, dxt, 1, T, bc);
      }
      return;
    }
    if (dxt) k.fillF32(dxt, rows * C, 0);
    for (let g = 0; g < this.G; g++) {
      const o = g * U * 4;
      const m = this.inMaskOf(g, C);
      if (gW) {
        k.dropoutBroadcastForward(xt, m, xd, 1, T, bc);
        k.sgemm(1, 0, C, U, rows, 1, xd, C, dz + o, gu, 1, gW + o, gu, 0, 0, 0, ws);
      }
      if (dxt) {
        k.sgemm(0, 1, rows, C, U, 1, dz + o, gu, W + o, gu, 0, xd, C, 0, 0, 0, ws);
        k.dropoutBroadcastBackward(xd, m, dxt, 1, T, bc);
      }
    }
  }

  /** Per step: out_g (beta 0 or 1)= (h ⊙ r_g)·R_g (+ bias_g) for gate blocks g in [g0, g1); out has row stride G·U. */
  recurrentProduct(U: number, h: number, R: number, out: number, beta: number, bias: number, g0: number, g1: number): void {
    const { k, ws } = this.ctx;
    const { hd } = this.p;
    const gu = this.G * U;
    const B = this.batch;
    for (let g = g0; g < g1; g++) {
      const o = g * U * 4;
      k.dropoutBroadcastForward(h, this.recMaskOf(g, U), hd, 1, 1, B * U);
      k.sgemm(0, 0, B, U, U, 1, hd, U, R + o, gu, beta, out + o, gu, bias ? bias + o : 0, 0, 0, ws);
    }
  }

  /** h ⊙ r_g into a per-step temporary (GRU resetAfter false: the candidate's h_{t-1}); returns its pointer. */
  maskedState(U: number, h: number, g: number): number {
    this.ctx.k.dropoutBroadcastForward(h, this.recMaskOf(g, U), this.p.hd, 1, 1, this.batch * U);
    return this.p.hd;
  }

  /** A second per-step [B, U] temporary, zeroed. */
  zeroedTemp(U: number): number {
    const t = this.p.hd + this.batch * U * 4;
    this.ctx.k.fillF32(t, this.batch * U, 0);
    return t;
  }

  /** dhPrev += d ⊙ r_g ([B, U]): a gradient with respect to h ⊙ r_g back to h. */
  unmask(U: number, d: number, g: number, dhPrev: number): void {
    this.ctx.k.dropoutBroadcastBackward(d, this.recMaskOf(g, U), dhPrev, 1, 1, this.batch * U);
  }

  /** Per step: dhPrev += Σ_g (d_g·R_gᵀ) ⊙ r_g over [g0, g1); d has row stride G·U. */
  recurrentBackprop(U: number, d: number, R: number, dhPrev: number, g0: number, g1: number): void {
    const { k, ws } = this.ctx;
    const t = this.p.hd;
    const gu = this.G * U;
    for (let g = g0; g < g1; g++) {
      const o = g * U * 4;
      k.sgemm(0, 1, this.batch, U, U, 1, d + o, gu, R + o, gu, 0, t, U, 0, 0, 0, ws);
      this.unmask(U, t, g, dhPrev);
    }
  }

  /** After BPTT: dR_g += (hs[0..T) ⊙ r_g)ᵀ·d_g over [g0, g1); d (T·B, G·U). */
  recurrentKernelGrad(T: number, U: number, hs: number, d: number, gR: number, g0: number, g1: number): void {
    const { k, ws } = this.ctx;
    const { hd } = this.p;
    const gu = this.G * U;
    const B = this.batch;
    for (let g = g0; g < g1; g++) {
      const o = g * U * 4;
      k.dropoutBroadcastForward(hs, this.recMaskOf(g, U), hd, 1, T, B * U);
      k.sgemm(1, 0, U, U, T * B, 1, hd, U, d + o, gu, 1, gR + o, gu, 0, 0, 0, ws);
    }
  }
}
