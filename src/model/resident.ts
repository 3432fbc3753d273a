// Training data kept in wasm memory for the length of one fit, so that every batch is gathered by a
// wasm kernel (gatherRows: a memory.copy per row) instead of copied from the JavaScript arrays
// (data.ts loadBatch). Why: on a shared memory (the threads builds, which `ready()` loads by
// default) V8 performs TypedArray.set and typed-array stores element by element (relaxed atomics);
// the threads build's batch copy of a 16,705-parameter model took 38.5 µs a step against 28.6 µs on
// the single-thread module while the step's kernels took the same time (BENCHMARKS.md, "The small
// model's cost beside one thread, taken apart", 2026-12-04): that copy was most of the gap between
// the default pool and one thread on small models (issue 18 item 12). memory.copy is a native
// memmove on both kinds of memory.
// Cost: x, y and the per-row weights are copied into the arena once per fit (and freed when it ends),
// the batch's row numbers ([batch] i32) once per step. Only data up to RESIDENT.maxBytes is made
// resident: wasm memory never shrinks, and a large dataset's copy (MNIST's x: 188 MB) would hold
// memory long after the fit; there a batch copy is a small part of a large model's step.
import type { Engine } from './engine.js';
import type { Prepared } from './data.js';

/** Data larger than this stays in JavaScript (tests and benches set it to compare both paths). */
export const RESIDENT = { maxBytes: 32 << 20, created: 0 };

export class ResidentData {
  private constructor(
    private readonly engine: Engine,
    /** Byte offsets in the arena: x [n, inSize], y [n, ySize], w [n, rowsPerSample] (0: none), idx [maxBatch]. */
    private readonly x: number,
    private readonly y: number,
    private readonly w: number,
    private readonly idx: number,
    private readonly ySize: number,
    private readonly wSize: number,
  ) {}

  /**
   * Copies `data` into the engine's arena when its bytes are at most RESIDENT.maxBytes and the arena
   * can take them; null otherwise (the caller keeps loadBatch). `maxBatch`: the largest batch loaded.
   */
  static create(engine: Engine, data: Prepared, maxBatch: number): ResidentData | null {
    const n = data.n;
    const wSize = data.w ? data.w.length / n : 0;
    const bytes = 4 * (data.x.length + data.y.length + (data.w?.length ?? 0) + maxBatch);
    if (n === 0 || bytes > RESIDENT.maxBytes) return null;
    const arena = engine.m.arena;
    const blocks: number[] = [];
    try {
      const put = (src: Float32Array | Int32Array): number => {
        const p = arena.alloc(Math.max(4, src.byteLength));
        blocks.push(p);
        // Views made after alloc: alloc may have grown (and so replaced) the memory's buffer.
        if (src instanceof Int32Array) new Int32Array(engine.m.memory.buffer, p, src.length).set(src);
        else new Float32Array(engine.m.memory.buffer, p, src.length).set(src);
        return p;
      };
      const x = put(data.x), y = put(data.y), w = data.w ? put(data.w) : 0;
      const idx = arena.alloc(4 * Math.max(1, maxBatch));
      blocks.push(idx);
      RESIDENT.created++;
      return new ResidentData(engine, x, y, w, idx, data.ySize, wSize);
    } catch {
      for (const p of blocks) arena.free(p); // memory could not grow: keep the JavaScript copy
      return null;
    }
  }

  /** Gathers samples idx[start .. start+batch) into the engine's plan, as loadBatch does. */
  load(idx: Int32Array, start: number, batch: number): void {
    const e = this.engine;
    const plan = e.plan!;
    const i32 = e.heapI32();
    const at = this.idx >>> 2;
    for (let r = 0; r < batch; r++) i32[at + r] = idx[start + r];
    e.k.gatherRows(this.x, plan.input, this.idx, batch, e.inSize);
    e.k.gatherRows(this.y, plan.targets, this.idx, batch, this.ySize);
    if (this.w) e.k.gatherRows(this.w, plan.weights, this.idx, batch, this.wSize);
  }

  /** Returns the copies to the arena. */
  free(): void {
    const arena = this.engine.m.arena;
    for (const p of [this.x, this.y, this.w, this.idx]) if (p) arena.free(p);
  }
}
