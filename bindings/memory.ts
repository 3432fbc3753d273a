// Typed, validated wrappers of the bulk buffer writes (assembly/kernels/memory.ts). Buffers are byte
// offsets into the module's memory (from its arena), f32. Prefer these to TypedArray.fill/copyWithin
// on a view of a threaded module's memory: V8 makes each element store of those atomic on a shared
// buffer (7.5x slower for a fill, measured in the kernel file).
import type { WasmModule } from './loader.js';
import { checkBuffer, MAX_FLOATS } from './buffers.js';
import { checkInt } from '../src/validate.js';
import { ValidationError } from '../src/errors.js';


/** Sets n floats at x to value (rounded to f32; any number, NaN and +-Infinity included). */
export function fill(m: WasmModule, x: number, n: number, value: number): void {
  checkInt('fill', 'n', n, 0, MAX_FLOATS);
  checkBuffer('fill', 'x', m, x, n);
  if (typeof value !== 'number') throw new ValidationError('fill', 'value', 'a number (NaN and +-Infinity allowed)', value, 'ERR_INVALID_TYPE');
  m.exports.fillF32(x, n, value);
}

/** Copies n floats from x to y; the ranges may overlap (memmove). */
export function copy(m: WasmModule, x: number, y: number, n: number): void {
  checkInt('copy', 'n', n, 0, MAX_FLOATS);
  checkBuffer('copy', 'x', m, x, n);
  checkBuffer('copy', 'y', m, y, n);
  m.exports.copyF32(x, y, n);
}
