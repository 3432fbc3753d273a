// Pointer checks for the typed kernel wrappers (bindings/<family>.ts): a kernel trusts its pointers,
// so the wrapper proves, before the call, that every buffer is 4-byte aligned and lies inside the
// arena's part of wasm memory. A bad pointer becomes a ValidationError naming the argument instead
// of a trap or a silent write over someone else's buffer.
import type { WasmModule } from './loader.js';
import { ValidationError } from '../src/errors.js';
import { checkInt } from '../src/validate.js';

/** Largest float count of one buffer: 2 GiB of floats, above which a byte offset no longer fits the
 *  wasm32 address space. */
export const MAX_FLOATS = 2 ** 29;

/** Checks that [ptr, ptr + 4 count) is inside the heap; `optional` also accepts 0 ("not used"). */
export function checkBuffer(fn: string, arg: string, m: WasmModule, ptr: unknown, count: number, optional = false): number {
  if (optional && ptr === 0) return 0;
  const end = m.memory.buffer.byteLength;
  const ok = typeof ptr === 'number' && Number.isInteger(ptr) && ptr % 4 === 0 && ptr >= m.arena.base && ptr + 4 * count <= end;
  if (!ok) {
    const what = `a 4-byte aligned pointer to ${count} x 4 bytes inside the wasm heap [${m.arena.base}, ${end})${optional ? ' or 0' : ''}`;
    throw new ValidationError(fn, arg, what, ptr, typeof ptr === 'number' ? 'ERR_INVALID_ARGUMENT' : 'ERR_INVALID_TYPE');
  }
  return ptr as number;
}

/** rows and cols of a (rows, cols) buffer: integers >= 1 whose product fits an i32 index. */
export function checkRowsCols(fn: string, rows: unknown, cols: unknown): void {
  checkInt(fn, 'rows', rows, 1, 0x7fffffff);
  checkInt(fn, 'cols', cols, 1, Math.floor(0x7fffffff / (rows as number)));
}

/** Throws unless the named buffers [ptr, ptr + 4 count) are pairwise disjoint (empty ones never
 *  overlap): a kernel that writes one buffer while reading another would give silently wrong results. */
export function checkDisjoint(fn: string, buffers: readonly [arg: string, ptr: number, count: number][]): void {
  for (let i = 0; i < buffers.length; i++) {
    for (let j = i + 1; j < buffers.length; j++) {
      const [an, a, ac] = buffers[i];
      const [bn, b, bc] = buffers[j];
      if (a < b + 4 * bc && b < a + 4 * ac) {
        throw new ValidationError(fn, bn, `a buffer that does not overlap '${an}'`, `bytes [${b}, ${b + 4 * bc}) against [${a}, ${a + 4 * ac})`);
      }
    }
  }
}
