// Conv2D (Keras 3), channels last: x [batch, H, W, C] -> y [batch, OH, OW, filters], kernel
// [KH, KW, C, filters] (Keras's layout, which is already the GEMM's [K, filters] matrix with
// K = KH*KW*C), bias [filters]. The forward is one packed GEMM over the patch matrix P = im2col(x)
// with the bias and activation fused in its epilogue (as dense.ts). Two ways to feed it P (issue 14
// asked for both, measured side by side: `im2col` below, BENCHMARKS.md):
//   'explicit': im2col into a fixed scratch, a chunk of samples at a time, then sgemm on it;
//   'implicit': conv2dGemm packs P's GEMM panels straight from x (assembly/kernels/convGemm.ts), one
//               call for the whole batch, P never stored.
// Shapes, R = rows of P (explicit: nb*OH*OW per chunk of nb samples; implicit: batch*OH*OW):
//   y[R, F]   = act(P · kernel + bias)              NN GEMM
// Backward (dz = act'(.) * dy, as dense):
//   dKernel[K, F] += Pᵀ · dz                        TN GEMM, beta = 1 (explicit: P rebuilt from x)
//   dBias[F]      += 1ᵀ · dz                        over the whole batch, a ones GEMM
//   dx            += col2im(dz · kernelᵀ)          conv2dInputGrad (both modes): the NT GEMM of dCol
//                                                   and its col2im scatter-add, a block of ~128 KB of
//                                                   dCol at a time, one call for the batch (the thread
//                                                   pool splits it by samples: convInputGrad.ts)
// A 1x1 kernel with stride 1 needs no im2col: x is already [R, C] (the pointwise case).
// The threaded sgemm (bindings/threads/gemm.ts), conv2dGemm (bindings/threads/convGemm.ts) and
// conv2dInputGrad (bindings/threads/convInputGrad.ts) split this work with results bit-identical to
// one thread (the chunks and blocks do not depend on the thread count). The two modes agree bit for bit in the forward (same variant, same K slices, same floats
// packed); dKernel sums over the batch in other slices, so it agrees to rounding.
import { Layer, LAYER_OPTION_KEYS, type LayerOptions, type ParamSpec, type ScratchSpec } from './layer.js';
import { getActivation, type ActivationIdentifier, type ActivationSpec } from './activations.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier, type Initializer } from '../initializers/index.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { convGeometry, parseSpatial, spatialConfig, type ConvGeometry, type ConvSpatial, type IntPair } from './convGeometry.js';
import type { Padding } from './windowGeometry.js';
import { convActivation, applyActivation, activationGradient, type ConvActivation } from './convActivation.js';
import { ValidationError } from '../errors.js';
import { checkBool, checkInt, checkKeys } from '../validate.js';

/** Options of `conv2d` (Keras 3 names and defaults, channels last). */
export interface Conv2DOptions extends LayerOptions {
  /** Output channels (required, >= 1). */
  filters: number;
  /** Kernel height and width: a number or [kh, kw] (required). */
  kernelSize: IntPair;
  /** Default 1. A number or [sh, sw]. */
  strides?: IntPair;
  /** Default 'valid' (no padding); 'same' pads so that the output is ceil(input / strides), more at the bottom/right when odd. */
  padding?: Padding;
  /** Default 1. Must stay 1 when strides > 1 (as Keras). */
  dilationRate?: IntPair;
  /** Default 'linear' (none), as Keras. */
  activation?: ActivationIdentifier;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform' (fans: receptive field KH*KW times channels in / filters, as Keras). */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  /** Default none. */
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  /** Penalty on the layer's output, added to the loss. Default none. */
  activityRegularizer?: RegularizerIdentifier | null;
}

const KEYS = [...LAYER_OPTION_KEYS, 'filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer', 'activityRegularizer'];

/** Floats of im2col scratch a chunk aims at (1 MiB): enough rows for the GEMM's 120-row A blocks on
 *  small images, small enough to stay in L2 between im2col and the GEMM's packing. At least one sample. */
export const COL_CHUNK_FLOATS = 1 << 18;

/**
 * Floats of dCol per conv2dInputGrad block (128 KB): the block's GEMM output is scattered by col2im
 * while it is still in L2. Blocks of 96 to 576 rows of mnist_cnn conv 2 (K = 288) took the same time
 * on one thread, 63-65 ms a batch of 128 (2026-12-04, AMD EPYC, load 2.7), so the size is for the
 * cache and the thread split, not for the GEMM.
 */
export const DX_BLOCK_FLOATS = 1 << 15;
/** Blocks the col scratch holds at least: conv2dInputGrad splits over that many threads at most. */
export const DX_REGIONS = 8;

/** Samples per im2col chunk for a layer whose patch matrix has `rowFloats` floats per sample. */
export function chunkSamples(rowFloats: number): number {
  return Math.max(1, Math.floor(COL_CHUNK_FLOATS / rowFloats));
}

/** Where conv2d's forward and dKernel GEMMs read the patch matrix from (the header above). */
export type Im2colMode = 'explicit' | 'implicit';

/** The mode a new Conv2D takes. bench/conv.bench.ts measured the two level per layer on a loaded EPYC
 *  (BENCHMARKS.md: ratios 0.87-1.12); implicit's forward GEMM was faster in every by-GEMM run. */
export const IM2COL_DEFAULT: Im2colMode = 'implicit';

/**
 * The layer `conv2d()` makes: a 2-D convolution over (height, width, channels) input by im2col
 * (implicit by default, `im2col` below) and the GEMM kernels, bias and activation fused (Keras Conv2D).
 */
export class Conv2D extends Layer {
  readonly className: string = 'Conv2D';
  readonly filters: number;
  readonly spatial: ConvSpatial;
  readonly activation: ActivationSpec;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  /** How the patches reach the GEMM (not a Keras option: it changes speed, not results beyond
   *  rounding in dKernel). Set before the model is compiled; benches and tests compare the two. */
  im2col: Im2colMode = IM2COL_DEFAULT;
  /** Set by build. */
  geometry!: ConvGeometry;
  private chunk = 1;
  private pointwise = false;
  private fused: ConvActivation = convActivation(getActivation('conv2d', 'activation', 'linear'), false);

  /** `fn` and `spatial` let conv1d (conv1d.ts) reuse the layer as a height-1 convolution: it parses
   *  its own 1-D options into a [1, k] spatial and passes them here. */
  constructor(options: Conv2DOptions, fn = 'conv2d', spatial?: ConvSpatial) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, KEYS);
    super(fn, options);
    this.filters = checkInt(fn, 'filters', options.filters, 1);
    this.spatial = spatial ?? parseSpatial(fn, options);
    this.activation = getActivation(fn, 'activation', options.activation);
    this.useBias = checkBool(fn, 'useBias', options.useBias ?? true);
    this.kernelInitializer = getInitializer(fn, 'kernelInitializer', options.kernelInitializer ?? 'glorotUniform');
    this.biasInitializer = getInitializer(fn, 'biasInitializer', options.biasInitializer ?? 'zeros');
    this.kernelRegularizer = getRegularizer(fn, 'kernelRegularizer', options.kernelRegularizer);
    this.biasRegularizer = getRegularizer(fn, 'biasRegularizer', options.biasRegularizer);
    this.activityRegularizer = getRegularizer(fn, 'activityRegularizer', options.activityRegularizer);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    this.geometry = convGeometry(`conv2d '${this.name}'`, inputShape, this.spatial);
    return [this.geometry.OH, this.geometry.OW, this.filters];
  }

  override params(): ParamSpec[] {
    const { KH, KW, C } = this.geometry;
    const out: ParamSpec[] = [
      { name: 'kernel', shape: [KH, KW, C, this.filters], initializer: this.kernelInitializer, regularizer: this.kernelRegularizer, trainable: this.trainable },
    ];
    if (this.useBias) out.push({ name: 'bias', shape: [this.filters], initializer: this.biasInitializer, regularizer: this.biasRegularizer, trainable: this.trainable });
    return out;
  }

  /** Floats of the col scratch (the conv workspace; 0 for a pointwise kernel): an explicit im2col
   *  chunk, or DX_REGIONS blocks of dCol, whichever is larger. */
  get workspaceFloats(): number {
    const g = this.geometry;
    const K = g.KH * g.KW * g.C;
    return this.pointwise ? 0 : Math.max(this.chunk * g.OH * g.OW * K, DX_REGIONS * this.dxBlockRows * K);
  }

  /** Samples per explicit im2col chunk (set by scratch()). */
  get im2colChunk(): number {
    return this.chunk;
  }

  /** conv2dInputGrad's rows per block (its rb): DX_BLOCK_FLOATS of dCol, at least one row. */
  private get dxRows(): number {
    const g = this.geometry;
    return Math.max(1, Math.floor(DX_BLOCK_FLOATS / (g.KH * g.KW * g.C)));
  }

  /** Rows of one block as the kernel cuts them: whole samples when rb covers one, else rb. */
  private get dxBlockRows(): number {
    const ohw = this.geometry.OH * this.geometry.OW;
    const rb = this.dxRows;
    return rb >= ohw ? Math.floor(rb / ohw) * ohw : rb;
  }

  override scratch(): ScratchSpec[] {
    const g = this.geometry;
    this.pointwise = g.KH === 1 && g.KW === 1 && g.SH === 1 && g.SW === 1;
    this.chunk = chunkSamples(g.OH * g.OW * g.KH * g.KW * g.C);
    this.fused = convActivation(this.activation, this.fuseFinalActivation);
    const per = g.OH * g.OW * this.filters;
    return [
      { name: 'z', perSample: this.fused.keepZ ? per : 0, fixed: 0 },
      { name: 'dz', perSample: this.fused.act.code !== 0 ? per : 0, fixed: 0 },
      { name: 'col', perSample: 0, fixed: this.workspaceFloats },
    ];
  }

  override finalActivation(): ActivationSpec | null {
    return this.activation;
  }

  /** C[M, N] = op(P)·B + beta*C (+ bias, act) by conv2dGemm over the whole batch (P from io.x). */
  private patchGemm(transA: number, M: number, N: number, K: number, b: number, beta: number, c: number, bias: number, act: number, actParam: number): void {
    const g = this.geometry;
    this.ctx.k.conv2dGemm(-1, transA, M, N, K, this.io.x, 0, 0, g.H, g.W, g.C, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW, b, N, beta, c, N, bias, act, actParam, this.ctx.ws);
  }

  /** col = im2col of nb samples from byte offset x. */
  private fillColumns(x: number, nb: number): void {
    const g = this.geometry;
    this.ctx.k.im2col(x, this.io.s[2], nb, g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW);
  }

  forward(batch: number): void {
    const { k, ws } = this.ctx;
    const { x, y, p, s } = this.io;
    const g = this.geometry;
    const F = this.filters;
    const K = g.KH * g.KW * g.C;
    const rowsPer = g.OH * g.OW;
    const { act, keepZ } = this.fused;
    const out = keepZ ? s[0] : y;
    const bias = this.useBias ? p[1] : 0;
    const code = keepZ ? 0 : act.code;
    if (this.im2col === 'implicit' && !this.pointwise) {
      this.patchGemm(0, batch * rowsPer, F, K, p[0], 0, out, bias, code, act.param);
      if (keepZ) applyActivation(this.ctx, this.fused, s[0], y, batch * rowsPer, F);
      return;
    }
    for (let s0 = 0; s0 < batch; s0 += this.chunk) {
      const nb = Math.min(this.chunk, batch - s0);
      const xs = x + s0 * this.inSize * 4;
      if (!this.pointwise) this.fillColumns(xs, nb);
      const a = this.pointwise ? xs : s[2];
      k.sgemm(0, 0, nb * rowsPer, F, K, 1, a, K, p[0], F, 0, out + s0 * rowsPer * F * 4, F, bias, code, act.param, ws);
    }
    if (keepZ) applyActivation(this.ctx, this.fused, s[0], y, batch * rowsPer, F);
  }

  backward(batch: number): void {
    const { k, ws, ones } = this.ctx;
    const { x, y, dx, dy, p, g: grads, s } = this.io;
    const g = this.geometry;
    const F = this.filters;
    const K = g.KH * g.KW * g.C;
    const rowsPer = g.OH * g.OW;
    const rows = batch * rowsPer;
    const dz = activationGradient(this.ctx, this.fused, s[0], y, dy, s[1], rows, F);
    if (this.useBias && grads[1]) k.sgemm(0, 0, 1, F, rows, 1, ones, rows, dz, F, 1, grads[1], F, 0, 0, 0, ws);
    if (!grads[0] && !dx) return;
    const implicit = this.im2col === 'implicit' && !this.pointwise;
    if (implicit && grads[0]) this.patchGemm(1, K, F, rows, dz, 1, grads[0], 0, 0, 0);
    if (implicit && !dx) return;
    for (let s0 = 0; (this.pointwise || (grads[0] && !implicit)) && s0 < batch; s0 += this.chunk) {
      const nb = Math.min(this.chunk, batch - s0);
      const r = nb * rowsPer;
      const xs = x + s0 * this.inSize * 4;
      const dzs = dz + s0 * rowsPer * F * 4;
      if (grads[0]) {
        if (!this.pointwise) this.fillColumns(xs, nb);
        k.sgemm(1, 0, K, F, r, 1, this.pointwise ? xs : s[2], K, dzs, F, 1, grads[0], F, 0, 0, 0, ws);
      }
      // A pointwise kernel's x is already P: dx += dz·kernelᵀ is one GEMM per chunk, no col2im.
      if (dx && this.pointwise) k.sgemm(0, 1, r, K, F, 1, dzs, F, p[0], F, 1, dx + s0 * this.inSize * 4, K, 0, 0, 0, ws);
    }
    if (!dx || this.pointwise) return;
    const colFloats = this.workspaceFloats;
    const regions = Math.floor(colFloats / (this.dxBlockRows * K));
    k.conv2dInputGrad(-1, this.dxRows, regions, dz, p[0], F, s[2], dx, batch, g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW, ws);
  }

  override getConfig(): Record<string, unknown> {
    const ser = (r: Regularizer | null) => (r ? { className: r.className, l1: r.l1, l2: r.l2 } : null);
    return {
      ...super.getConfig(),
      filters: this.filters,
      ...spatialConfig(this.spatial),
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: ser(this.kernelRegularizer),
      biasRegularizer: ser(this.biasRegularizer),
      activityRegularizer: ser(this.activityRegularizer),
    };
  }
}

/** A 2-D convolution over NHWC images (Keras `Conv2D`). `conv2d({filters: 32, kernelSize: 3, activation: 'relu'})`. */
export function conv2d(options: Conv2DOptions): Conv2D {
  return new Conv2D(options);
}
