// GRU (Keras 3 `GRU`): gates [z | r | h] in 3·units columns, h = z*h_prev + (1-z)*hh.
// resetAfter true (Keras 3's default, cuDNN's form): hh = act(x·W_h + b_in,h + r*(h_prev·R_h + b_rec,h)),
//   bias [2, 3U] (input row, recurrent row); per step rh_s = h_{s-1}·R + b_rec is one GEMM.
// resetAfter false (tfjs-layers' only form, Keras 2's default): hh = act(x·W_h + (r*h_prev)·R_h + b_h),
//   bias [3U]; per step two GEMMs: h_{s-1}·R_[z|r], then (r*h_prev)·R_h.
// Backward through time as in lstm.ts; after the loop dW, dR, db and dx are GEMMs over all steps.
// recurrentDropout (rnnDropout.ts): each gate block's product uses h ⊙ its own mask (Keras's
// implementation 1); with resetAfter false the candidate's is r ⊙ (h ⊙ m_h).
// Cell buffers (floats per sample): rh (T, 3U) the recurrent products; drh (T, 3U) their gradient
// (resetAfter; otherwise equal to dz and not kept); rhp (T, U) r*h_prev and drhp (U) (resetAfter false).
import { Rnn, RNN_KEYS, type RnnOptions } from './rnn.js';
import type { ParamSpec, ScratchSpec } from '../layer.js';
import { checkBool } from '../../validate.js';

/** Options of `gru` (Keras 3 names and defaults). */
export interface GruOptions extends RnnOptions {
  /** Default true (Keras 3): the reset gate multiplies the recurrent product, with a separate recurrent bias. */
  resetAfter?: boolean;
}

/**
 * The layer `gru()` makes: a GRU (Cho et al. 2014) with fused gate GEMMs per step and backpropagation
 * through time in wasm (Keras GRU).
 */
export class Gru extends Rnn {
  readonly className = 'GRU';
  readonly resetAfter: boolean;
  private rh = 0;
  private drh = 0;
  private rhp = 0;
  private drhp = 0;

  constructor(options: GruOptions) {
    super('gru', options, [...RNN_KEYS, 'resetAfter'], 3);
    this.resetAfter = checkBool('gru', 'resetAfter', options.resetAfter ?? true);
  }

  override params(): ParamSpec[] {
    const out = this.kernels();
    const shape = this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
    if (this.useBias) out.push({ name: 'bias', shape, initializer: this.biasInitializer, regularizer: this.biasRegularizer, trainable: this.trainable });
    return out;
  }

  protected cellScratch(): ScratchSpec[] {
    const { T, units: U } = this;
    return [
      { name: 'rh', perSample: T * 3 * U, fixed: 0 },
      { name: 'drh', perSample: this.resetAfter ? T * 3 * U : 0, fixed: 0 },
      { name: 'rhp', perSample: this.resetAfter ? 0 : T * U, fixed: 0 },
      { name: 'drhp', perSample: this.resetAfter ? 0 : U, fixed: 0 },
    ];
  }

  override bind(ctx: Parameters<Rnn['bind']>[0], io: Parameters<Rnn['bind']>[1]): void {
    super.bind(ctx, io);
    [this.rh, this.drh, this.rhp, this.drhp] = io.s.slice(7);
  }

  private get recurrentBias(): number {
    return this.useBias && this.resetAfter ? this.io.p[2] + 3 * this.units * 4 : 0;
  }

  protected stateBuffers(): number[] {
    return [this.hs];
  }

  forward(batch: number, training: boolean): void {
    const { k, ws } = this.ctx;
    const { T, units: U } = this;
    const R = this.io.p[1];
    const u3 = 3 * U;
    this.project(batch, this.useBias ? this.io.p[2] : 0, training);
    const recDrop = this.dp.recurrentActive;
    const act = this.activation.code;
    const rec = this.recurrentActivation.code;
    for (let s = 0; s < T; s++) {
      const z = this.at(this.z, s, batch, u3);
      const rh = this.at(this.rh, s, batch, u3);
      const h = this.at(this.hs, s, batch, U);
      if (this.resetAfter) {
        if (recDrop) this.dp.recurrentProduct(U, h, R, rh, 0, this.recurrentBias, 0, 3);
        else k.sgemm(0, 0, batch, u3, U, 1, h, U, R, u3, 0, rh, u3, this.recurrentBias, 0, 0, ws);
        k.gruGatesForward(z, rh, h, 0, batch, U, rec);
      } else {
        const rhp = this.at(this.rhp, s, batch, U);
        if (recDrop) this.dp.recurrentProduct(U, h, R, rh, 0, 0, 0, 2);
        else k.sgemm(0, 0, batch, 2 * U, U, 1, h, U, R, u3, 0, rh, u3, 0, 0, 0, ws);
        // rhp = r ⊙ h_{t-1}, where the candidate's h_{t-1} carries its own recurrent mask.
        k.gruGatesForward(z, rh, recDrop ? this.dp.maskedState(U, h, 2) : h, rhp, batch, U, rec);
        k.sgemm(0, 0, batch, U, U, 1, rhp, U, R + 8 * U, u3, 0, rh + 8 * U, u3, 0, 0, 0, ws);
      }
      k.gruCandidateForward(z, rh, h, this.at(this.hs, s + 1, batch, U), this.maskAt(s, batch), batch, U, act, this.resetAfter ? 1 : 0);
    }
    this.emit(batch);
  }

  backward(batch: number): void {
    const { k, ws } = this.ctx;
    const { T, units: U } = this;
    const { p, g } = this.io;
    const R = p[1];
    const u3 = 3 * U;
    const ra = this.resetAfter;
    // resetAfter false: the gradients of the input-side and recurrent pre-activations are equal.
    const drhAll = ra ? this.drh : this.dz;
    this.collect(batch);
    const act = this.activation.code;
    const rec = this.recurrentActivation.code;
    const recDrop = this.dp.recurrentActive;
    for (let s = T - 1; s >= 0; s--) {
      const gates = this.at(this.z, s, batch, u3);
      const dz = this.at(this.dz, s, batch, u3);
      const drh = this.at(drhAll, s, batch, u3);
      const h = this.at(this.hs, s, batch, U);
      const dhPrev = this.at(this.dhs, s, batch, U);
      k.gruCandidateBackward(gates, this.at(this.rh, s, batch, u3), h, this.at(this.dhs, s + 1, batch, U), dz, drh, dhPrev, this.maskAt(s, batch), batch, U, act, rec, ra ? 1 : 0);
      if (ra) {
        if (s > 0 && recDrop) this.dp.recurrentBackprop(U, drh, R, dhPrev, 0, 3);
        else if (s > 0) k.sgemm(0, 1, batch, U, u3, 1, drh, u3, R, u3, 1, dhPrev, U, 0, 0, 0, ws);
        continue;
      }
      k.sgemm(0, 1, batch, U, U, 1, drh + 8 * U, u3, R + 8 * U, u3, 0, this.drhp, U, 0, 0, 0, ws);
      if (recDrop) {
        // Through rhp = r ⊙ (h ⊙ m_h): the h part lands in a temporary, then goes back through m_h.
        const t = this.dp.zeroedTemp(U);
        k.gruResetBackward(gates, this.dp.maskedState(U, h, 2), this.drhp, dz, drh, t, batch, U, rec);
        this.dp.unmask(U, t, 2, dhPrev);
        if (s > 0) this.dp.recurrentBackprop(U, drh, R, dhPrev, 0, 2);
        continue;
      }
      k.gruResetBackward(gates, h, this.drhp, dz, drh, dhPrev, batch, U, rec);
      if (s > 0) k.sgemm(0, 1, batch, U, 2 * U, 1, drh, u3, R, u3, 1, dhPrev, U, 0, 0, 0, ws);
    }
    const rows = T * batch;
    if (g[1] && recDrop) {
      this.dp.recurrentKernelGrad(T, U, this.hs, drhAll, g[1], 0, ra ? 3 : 2);
      if (!ra) k.sgemm(1, 0, U, U, rows, 1, this.rhp, U, drhAll + 8 * U, u3, 1, g[1] + 8 * U, u3, 0, 0, 0, ws);
    } else if (g[1]) {
      if (ra) k.sgemm(1, 0, U, u3, rows, 1, this.hs, U, drhAll, u3, 1, g[1], u3, 0, 0, 0, ws);
      else {
        k.sgemm(1, 0, U, 2 * U, rows, 1, this.hs, U, drhAll, u3, 1, g[1], u3, 0, 0, 0, ws);
        k.sgemm(1, 0, U, U, rows, 1, this.rhp, U, drhAll + 8 * U, u3, 1, g[1] + 8 * U, u3, 0, 0, 0, ws);
      }
    }
    if (this.useBias && g[2]) {
      this.biasGradient(this.dz, rows, u3, u3, g[2]);
      if (ra) this.biasGradient(this.drh, rows, u3, u3, g[2] + u3 * 4);
    }
    this.inputGradients(batch, this.dz);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), resetAfter: this.resetAfter };
  }
}

/** Gated recurrent unit (Keras `GRU`). `gru({units: 64})`; `resetAfter: false` for tfjs-layers' form. */
export function gru(options: GruOptions): Gru {
  return new Gru(options);
}
