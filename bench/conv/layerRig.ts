// One layer laid out in a module's arena and bound as a model binds it (src/model/engine.ts), for
// timing its forward and backward on their own: x, y, dy random; dx absent for a first layer (as the
// engine passes 0 there); parameters glorot-like random; gradients, scratch, the ones column and the
// GEMM workspace allocated once. Returns the calls and the bytes the layer's scratch takes.
import type { WasmModule } from '../../bindings/loader.js';
import { gemmWorkspace } from '../../bindings/gemm.js';
import type { Layer, LayerContext } from '../../src/layers/layer.js';
import { Rng } from '../../src/rng.js';

export interface LayerRig {
  forward(): void;
  backward(): void;
  /** Bytes of the layer's scratch at this batch (z, dz, im2col columns, ...), by scratch name. */
  scratchBytes: Record<string, number>;
  dispose(): void;
}

export function layerRig(m: WasmModule, layer: Layer, inShape: number[], B: number, first: boolean): LayerRig {
  layer.build(inShape);
  const rng = new Rng(1);
  const owned: number[] = [];
  const block = (n: number, fill?: number) => {
    const p = m.arena.alloc(Math.max(n, 1) * 4);
    const v = m.arena.f32(p, Math.max(n, 1));
    for (let i = 0; i < v.length; i++) v[i] = fill ?? rng.range(-0.5, 0.5);
    owned.push(p);
    return p;
  };
  const rows = Math.max(1, layer.inSize / inShape[inShape.length - 1]);
  const params = layer.params();
  const scratch = layer.scratch();
  const x = block(B * layer.inSize);
  const y = block(B * layer.outSize);
  const dy = block(B * layer.outSize);
  const dx = first ? 0 : block(B * layer.inSize, 0);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const p = params.map((s) => block(size(s.shape)));
  const g = params.map((s) => block(size(s.shape), 0));
  const s = scratch.map((sc) => block(B * sc.perSample + sc.fixed, 0));
  const ones = block(B * rows, 1);
  const sink = block(B * layer.inSize, 0);
  const ws = gemmWorkspace(m);
  const ctx: LayerContext = { k: m.exports, heap: () => new Float32Array(m.memory.buffer), ws, ones, sink };
  layer.bind(ctx, { x, y, dx, dy, p, g, s });
  return {
    forward: () => layer.forward(B, true),
    backward: () => layer.backward(B),
    scratchBytes: Object.fromEntries(scratch.map((sc) => [sc.name, 4 * (B * sc.perSample + sc.fixed)])),
    dispose: () => {
      for (const q of owned) m.arena.free(q);
    },
  };
}
