// The shared-memory protocol between the calling thread and the pool's workers (pool.ts, worker.ts).
// One control block, allocated in the module's own (shared) memory by the arena:
//   header  [0, 64)            int32 pending: parts still running; int32 failed: 1 after a worker's
//                              call threw (a trap); int32 spin: microseconds an idle worker (and the
//                              joining caller) polls before blocking (pool.ts). Its own cache line:
//                              every worker writes it.
//   slot w  [64 + 64·w·4, ...) one per worker, 256 bytes (4 cache lines, so workers never share a
//                              line): int32 seq (bumped by the caller to post a job; the worker waits
//                              on it), int32 fn (index into the export list, STOP ends the worker),
//                              int32 argc, int32 claim (1 while the posted job is unclaimed: the
//                              worker or, if the worker is late, the caller takes it by compare-
//                              exchange to 0, pool.ts), then float64 args from byte 16 (29 at most:
//                              conv2dGemm's), then at byte 248 the float64 result of the part's call
//                              (0 for a void export), written by whoever ran the part before it counts
//                              pending down: the slot is full. Every wasm argument and result (i32 sizes
//                              and counts, usize pointers, f32 scalars) is exact in a float64.
// The block is sized for MAX_THREADS up front so that no slot ever lies beyond a typed-array view
// made before memory grew (views of a shared buffer keep their original length).
export const MAX_THREADS = 64;
export const HEADER_BYTES = 64;
export const SLOT_BYTES = 256;
export const MAX_ARGS = 29; // conv2dGemm's: 16 + 29 * 8 + 8 (the result) = SLOT_BYTES
export const ARGS_OFFSET = 16;
/** Byte offset in a slot of the float64 result of the part's call (after MAX_ARGS arguments). */
export const RESULT_OFFSET = ARGS_OFFSET + 8 * MAX_ARGS;
export const CONTROL_BYTES = HEADER_BYTES + SLOT_BYTES * (MAX_THREADS - 1);

/** int32 indexes, relative to the control block. */
export const PENDING = 0;
export const FAILED = 1;
export const SPIN = 2;
export const SEQ = 0;
export const FN = 1;
export const ARGC = 2;
export const CLAIM = 3;
export const STOP = -1;

/**
 * Polls i32[index] while it equals `value` (whileEqual) or differs from it (!whileEqual), for at most
 * `micros` µs (Infinity: until it changes; 0: not at all); returns the last value read. The caller
 * then blocks in Atomics.wait if the value still holds (pool.ts says why polling first pays). The
 * clock is read every 256 polls: a poll is a few ns, performance.now() tens.
 */
export function poll(i32: Int32Array, index: number, value: number, whileEqual: boolean, micros: number): number {
  let v = Atomics.load(i32, index);
  if (micros <= 0) return v;
  const deadline = performance.now() + micros / 1000;
  for (let spin = 1; (v === value) === whileEqual; spin++) {
    v = Atomics.load(i32, index);
    if ((spin & 255) === 0 && performance.now() > deadline) break;
  }
  return v;
}

/** Byte offset of worker w's slot. */
export function slotOffset(ctl: number, w: number): number {
  return ctl + HEADER_BYTES + SLOT_BYTES * w;
}

/** What a worker receives at start (structured clone: the Module and the shared Memory are shared, not copied). */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctl: number;
  slot: number;
  /** Export names the slot's fn index refers to. */
  names: readonly string[];
}
