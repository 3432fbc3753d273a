// The TypeScript-owned memory of the wasm module. Kernels take raw byte offsets; this arena decides
// where every buffer lives. Layout: [0, heapBase) is the module's static data; from heapBase up, blocks
// handed out by `alloc`, each 64-byte aligned (a cache line, and f32x4-aligned). Freed blocks go to a
// first-fit free list that coalesces neighbours, and a freed block at the top lowers the top, so a
// process that builds and disposes many models (a hyperparameter search) reuses the same memory
// instead of growing (wasm memory can grow but never shrink).
// Memory grows only inside `alloc`; growth detaches the old ArrayBuffer, so views are re-derived
// (Slot.f32 checks `view.buffer !== memory.buffer`). Nothing here runs inside a training step.
import { SimdnetError, ValidationError } from '../src/errors.js';

const ALIGN = 64;
const PAGE = 65536;
const MAX_PAGES = 65536; // wasm32: 4 GiB

/**
 * The wasm module's memory as TypeScript lays it out: 64-byte aligned blocks from heapBase up
 * (`alloc`/`free`, first-fit with coalescing), so kernels get byte offsets and a search that builds and
 * disposes many models reuses the same memory.
 */
export class Arena {
  readonly memory: WebAssembly.Memory;
  readonly base: number;
  private top: number;
  private readonly freeList: { ptr: number; size: number }[] = []; // sorted by ptr, no two adjacent
  private readonly sizes = new Map<number, number>(); // live block ptr -> size in bytes
  private inUse = 0;

  /** Largest size the memory may reach, bytes: 4 GiB (wasm32), or a shared memory's declared maximum. */
  readonly limitBytes: number;

  constructor(memory: WebAssembly.Memory, heapBase: number, maxPages = MAX_PAGES) {
    this.memory = memory;
    this.limitBytes = Math.min(MAX_PAGES, maxPages) * PAGE;
    this.base = alignUp(heapBase >>> 0, ALIGN);
    this.top = this.base;
  }

  /** Reserves `bytes` (rounded up to 64) and returns the byte offset. Contents are not zeroed. */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new ValidationError('Arena.alloc', 'bytes', 'an integer >= 0', bytes);
    const size = Math.max(ALIGN, alignUp(bytes, ALIGN));
    let ptr = -1;
    for (let i = 0; i < this.freeList.length; i++) {
      const block = this.freeList[i];
      if (block.size < size) continue;
      ptr = block.ptr;
      if (block.size === size) this.freeList.splice(i, 1);
      else {
        block.ptr += size;
        block.size -= size;
      }
      break;
    }
    if (ptr < 0) {
      ptr = this.top;
      this.ensure(ptr + size);
      this.top = ptr + size;
    }
    this.sizes.set(ptr, size);
    this.inUse += size;
    return ptr;
  }

  /**
   * Makes sure that `bytes` more can be allocated before any of it is: a model's whole layout is
   * checked here up front (Engine), so a model far too large fails at once with ERR_OUT_OF_MEMORY
   * instead of growing memory block by block for seconds and failing at the last one (wasm memory
   * never shrinks, so the process would keep what it grew). Counts the free blocks and the room
   * below `limitBytes`, then grows memory once for what the free blocks cannot hold; a runtime
   * that cannot reserve that much (address space, a memory cap) fails here too, before any
   * allocation. `what` names the parts in the message.
   */
  reserve(fn: string, bytes: number, what: string): void {
    const free = this.freeList.reduce((a, b) => a + b.size, 0);
    const room = this.limitBytes - this.top + free;
    if (bytes > room) {
      throw new SimdnetError('ERR_OUT_OF_MEMORY', fn, `${what} need ${mib(bytes)}, more than wasm memory can still hold (${mib(room)} of its ${mib(this.limitBytes)} limit; ${mib(this.inUse)} in use)`);
    }
    try {
      this.ensure(this.top + Math.max(0, bytes - free));
    } catch (e) {
      throw new SimdnetError('ERR_OUT_OF_MEMORY', fn, `${what} need ${mib(bytes)}, and this runtime could not reserve that much wasm memory (${(e as Error).message})`, { cause: e });
    }
  }

  /** Reserves and zero-fills. */
  calloc(bytes: number): number {
    const ptr = this.alloc(bytes);
    new Uint8Array(this.memory.buffer, ptr, alignUp(Math.max(bytes, 1), ALIGN)).fill(0);
    return ptr;
  }

  /** Returns a block to the arena. Freeing an unknown pointer is a bug in the caller: it throws. */
  free(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new SimdnetError('ERR_STATE', 'Arena.free', `pointer ${ptr} is not a live block (double free?)`);
    this.sizes.delete(ptr);
    this.inUse -= size;
    if (ptr + size === this.top) {
      this.top = ptr;
      // The block below the top may now be free too.
      const last = this.freeList[this.freeList.length - 1];
      if (last && last.ptr + last.size === this.top) {
        this.top = last.ptr;
        this.freeList.pop();
      }
      return;
    }
    let i = 0;
    while (i < this.freeList.length && this.freeList[i].ptr < ptr) i++;
    const prev = this.freeList[i - 1];
    const next = this.freeList[i];
    if (prev && prev.ptr + prev.size === ptr) {
      prev.size += size;
      if (next && prev.ptr + prev.size === next.ptr) {
        prev.size += next.size;
        this.freeList.splice(i, 1);
      }
    } else if (next && ptr + size === next.ptr) {
      next.ptr = ptr;
      next.size += size;
    } else {
      this.freeList.splice(i, 0, { ptr, size });
    }
  }

  /** Frees every block: back to an empty heap (memory stays at its high-water size). */
  reset(): void {
    this.freeList.length = 0;
    this.sizes.clear();
    this.inUse = 0;
    this.top = this.base;
  }

  /** A new Float32Array view; cache it (or use a Slot) outside hot loops: creating one costs ~40 ns. */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }

  /** Allocates a named f32 buffer of the given shape. */
  slot(name: string, shape: readonly number[]): Slot {
    const length = shape.reduce((a, b) => a * b, 1);
    return new Slot(this, name, shape, this.alloc(length * 4), length);
  }

  get bytesInUse(): number {
    return this.inUse;
  }
  /** High-water mark of the heap (bytes from heapBase to the top). */
  get bytesReserved(): number {
    return this.top - this.base;
  }
  get liveBlocks(): number {
    return this.sizes.size;
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE);
    // Headroom of 1/8 of the current size amortizes a run of small reservations.
    const want = Math.min(this.limitBytes / PAGE - have / PAGE, Math.max(pages, Math.ceil(have / PAGE / 8)));
    try {
      if (want < pages) throw new RangeError(`beyond the ${mib(this.limitBytes)} limit`);
      this.memory.grow(want);
    } catch (e) {
      throw new SimdnetError('ERR_OUT_OF_MEMORY', 'Arena.alloc', `cannot grow wasm memory from ${have} to ${end} bytes`, { cause: e });
    }
  }
}

function mib(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** A named f32 buffer in the arena: pointer, shape, and a view that survives memory growth. */
export class Slot {
  private view: Float32Array;
  constructor(
    readonly arena: Arena,
    readonly name: string,
    readonly shape: readonly number[],
    readonly ptr: number,
    readonly length: number,
  ) {
    this.view = arena.f32(ptr, length);
  }
  get f32(): Float32Array {
    if (this.view.buffer !== this.arena.memory.buffer) this.view = this.arena.f32(this.ptr, this.length);
    return this.view;
  }
  free(): void {
    this.arena.free(this.ptr);
  }
}

export function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
