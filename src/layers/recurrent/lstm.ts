// LSTM (Keras 3 `LSTM`): gates [i | f | c | o] in the kernel's 4·units columns, so weights load
// unchanged from Keras and tfjs. Forward: z = x·W + b for all steps (one GEMM, rnn.ts), then per
// step z_s += h_{s-1}·R (a GEMM, skipped at s = 0 where h = 0) and the cell (lstmStepForward).
// Backward through time, s = T-1 .. 0: the cell's gate gradients dz_s (lstmStepBackward), then
// dh_{s-1} += dz_s·Rᵀ; after the loop dR += hs[0..T)ᵀ·dz, dW += xtᵀ·dz, db += 1ᵀ·dz and
// dx = dz·Wᵀ, each one GEMM over all steps. Under recurrentDropout every product with h splits into
// one GEMM per gate block, each on h ⊙ its mask (rnnDropout.ts); dropout masks the projection's input.
// Cell buffers (floats per sample): cs (T+1, U) cell states, cs[0] = 0; tc (T, U) act(c); dc (U).
import { Rnn, RNN_KEYS, type RnnOptions } from './rnn.js';
import type { ParamSpec, ScratchSpec } from '../layer.js';
import type { Initializer } from '../../initializers/index.js';
import { checkBool } from '../../validate.js';

/** Options of `lstm` (Keras 3 names and defaults). */
export interface LstmOptions extends RnnOptions {
  /** Default true: the forget-gate bias starts at 1 (Jozefowicz et al. 2015), the rest from biasInitializer. */
  unitForgetBias?: boolean;
}

/** biasInitializer for the i, c, o blocks and ones for f (Keras's unit_forget_bias). */
function forgetBias(base: Initializer, units: number): Initializer {
  return Object.freeze({
    className: base.className,
    config: base.config,
    fill(out: Float32Array, _shape: readonly number[], rng: Parameters<Initializer['fill']>[2]) {
      base.fill(out, [4 * units], rng);
      out.fill(1, units, 2 * units);
    },
  });
}

/**
 * The layer `lstm()` makes: an LSTM (Hochreiter & Schmidhuber 1997) with fused gate GEMMs per step and
 * backpropagation through time in wasm (Keras LSTM).
 */
export class Lstm extends Rnn {
  readonly className = 'LSTM';
  readonly unitForgetBias: boolean;
  private cs = 0;
  private tc = 0;
  private dc = 0;

  constructor(options: LstmOptions) {
    super('lstm', options, [...RNN_KEYS, 'unitForgetBias'], 4);
    this.unitForgetBias = checkBool('lstm', 'unitForgetBias', options.unitForgetBias ?? true);
  }

  override params(): ParamSpec[] {
    const out = this.kernels();
    const init = this.unitForgetBias ? forgetBias(this.biasInitializer, this.units) : this.biasInitializer;
    if (this.useBias) out.push({ name: 'bias', shape: [4 * this.units], initializer: init, regularizer: this.biasRegularizer, trainable: this.trainable });
    return out;
  }

  protected cellScratch(): ScratchSpec[] {
    const { T, units: U } = this;
    return [
      { name: 'cs', perSample: (T + 1) * U, fixed: 0 },
      { name: 'tc', perSample: T * U, fixed: 0 },
      { name: 'dc', perSample: U, fixed: 0 },
    ];
  }

  override bind(ctx: Parameters<Rnn['bind']>[0], io: Parameters<Rnn['bind']>[1]): void {
    super.bind(ctx, io);
    [this.cs, this.tc, this.dc] = io.s.slice(7);
  }

  protected stateBuffers(): number[] {
    return [this.hs, this.cs];
  }

  forward(batch: number, training: boolean): void {
    const { k, ws } = this.ctx;
    const { T, units: U } = this;
    const R = this.io.p[1];
    this.project(batch, this.useBias ? this.io.p[2] : 0, training);
    const recDrop = this.dp.recurrentActive;
    k.fillF32(this.cs, batch * U, 0);
    const act = this.activation.code;
    const rec = this.recurrentActivation.code;
    for (let s = 0; s < T; s++) {
      const z = this.at(this.z, s, batch, 4 * U);
      const h = this.at(this.hs, s, batch, U);
      if (s > 0 && recDrop) this.dp.recurrentProduct(U, h, R, z, 1, 0, 0, 4);
      else if (s > 0) k.sgemm(0, 0, batch, 4 * U, U, 1, h, U, R, 4 * U, 1, z, 4 * U, 0, 0, 0, ws);
      k.lstmStepForward(z, this.at(this.cs, s, batch, U), this.at(this.cs, s + 1, batch, U), h, this.at(this.hs, s + 1, batch, U), this.at(this.tc, s, batch, U), this.maskAt(s, batch), batch, U, act, rec);
    }
    this.emit(batch);
  }

  backward(batch: number): void {
    const { k, ws } = this.ctx;
    const { T, units: U } = this;
    const { p, g } = this.io;
    this.collect(batch);
    k.fillF32(this.dc, batch * U, 0);
    const act = this.activation.code;
    const rec = this.recurrentActivation.code;
    const recDrop = this.dp.recurrentActive;
    for (let s = T - 1; s >= 0; s--) {
      const dz = this.at(this.dz, s, batch, 4 * U);
      const dhPrev = this.at(this.dhs, s, batch, U);
      k.lstmStepBackward(this.at(this.z, s, batch, 4 * U), this.at(this.cs, s, batch, U), this.at(this.tc, s, batch, U), this.at(this.dhs, s + 1, batch, U), this.dc, dz, dhPrev, this.maskAt(s, batch), batch, U, act, rec);
      if (s > 0 && recDrop) this.dp.recurrentBackprop(U, dz, p[1], dhPrev, 0, 4);
      else if (s > 0) k.sgemm(0, 1, batch, U, 4 * U, 1, dz, 4 * U, p[1], 4 * U, 1, dhPrev, U, 0, 0, 0, ws);
    }
    const rows = T * batch;
    if (g[1] && recDrop) this.dp.recurrentKernelGrad(T, U, this.hs, this.dz, g[1], 0, 4);
    else if (g[1]) k.sgemm(1, 0, U, 4 * U, rows, 1, this.hs, U, this.dz, 4 * U, 1, g[1], 4 * U, 0, 0, 0, ws);
    if (this.useBias && g[2]) this.biasGradient(this.dz, rows, 4 * U, 4 * U, g[2]);
    this.inputGradients(batch, this.dz);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }
}

/** Long short-term memory (Keras `LSTM`). `lstm({units: 64})` on [batch, timesteps, features]. */
export function lstm(options: LstmOptions): Lstm {
  return new Lstm(options);
}
