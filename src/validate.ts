// Argument checks for public boundaries. Each throws a ValidationError naming fn and arg; they are
// cheap enough for per-call use outside the per-batch hot loop.
import { ValidationError, ShapeError } from './errors.js';

export function checkInt(fn: string, arg: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ValidationError(fn, arg, `an integer${range(min, max)}`, v, typeof v === 'number' ? 'ERR_INVALID_ARGUMENT' : 'ERR_INVALID_TYPE');
  }
  return v;
}

export function checkNumber(fn: string, arg: string, v: unknown, min = -Infinity, max = Infinity, opts?: { minExclusive?: boolean }): number {
  // opts optional rather than defaulted to {}: this runs every optimizer step, and a default object
  // literal is a heap allocation per call.
  const low = opts?.minExclusive ? (v as number) <= min : (v as number) < min;
  if (typeof v !== 'number' || !Number.isFinite(v) || low || v > max) {
    const lo = opts?.minExclusive && min !== -Infinity ? ` > ${min}` : '';
    throw new ValidationError(fn, arg, `a finite number${lo || range(min, max)}`, v, typeof v === 'number' ? 'ERR_INVALID_ARGUMENT' : 'ERR_INVALID_TYPE');
  }
  return v;
}

export function checkBool(fn: string, arg: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ValidationError(fn, arg, 'a boolean', v, 'ERR_INVALID_TYPE');
  return v;
}

export function checkOneOf<T extends string>(fn: string, arg: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ValidationError(fn, arg, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v);
  }
  return v as T;
}

export function checkFloat32Array(fn: string, arg: string, v: unknown, length?: number): Float32Array {
  if (!(v instanceof Float32Array)) throw new ValidationError(fn, arg, 'a Float32Array', v, 'ERR_INVALID_TYPE');
  if (length !== undefined && v.length < length) throw new ShapeError(fn, arg, `a Float32Array of length >= ${length}`, v);
  return v;
}

/** Checks that an options object only has known keys: catches typos such as `batchsize`. */
export function checkKeys(fn: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValidationError(fn, key, `one of the known options (${known.join(', ')})`, key);
    }
  }
}

function range(min: number, max: number): string {
  if (min > -Infinity && max < Infinity) return ` in [${min}, ${max}]`;
  if (min > -Infinity) return ` >= ${min}`;
  if (max < Infinity) return ` <= ${max}`;
  return '';
}
