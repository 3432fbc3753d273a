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

/** One step of the 4 generators: returns 4 uniform u32 (stream elements 4k..4k+3), advances state. */
// @ts-ignore: decorator
@inline export function rngNext4(state: usize): v128 {
  const s0 = v128.load(state);
  const s1 = v128.load(state, 16);
  const s2 = v128.load(state, 32);
  const s3 = v128.load(state, 48);
  const out = i32x4.mul(rotl4(i32x4.mul(s1, i32x4.splat(5)), 7), i32x4.splat(9));
  // xoshiro128** transition written in closed form (t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2;
  // s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)).
  v128.store(state, v128.xor(v128.xor(s0, s3), s1));
  v128.store(state, v128.xor(v128.xor(s1, s2), s0), 16);
  v128.store(state, v128.xor(v128.xor(s2, s0), i32x4.shl(s1, 9)), 32);
  v128.store(state, rotl4(v128.xor(s3, s1), 11), 48);
  return out;
}

/** Uniform in (0, 1] from the top 24 bits of each lane: exact in f32, never 0 (so log() is finite). */
// @ts-ignore: decorator
@inline export function uniformOpen4(bits: v128): v128 {
  // Signed conversion: the 24-bit values are non-negative either way, and x64 has it as one instruction.
  const top = f32x4.convert_i32x4_s(i32x4.shr_u(bits, 8));
  return f32x4.mul(f32x4.add(top, f32x4.splat(1)), f32x4.splat(5.9604644775390625e-8)); // 2^-24
}

/** Writes the next `n` stream elements (u32) to `out` (n u32): ceil(n/4) steps, the tail's unused lanes are dropped. */
export function rngFillU32(state: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), rngNext4(state));
  if (i < n) {
    const r = rngNext4(state);
    store<u32>(out + (<usize>i << 2), i32x4.extract_lane(r, 0));
    if (i + 1 < n) store<u32>(out + (<usize>(i + 1) << 2), i32x4.extract_lane(r, 1));
    if (i + 2 < n) store<u32>(out + (<usize>(i + 2) << 2), i32x4.extract_lane(r, 2));
  }
}
