// Checks for raw kernel arguments at the typed-binding boundary (bindings/<family>.ts): a pointer must
// name a block that lies inside the module's memory, so a bad offset becomes a ValidationError here
// instead of a trap (or a silent overwrite of static data) in wasm.
import type { WasmModule } from './loader.js';
import { ValidationError } from '../src/errors.js';
import { checkInt } from '../src/validate.js';

/** `ptr` must be a 4-aligned offset with [ptr, ptr + count * 4) between heapBase and the memory's end. */
export function checkF32Buffer(fn: string, arg: string, m: WasmModule, ptr: unknown, count: number): number {
  const end = m.memory.buffer.byteLength;
  if (typeof ptr !== 'number' || !Number.isInteger(ptr) || ptr % 4 !== 0 || ptr < m.arena.base || ptr + count * 4 > end) {
    throw new ValidationError(fn, arg, `a 4-aligned arena pointer to ${count} f32 (in [${m.arena.base}, ${end - count * 4}])`, ptr);
  }
  return ptr;
}

/** Like checkF32Buffer, but 0 (meaning "absent", e.g. gamma with scale=False) is also accepted. */
export function checkOptionalF32Buffer(fn: string, arg: string, m: WasmModule, ptr: unknown, count: number): number {
  return ptr === 0 ? 0 : checkF32Buffer(fn, arg, m, ptr, count);
}

/** A count of elements, rows or channels: an integer in [1, 2^31). */
export function checkCount(fn: string, arg: string, v: unknown): number {
  return checkInt(fn, arg, v, 1, 0x7fffffff);
}
