// The activation memory plan: every buffer a forward/backward pass touches, sized for a maximum
// batch, laid out in one arena block when the model first trains or predicts (and again only if a
// larger batch arrives). Activation gradients sit together in one region, so zeroing them each step
// is one fill. Layers get their pointers through `bind`; the plan owns no logic beyond layout.
import type { WasmModule } from '../../bindings/loader.js';
import type { Layer } from '../layers/layer.js';

const ALIGN = 16; // floats: 64-byte aligned buffers

export interface Plan {
  maxBatch: number;
  block: number;
  /** [maxBatch, ...inputShape] */
  input: number;
  /** [maxBatch, ...outputShape] f32 targets, or [maxBatch * rows per sample] i32 labels. */
  targets: number;
  /** [maxBatch * rows per sample] per-row loss weights (classWeight). */
  weights: number;
  /** acts[i]: output of layer i; grads[i]: its gradient (0 when no backward reaches it). */
  acts: number[];
  grads: number[];
  /** Activation-gradient region (zeroed once per step): byte offset and floats. */
  gradRegion: number;
  gradRegionFloats: number;
  /** Model outputs after the fused final activation (predict, metrics on probabilities). */
  probs: number;
  /** Scratch for metric kernels that write a gradient we do not need. */
  metricScratch: number;
  ones: number;
  /** Write-only dx for kernels that cannot skip it ([maxBatch * largest layer input]). */
  sink: number;
  /** GEMM packing workspace. */
  ws: number;
  scratch: number[][];
}

export function buildPlan(m: WasmModule, layers: readonly Layer[], maxBatch: number, inSize: number, needGrad: readonly boolean[], gemmWsBytes: number): Plan {
  let top = 0;
  const take = (floats: number) => {
    const at = top;
    top += Math.ceil(Math.max(floats, 1) / ALIGN) * ALIGN;
    return at;
  };
  const last = layers[layers.length - 1];
  const outSize = last.outSize;
  const rowsPerSample = outSize / last.outShape[last.outShape.length - 1];
  const maxRowsPerSample = Math.max(rowsPerSample, ...layers.map((l) => l.inSize / l.inShape[l.inShape.length - 1]));
  const offs = {
    input: take(maxBatch * inSize),
    targets: take(maxBatch * outSize),
    weights: take(maxBatch * rowsPerSample),
    probs: take(maxBatch * outSize),
    metricScratch: take(maxBatch * outSize),
    ones: take(maxBatch * maxRowsPerSample),
    sink: take(maxBatch * Math.max(...layers.map((l) => l.inSize))),
  };
  const acts: number[] = [];
  layers.forEach((l, i) => acts.push(l.aliasesInput ? (i === 0 ? -1 : acts[i - 1]) : take(maxBatch * l.outSize)));
  const scratch = layers.map((l) => l.scratch().map((s) => take(maxBatch * s.perSample + s.fixed)));
  const gradStart = top;
  const grads: number[] = [];
  layers.forEach((l, i) => {
    if (!needGrad[i]) grads.push(-2);
    else grads.push(l.aliasesInput ? (i === 0 ? -2 : grads[i - 1]) : take(maxBatch * l.outSize));
  });
  const gradFloats = top - gradStart;
  const wsAt = take(Math.ceil(gemmWsBytes / 4));
  const block = m.arena.alloc(top * 4);
  const ptr = (floats: number) => block + floats * 4;
  const input = ptr(offs.input);
  const plan: Plan = {
    maxBatch,
    block,
    input,
    targets: ptr(offs.targets),
    weights: ptr(offs.weights),
    // A leading flatten aliases the input; -2 marks "no gradient".
    acts: acts.map((a) => (a === -1 ? input : ptr(a))),
    grads: grads.map((g) => (g === -2 ? 0 : ptr(g))),
    gradRegion: ptr(gradStart),
    gradRegionFloats: gradFloats,
    probs: ptr(offs.probs),
    metricScratch: ptr(offs.metricScratch),
    ones: ptr(offs.ones),
    sink: ptr(offs.sink),
    ws: ptr(wsAt),
    scratch: scratch.map((ss) => ss.map(ptr)),
  };
  m.exports.fillF32(plan.ones, maxBatch * maxRowsPerSample, 1);
  return plan;
}
