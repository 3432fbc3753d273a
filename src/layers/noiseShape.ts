// Keras's Dropout `noise_shape` (keras/src/layers/regularization/dropout.py and the backends'
// `_get_concrete_noise_shape`): the shape of the keep/drop mask, one entry per input dimension
// *including the batch dimension first*, as Keras writes it: `noise_shape=(None, 1, features)`
// draws one mask row per sample and repeats it along the timesteps. An entry is
//   null: the mask varies along that dimension (Keras's None: "same as the input");
//   1:    the mask is the same along it (broadcast; the whole batch for the batch entry);
//   the input's size there: same as null (Keras allows it; resolved when the layer is built).
// The batch entry must be null or 1: the batch size changes between calls (a last partial batch),
// so a fixed batch size there, which Keras accepts, would break on the first partial batch.
//
// The mask is drawn for the small shape (dropoutForward over the mask elements alone), then applied
// by dropoutBroadcastForward/Backward (assembly/kernels/dropoutBroadcast.ts), which view a block as
// [outer, mid, inner] with the mask [outer, 1, inner]. Here the input [batch, ...shape] is reduced to
// alternating groups of merged dimensions (sizes, varies/broadcast); the last broadcast group is the
// kernel's `mid`, its neighbours `outer` and `inner`, and any groups before those are looped over here
// (one kernel call per index: none for the common shapes, see MaskBroadcast.calls).
import { ValidationError, ShapeError } from '../errors.js';
import type { RawExports } from '../../bindings/loader.js';

/** A Keras noise shape: the batch entry first, then one entry per per-sample dimension. */
export type NoiseShape = readonly (number | null)[];

/** Checks the option's form when the layer is created (its rank and sizes are checked at build). */
export function checkNoiseShape(fn: string, v: unknown): NoiseShape | null {
  if (v === undefined || v === null) return null;
  const form = 'an array of null or integers >= 1, batch entry first (Keras noise_shape, e.g. [null, 1, 64])';
  if (!Array.isArray(v) || v.length < 2) throw new ValidationError(fn, 'noiseShape', form, v, Array.isArray(v) ? 'ERR_INVALID_ARGUMENT' : 'ERR_INVALID_TYPE');
  v.forEach((d, i) => {
    if (d !== null && (typeof d !== 'number' || !Number.isInteger(d) || d < 1)) throw new ValidationError(fn, `noiseShape[${i}]`, 'null or an integer >= 1', d);
  });
  if (v[0] !== null && v[0] !== 1) throw new ValidationError(fn, 'noiseShape[0]', 'null (a mask per sample) or 1 (one mask for the whole batch): the batch size varies', v[0]);
  return Object.freeze([...v]);
}

type Kernel = (a: number, mask: number, b: number, outer: number, mid: number, inner: number) => void;

/** How a noise shape's mask is laid out and applied for one built layer. */
export class MaskBroadcast {
  /** Group sizes over [batch, ...inShape]; sizes[0] excludes the batch, which the run multiplies in. */
  private readonly sizes: number[];
  private readonly varies: boolean[];
  /** Index of the last broadcast group (the kernel's mid). */
  private readonly mid: number;
  /** Elements of x and of the mask below each group (strides of a loop over that group). */
  private readonly xStride: number[];
  private readonly maskStride: number[];
  /** Mask floats per sample when the batch entry is null; else 0 and `maskFixed` floats for all. */
  readonly maskPerSample: number;
  readonly maskFixed: number;
  private kernel: Kernel = () => {};

  /**
   * null when the mask varies along every dimension (plain dropout). Throws a ShapeError when the rank or
   * an entry does not fit `inShape` (per-sample shape). `where` names the layer in errors.
   */
  static resolve(where: string, noise: NoiseShape, inShape: readonly number[]): MaskBroadcast | null {
    if (noise.length !== inShape.length + 1) {
      throw new ShapeError(where, 'noiseShape', `${inShape.length + 1} entries (batch, ${inShape.join(', ')})`, `[${noise.join(', ')}]`);
    }
    const sizes = [1];
    const varies = [noise[0] === null];
    inShape.forEach((d, i) => {
      const e = noise[i + 1];
      if (e !== null && e !== 1 && e !== d) throw new ShapeError(where, `noiseShape[${i + 1}]`, `null, 1 or ${d} (the input's size there)`, e);
      if (d === 1) return; // a size-1 dimension is the same whether the mask varies along it or not
      const v = e !== 1;
      if (v === varies[varies.length - 1]) sizes[sizes.length - 1] *= d;
      else {
        sizes.push(d);
        varies.push(v);
      }
    });
    return varies.every((v) => v) ? null : new MaskBroadcast(sizes, varies);
  }

  private constructor(sizes: number[], varies: boolean[]) {
    this.sizes = sizes;
    this.varies = varies;
    this.mid = varies.lastIndexOf(false);
    this.xStride = sizes.map((_, g) => sizes.slice(g + 1).reduce((a, b) => a * b, 1));
    this.maskStride = sizes.map((_, g) => sizes.slice(g + 1).reduce((a, b, i) => a * (varies[g + 1 + i] ? b : 1), 1));
    const varying = sizes.reduce((a, s, g) => a * (varies[g] ? s : 1), 1);
    this.maskPerSample = varies[0] ? varying : 0;
    this.maskFixed = varies[0] ? 0 : varying;
  }

  /** Mask floats for `batch` samples. */
  maskSize(batch: number): number {
    return batch * this.maskPerSample + this.maskFixed;
  }

  /** Kernel calls per application: 1 unless broadcast groups alternate more than once (e.g. [null, 1, null, 1, null]). */
  calls(batch: number): number {
    let n = 1;
    for (let g = 0; g < this.mid - 1; g++) n *= this.size(g, batch);
    return n;
  }

  /** dropoutBroadcastForward (x -> y) or dropoutBroadcastBackward (dy -> dx += ...) over the whole batch. */
  apply(k: RawExports, kernel: 'dropoutBroadcastForward' | 'dropoutBroadcastBackward', a: number, mask: number, b: number, batch: number): void {
    this.kernel = k[kernel] as Kernel;
    this.loop(0, a, mask, b, batch);
  }

  private size(g: number, batch: number): number {
    return g === 0 ? this.sizes[0] * batch : this.sizes[g];
  }

  /** Recursion over the groups before the kernel's outer (depth = their count; no allocation). */
  private loop(g: number, a: number, mask: number, b: number, batch: number): void {
    const mid = this.mid;
    if (g >= mid - 1) {
      const outer = mid === 0 ? 1 : this.size(mid - 1, batch);
      const inner = mid + 1 < this.sizes.length ? this.sizes[mid + 1] : 1;
      this.kernel(a, mask, b, outer, this.size(mid, batch), inner);
      return;
    }
    const n = this.size(g, batch);
    const xs = this.xStride[g] * 4;
    const ms = this.varies[g] ? this.maskStride[g] * 4 : 0;
    for (let i = 0; i < n; i++) this.loop(g + 1, a + i * xs, mask + i * ms, b + i * xs, batch);
  }
}
