// The in-wasm PRNG behind dropout and the noise layers: four independent xoshiro128** generators
// (Blackman & Vigna 2018, the algorithm of src/rng.ts), one per i32x4 lane, stepped together so one
// SIMD step yields 4 uniform u32 for 4 consecutive elements. All state lives in a caller-provided
// 64-byte buffer (nothing static: a threads build shares memory, and each instance would otherwise
// re-apply data segments), so a layer owns its stream and two layers never interfere.
//
// State layout (RNG_STATE_BYTES = 64, 16-byte aligned): s0 | s1 | s2 | s3, each a v128 whose lane j
// is word k of generator j. Output order: the k-th step returns lanes (j = 0..3) as stream elements
// 4k + j. Seeding: splitmix32 from `seed` produces 16 words; generator j takes words 4j..4j+3 as
// (s0, s1, s2, s3), so generator 0 is exactly `new Rng(seed)` of src/rng.ts. splitmix32 is a bijection
// of a counter, so 4 consecutive outputs are distinct and never all zero (xoshiro's one bad state).
// TS twin: src/rngStream.ts (tests/kernels/rng.test.ts checks the streams are equal).

export const RNG_STATE_BYTES: usize = 64;

/** Fills the 64-byte state at `state` from `seed` (see the layout above). */
export function rngSeed(state: usize, seed: u32): void {
  let x = seed;
  for (let j = 0; j < 4; j++) {
    for (let k = 0; k < 4; k++) {
      x += 0x9e3779b9;
      let z = x;
      z = (z ^ (z >>> 16)) * 0x85ebca6b;
      z = (z ^ (z >>> 13)) * 0xc2b2ae35;
      store<u32>(state + (<usize>k << 4) + (<usize>j << 2), z ^ (z >>> 16));
    }
  }
}

@inline function rotl4(v: v128, k: i32): v128 {
  return v128.or(i32x4.shl(v, k), i32x4.shr_u(v, 32 - k));
}

// xoshiro128** output and transition on the 4 lanes, the transition in closed form (t = s1 << 9;
// s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)), shared by the two steppers below.
// @ts-ignore: decorator
@inline function xoOut(s1: v128): v128 {
  return i32x4.mul(rotl4(i32x4.mul(s1, i32x4.splat(5)), 7), i32x4.splat(9));
}
// @ts-ignore: decorator
@inline function xoNext0(s0: v128, s1: v128, s3: v128): v128 {
  return v128.xor(v128.xor(s0, s3), s1);
}
// @ts-ignore: decorator
@inline function xoNext1(s0: v128, s1: v128, s2: v128): v128 {
  return v128.xor(v128.xor(s1, s2), s0);
}
// @ts-ignore: decorator
@inline function xoNext2(s0: v128, s1: v128, s2: v128): v128 {
  return v128.xor(v128.xor(s2, s0), i32x4.shl(s1, 9));
}
// @ts-ignore: decorator
@inline function xoNext3(s1: v128, s3: v128): v128 {
  return rotl4(v128.xor(s3, s1), 11);
}

/** One step of the 4 generators: returns 4 uniform u32 (stream elements 4k..4k+3), advances state. */
// @ts-ignore: decorator
@inline export function rngNext4(state: usize): v128 {
  const s0 = v128.load(state);
  const s1 = v128.load(state, 16);
  const s2 = v128.load(state, 32);
  const s3 = v128.load(state, 48);
  v128.store(state, xoNext0(s0, s1, s3));
  v128.store(state, xoNext1(s0, s1, s2), 16);
  v128.store(state, xoNext2(s0, s1, s2), 32);
  v128.store(state, xoNext3(s1, s3), 48);
  return xoOut(s1);
}

/**
 * `steps` steps at once, writing stream elements to out (4 * steps u32): the state stays in locals,
 * where rngNext4's store-then-load of the state on every step (a ~10-cycle dependency through
 * memory) made dropout PRNG-bound; this halves dropout's time. Kernels with an output buffer fill it
 * with bits tile by tile, then transform the tile while it is in L1.
 */
// @ts-ignore: decorator
@inline export function rngFillSteps(state: usize, out: usize, steps: i32): void {
  let s0 = v128.load(state);
  let s1 = v128.load(state, 16);
  let s2 = v128.load(state, 32);
  let s3 = v128.load(state, 48);
  for (let i = 0; i < steps; i++) {
    v128.store(out + (<usize>i << 4), xoOut(s1));
    const n0 = xoNext0(s0, s1, s3);
    const n1 = xoNext1(s0, s1, s2);
    const n2 = xoNext2(s0, s1, s2);
    s3 = xoNext3(s1, s3);
    s0 = n0;
    s1 = n1;
    s2 = n2;
  }
  v128.store(state, s0);
  v128.store(state, s1, 16);
  v128.store(state, s2, 32);
  v128.store(state, s3, 48);
}

/** Bytes of output a kernel fills with bits and then transforms in one go: 1 KiB stays in L1. */
export const RNG_TILE_BYTES: usize = 1024;

/** Uniform in (0, 1] from the top 24 bits of each lane: exact in f32, never 0 (so log() is finite). */
// @ts-ignore: decorator
@inline export function uniformOpen4(bits: v128): v128 {
  // Signed conversion: the 24-bit values are non-negative either way, and x64 has it as one instruction.
  const top = f32x4.convert_i32x4_s(i32x4.shr_u(bits, 8));
  return f32x4.mul(f32x4.add(top, f32x4.splat(1)), f32x4.splat(5.9604644775390625e-8)); // 2^-24
}

/** Writes the next `n` stream elements (u32) to `out` (n u32): ceil(n/4) steps, the tail's unused lanes are dropped. */
export function rngFillU32(state: usize, out: usize, n: i32): void {
  rngFillSteps(state, out, n >> 2);
  const i = n & ~3;
  if (i < n) {
    const r = rngNext4(state);
    store<u32>(out + (<usize>i << 2), i32x4.extract_lane(r, 0));
    if (i + 1 < n) store<u32>(out + (<usize>(i + 1) << 2), i32x4.extract_lane(r, 1));
    if (i + 2 < n) store<u32>(out + (<usize>(i + 2) << 2), i32x4.extract_lane(r, 2));
  }
}
