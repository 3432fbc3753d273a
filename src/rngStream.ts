// The TypeScript twin of the in-wasm PRNG (assembly/rng.ts): four xoshiro128** generators stepped
// together, generator j giving stream elements 4k + j. Same seeding (splitmix32, generator 0 equals
// `new Rng(seed)` of src/rng.ts), same state layout (16 u32: s0 | s1 | s2 | s3, 4 lanes each), so a
// state can be copied between TS and wasm. Used by the tests and references to reproduce dropout
// masks and noise exactly, and by anything that must predict what a seeded wasm layer will draw.
import { checkInt } from './validate.js';

/** Bytes of PRNG state a wasm kernel needs (the `state` argument of dropout and noise kernels). */
export const RNG_STATE_BYTES = 64;

/**
 * The TypeScript twin of the in-wasm PRNG: four xoshiro128** generators in the state layout the
 * dropout and noise kernels take, so a state can be copied between TypeScript and wasm.
 */
export class RngStream {
  /** The state, in the wasm layout: word k of generator j at index 4k + j. */
  readonly state = new Uint32Array(16);

  constructor(seed: number) {
    checkInt('RngStream', 'seed', seed, 0, 0xffffffff);
    let x = seed >>> 0;
    for (let j = 0; j < 4; j++) {
      for (let k = 0; k < 4; k++) {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        this.state[4 * k + j] = (z ^ (z >>> 16)) >>> 0;
      }
    }
  }

  /** One step: writes stream elements 4k..4k+3 (u32) to out[at..at+3]. */
  next4(out: Uint32Array, at = 0): void {
    const s = this.state;
    for (let j = 0; j < 4; j++) {
      const s0 = s[j], s1 = s[4 + j], s2 = s[8 + j], s3 = s[12 + j];
      out[at + j] = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      s[j] = s0 ^ s3 ^ s1;
      s[4 + j] = s1 ^ s2 ^ s0;
      s[8 + j] = s2 ^ s0 ^ (s1 << 9);
      s[12 + j] = rotl(s3 ^ s1, 11);
    }
  }

  /** The next n stream elements, as rngFillU32 writes them (ceil(n/4) steps; unused tail lanes dropped). */
  fillU32(n: number): Uint32Array {
    const out = new Uint32Array(Math.ceil(n / 4) * 4);
    for (let i = 0; i < n; i += 4) this.next4(out, i);
    return out.subarray(0, n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Uniform in (0, 1] from the top 24 bits, exactly as the wasm kernels compute it (uniformOpen4). */
export function uniformOpen(bits: number): number {
  return ((bits >>> 8) + 1) * 2 ** -24;
}
