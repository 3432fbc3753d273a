// Parsing of the Keras-style random ranges that the image augmentations accept, with typed errors.
// Keras layers take `factor` as a number f (meaning [-f, f]) or a pair [lower, upper];
// ImageDataGenerator's shift ranges also accept pixels and lists of choices (see shiftSampler).
import { ValidationError } from '../../errors.js';
import type { Rng } from '../../rng.js';

/** A closed interval [lo, hi] to draw uniformly from. */
export type Range = [number, number];

/**
 * Keras `factor`: a number f gives [-|f|, |f|], a pair [a, b] gives [min, max]; every bound must lie
 * in [min, max] (for example [-1, 1] for RandomZoom and RandomTranslation).
 */
export function symmetricRange(fn: string, arg: string, v: unknown, min: number, max: number): Range {
  const bad = () => new ValidationError(fn, arg, `a number or a pair [lower, upper] of numbers in [${min}, ${max}]`, v);
  const ok = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;
  if (typeof v === 'number') {
    if (!ok(v) || !ok(-v)) throw bad();
    return [-Math.abs(v), Math.abs(v)];
  }
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return [Math.min(v[0], v[1]), Math.max(v[0], v[1])];
  throw bad();
}

/** A pair [lo, hi] with lo <= hi, finite, inside [min, max]. */
export function pairRange(fn: string, arg: string, v: unknown, min = -Infinity, max = Infinity): Range {
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max) && v[0] <= v[1]) {
    return [v[0], v[1]];
  }
  throw new ValidationError(fn, arg, `a pair [lower, upper] with lower <= upper in [${min}, ${max}]`, v);
}

export function uniform(rng: Rng, r: Range): number {
  return r[0] === r[1] ? r[0] : rng.range(r[0], r[1]);
}

/**
 * ImageDataGenerator's width_shift_range / height_shift_range, as the Keras docs define them:
 * - a number < 1: fraction of the side, uniform in (-v, v) * side;
 * - a non-integer number >= 1: pixels, uniform in (-v, v);
 * - an integer >= 1: whole pixels from (-v, v) (Keras draws choice(range(v)) and a random sign);
 * - an array of numbers: one of them with a random sign, times the side if they are all < 1.
 * Returns a sampler `(rng, side) => shift in pixels`; 0 disables.
 */
export function shiftSampler(fn: string, arg: string, v: unknown): (rng: Rng, side: number) => number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
    if (v === 0) return () => 0;
    if (v < 1) return (rng, side) => rng.range(-v, v) * side;
    if (Number.isInteger(v)) return (rng) => rng.int(v) * (rng.int(2) ? 1 : -1);
    return (rng) => rng.range(-v, v);
  }
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    const fraction = Math.max(...v) < 1;
    return (rng, side) => v[rng.int(v.length)] * (rng.int(2) ? 1 : -1) * (fraction ? side : 1);
  }
  throw new ValidationError(fn, arg, 'a number >= 0 (fraction if < 1, pixels if >= 1) or a non-empty array of numbers', v);
}
