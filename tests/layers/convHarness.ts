// Runs one layer on its own, outside a model: builds it for a per-sample input shape, lays out its
// input, output, gradients, parameters and scratch in the arena of module m (scratch filled with NaN,
// so a read of an unwritten scratch float shows), binds it as a model would (layers/layer.ts), runs
// forward then backward for a given dy, and copies y, dx and the parameter gradients out. Also the
// error bound the conv tests compare with (Higham 2002, §3.1, as tests/kernels/gemm.test.ts).
import * as assert from 'uvu/assert';
import type { WasmModule } from '../../bindings/loader.js';
import { gemmWorkspace } from '../../bindings/gemm.js';
import type { Layer, LayerContext } from '../../src/layers/layer.js';
import { put, get } from '../helpers.js';

export interface LayerRun {
  y: Float32Array;
  dx: Float32Array;
  /** Parameter gradients in params() order. */
  grads: Float32Array[];
}

/** `mask` ([B, T] f32, 1 = real step) is bound as the incoming mask (io.mask), as a model binds an embedding's. */
export function runLayer(m: WasmModule, layer: Layer, inShape: number[], B: number, x: Float32Array, weights: Float32Array[], dy: Float32Array, mask?: Float32Array): LayerRun {
  layer.build(inShape);
  const params = layer.params();
  const scratch = layer.scratch();
  const inSize = layer.inSize;
  const outSize = layer.outSize;
  const rows = Math.max(1, inSize / inShape[inShape.length - 1]);
  const owned: number[] = [];
  const own = (p: number) => (owned.push(p), p);
  const zeros = (n: number) => own(put(m, new Float32Array(Math.max(n, 1))));
  const xp = own(put(m, x));
  const yp = zeros(B * outSize);
  const dxp = zeros(B * inSize);
  const dyp = own(put(m, dy));
  const p = params.map((_, i) => own(put(m, weights[i])));
  const g = params.map((s) => zeros(s.shape.reduce((a, b) => a * b, 1)));
  const s = scratch.map((sc) => own(put(m, new Float32Array(Math.max(1, B * sc.perSample + sc.fixed)).fill(NaN))));
  const ones = own(put(m, new Float32Array(B * rows).fill(1)));
  const sink = zeros(B * inSize);
  const ws = gemmWorkspace(m);
  const ctx: LayerContext = { k: m.exports, heap: () => new Float32Array(m.memory.buffer), ws, ones, sink };
  const maskp = mask ? own(put(m, mask)) : 0;
  layer.bind(ctx, { x: xp, y: yp, dx: dxp, dy: dyp, p, g, s, mask: maskp });
  layer.forward(B, true);
  const y = get(m, yp, B * outSize);
  layer.backward(B);
  const out = { y, dx: get(m, dxp, B * inSize), grads: params.map((sp, i) => get(m, g[i], sp.shape.reduce((a, b) => a * b, 1))) };
  for (const q of owned) m.arena.free(q);
  return out;
}

const U = 2 ** -24;

/**
 * |got - want| <= γ_n · magnitude elementwise (γ_n = n·u / (1 - n·u)): the float32 error bound of a
 * sum of products whose absolute terms add up to `magnitude`, with at most n roundings on any path.
 */
export function assertBound(got: ArrayLike<number>, want: ArrayLike<number>, magnitude: ArrayLike<number>, n: number, label: string): void {
  assert.is(got.length, want.length, `${label}: length`);
  const gamma = (n * U) / (1 - n * U);
  let bad = 0;
  let first = '';
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= gamma * magnitude[i] + 1e-30)) {
      if (!bad) first = `[${i}] got ${got[i]}, expected ${want[i]} (bound ${gamma * magnitude[i]})`;
      bad++;
    }
  }
  assert.ok(bad === 0, `${label}: ${bad} of ${want.length} outside the bound; first ${first}`);
}

export const abs = (a: ArrayLike<number>) => Float64Array.from(a, Math.abs);
