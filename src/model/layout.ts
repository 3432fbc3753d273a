// The parameter layout table: every weight of the model gets a name, a shape and an offset in one
// flat f32 arena, computed once when the model is built. Trainable weights come first, so the
// gradient arena and each optimizer state arena mirror [0, trainableSize) of the weight arena with
// the same offsets: zeroing gradients is one fill and an optimizer step is one kernel call over
// the whole model (STYLE.md, "flat arenas"). Non-trainable weights (batch-norm moving statistics,
// frozen layers) follow the trainable ones.
import type { Layer, ParamSpec } from '../layers/layer.js';
import type { Regularizer } from '../regularizers/regularizer.js';

/** Floats are aligned to 16 (64 bytes) per entry: every slice starts on a cache line and an f32x4 boundary. */
const ALIGN_FLOATS = 16;

export interface LayoutEntry {
  /** 'dense_1/kernel' (Keras style). */
  name: string;
  layer: number;
  /** Index of this weight within its layer's params(). */
  index: number;
  shape: number[];
  size: number;
  /** Offset in floats from the start of the weight arena. */
  offset: number;
  trainable: boolean;
  regularizer: Regularizer | null;
  spec: ParamSpec;
}

export interface ParamLayout {
  /** In Keras weight order: layer by layer, each layer's params() order. */
  entries: LayoutEntry[];
  /** Floats in [0, trainableSize) are trainable (incl. alignment padding). */
  trainableSize: number;
  totalSize: number;
  /** Number of trainable / non-trainable scalars (without padding), for summary(). */
  trainableCount: number;
  nonTrainableCount: number;
}

export function layoutParams(layers: readonly Layer[]): ParamLayout {
  const entries: LayoutEntry[] = [];
  layers.forEach((layer, li) =>
    layer.params().forEach((spec, index) => {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const trainable = spec.trainable && layer.trainable;
      entries.push({ name: `${layer.name}/${spec.name}`, layer: li, index, shape: [...spec.shape], size, offset: 0, trainable, regularizer: spec.regularizer, spec });
    }),
  );
  let offset = 0;
  let trainableCount = 0;
  let nonTrainableCount = 0;
  const place = (e: LayoutEntry) => {
    e.offset = offset;
    offset += Math.ceil(e.size / ALIGN_FLOATS) * ALIGN_FLOATS;
  };
  for (const e of entries.filter((e) => e.trainable)) {
    place(e);
    trainableCount += e.size;
  }
  const trainableSize = offset;
  for (const e of entries.filter((e) => !e.trainable)) {
    place(e);
    nonTrainableCount += e.size;
  }
  return { entries, trainableSize, totalSize: offset, trainableCount, nonTrainableCount };
}

/** needGrad[i]: backward must reach layer i's output, i.e. a trainable weight sits at or before layer i. */
export function gradientReach(layers: readonly Layer[], layout: ParamLayout): boolean[] {
  let seen = false;
  return layers.map((_, i) => (seen ||= layout.entries.some((e) => e.layer === i && e.trainable)));
}

/** Whether some layer's `trainable` flag changed since `layout` was computed. */
export function trainableChanged(layers: readonly Layer[], layout: ParamLayout): boolean {
  return layout.entries.some((e) => (e.spec.trainable && layers[e.layer].trainable) !== e.trainable);
}

/** Copies every weight from its offset in `from` (block at byte `fromBlock`) to its offset in `to`
 *  (block at byte `toBlock`, zeroed first so that alignment padding is 0). Same entries, same order. */
export function moveWeights(heap: Float32Array, from: ParamLayout, fromBlock: number, to: ParamLayout, toBlock: number): void {
  heap.fill(0, toBlock >>> 2, (toBlock >>> 2) + to.totalSize);
  to.entries.forEach((e, i) => {
    const src = (fromBlock >>> 2) + from.entries[i].offset;
    heap.copyWithin((toBlock >>> 2) + e.offset, src, src + e.size);
  });
}
