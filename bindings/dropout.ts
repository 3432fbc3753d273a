// Typed, validated wrappers of the PRNG, dropout and noise kernels (assembly/kernels/dropout.ts).
// Pointers are arena offsets of f32 buffers of n elements; `state` is a RNG_STATE_BYTES block seeded
// by rngSeed. Backward of dropout, gaussianDropout and alphaDropout is dropoutBackward with the
// mask their forward wrote; backward of gaussianNoise is gaussianNoiseBackward (dx += dy).
// In-place forward (y === x) is allowed. rate is in [0, 1): Keras also accepts 1, which drops
// everything (its output is 0 or NaN depending on the backend); here a layer with rate 1 has no use.
import type { WasmModule } from './loader.js';
import { RNG_STATE_BYTES } from '../src/rngStream.js';
import { checkInt, checkNumber } from '../src/validate.js';
import { ValidationError } from '../src/errors.js';
import { checkCount, checkF32Buffer } from './pointers.js';

export { RNG_STATE_BYTES };

function checkState(fn: string, m: WasmModule, state: unknown): number {
  return checkF32Buffer(fn, 'state', m, state, RNG_STATE_BYTES / 4);
}

function checkRate(fn: string, rate: unknown): number {
  checkNumber(fn, 'rate', rate, 0, 1);
  // The kernel takes rate as f32: values that round up to 1 would drop everything (and overflow the keep threshold).
  if (Math.fround(rate as number) >= 1) throw new ValidationError(fn, 'rate', 'a finite number in [0, 1)', rate);
  return rate as number;
}

/** Seeds the PRNG state at `state` (RNG_STATE_BYTES) from an integer seed in [0, 2^32). */
export function rngSeed(m: WasmModule, state: number, seed: number): void {
  checkState('rngSeed', m, state);
  checkInt('rngSeed', 'seed', seed, 0, 0xffffffff);
  m.exports.rngSeed(state, seed);
}

/** Writes the next n u32 of the stream to `out` (n u32). */
export function rngFillU32(m: WasmModule, state: number, out: number, n: number): void {
  const fn = 'rngFillU32';
  checkState(fn, m, state);
  checkCount(fn, 'n', n);
  checkF32Buffer(fn, 'out', m, out, n);
  m.exports.rngFillU32(state, out, n);
}

type Forward = 'dropoutForward' | 'gaussianDropoutForward' | 'alphaDropoutForward';

function maskForward(fn: Forward, m: WasmModule, x: number, y: number, mask: number, n: number, rate: number, state: number): void {
  checkCount(fn, 'n', n);
  checkF32Buffer(fn, 'x', m, x, n);
  checkF32Buffer(fn, 'y', m, y, n);
  checkF32Buffer(fn, 'mask', m, mask, n);
  // The kernels write random bits into the mask before reading x: it must not overlap x or y.
  if (Math.abs(mask - x) < n * 4 || Math.abs(mask - y) < n * 4) throw new ValidationError(fn, 'mask', 'a buffer that does not overlap x or y', mask);
  checkRate(fn, rate);
  checkState(fn, m, state);
  m.exports[fn](x, y, mask, n, rate, state);
}

/** Inverted dropout (Keras Dropout, training): mask = keep ? 1/(1-rate) : 0, y = x * mask. */
export function dropoutForward(m: WasmModule, x: number, y: number, mask: number, n: number, rate: number, state: number): void {
  maskForward('dropoutForward', m, x, y, mask, n, rate, state);
}

/** Keras GaussianDropout (training): mask = 1 + sqrt(rate/(1-rate)) * N(0,1), y = x * mask. */
export function gaussianDropoutForward(m: WasmModule, x: number, y: number, mask: number, n: number, rate: number, state: number): void {
  maskForward('gaussianDropoutForward', m, x, y, mask, n, rate, state);
}

/** Keras AlphaDropout (training): y = keep ? a*x + b : a*alpha' + b, mask = keep ? a : 0. */
export function alphaDropoutForward(m: WasmModule, x: number, y: number, mask: number, n: number, rate: number, state: number): void {
  maskForward('alphaDropoutForward', m, x, y, mask, n, rate, state);
}

/** dx += dy * mask: backward of the three forwards above. */
export function dropoutBackward(m: WasmModule, dy: number, mask: number, dx: number, n: number): void {
  const fn = 'dropoutBackward';
  checkCount(fn, 'n', n);
  checkF32Buffer(fn, 'dy', m, dy, n);
  checkF32Buffer(fn, 'mask', m, mask, n);
  checkF32Buffer(fn, 'dx', m, dx, n);
  m.exports.dropoutBackward(dy, mask, dx, n);
}

/** Keras GaussianNoise (training): y = x + stddev * N(0,1); stddev >= 0 (Keras caps it at 1; we do not). */
export function gaussianNoiseForward(m: WasmModule, x: number, y: number, n: number, stddev: number, state: number): void {
  const fn = 'gaussianNoiseForward';
  checkCount(fn, 'n', n);
  checkF32Buffer(fn, 'x', m, x, n);
  checkF32Buffer(fn, 'y', m, y, n);
  checkNumber(fn, 'stddev', stddev, 0);
  checkState(fn, m, state);
  m.exports.gaussianNoiseForward(x, y, n, stddev, state);
}

/** dx += dy. */
export function gaussianNoiseBackward(m: WasmModule, dy: number, dx: number, n: number): void {
  const fn = 'gaussianNoiseBackward';
  checkCount(fn, 'n', n);
  checkF32Buffer(fn, 'dy', m, dy, n);
  checkF32Buffer(fn, 'dx', m, dx, n);
  m.exports.gaussianNoiseBackward(dy, dx, n);
}

type Broadcast = 'dropoutBroadcastForward' | 'dropoutBroadcastBackward';

function broadcast(fn: Broadcast, m: WasmModule, a: number, mask: number, b: number, outer: number, mid: number, inner: number): void {
  checkCount(fn, 'outer', outer);
  checkCount(fn, 'mid', mid);
  checkCount(fn, 'inner', inner);
  const n = outer * mid * inner;
  if (n > 0x7fffffff) throw new ValidationError(fn, 'outer', 'sizes whose product outer * mid * inner is < 2^31', n);
  const [an, bn] = fn === 'dropoutBroadcastForward' ? ['x', 'y'] : ['dy', 'dx'];
  checkF32Buffer(fn, an, m, a, n);
  checkF32Buffer(fn, 'mask', m, mask, outer * inner);
  checkF32Buffer(fn, bn, m, b, n);
  // In place (b === a) is fine; a partial overlap, or the mask inside the output, is not.
  if (b !== a && Math.abs(b - a) < n * 4) throw new ValidationError(fn, bn, `a buffer equal to ${an} or not overlapping it`, b);
  if (mask < b + n * 4 && b < mask + outer * inner * 4) throw new ValidationError(fn, 'mask', `a buffer that does not overlap ${bn}`, mask);
  m.exports[fn](a, mask, b, outer, mid, inner);
}

/** Dropout with a noise shape: y[o, j, i] = x[o, j, i] * mask[o, i] (0 where the mask is 0); x, y (outer, mid, inner), mask (outer, inner). */
export function dropoutBroadcastForward(m: WasmModule, x: number, mask: number, y: number, outer: number, mid: number, inner: number): void {
  broadcast('dropoutBroadcastForward', m, x, mask, y, outer, mid, inner);
}

/** dx[o, j, i] += dy[o, j, i] * mask[o, i]: backward of dropoutBroadcastForward. */
export function dropoutBroadcastBackward(m: WasmModule, dy: number, mask: number, dx: number, outer: number, mid: number, inner: number): void {
  broadcast('dropoutBroadcastBackward', m, dy, mask, dx, outer, mid, inner);
}
