// Facts the host needs before it lays out memory or picks kernels.

/** First byte after static data: the TypeScript arena starts here (bindings/arena.ts). */
export function heapBase(): usize {
  return __heap_base;
}

/** Bit 0: SIMD, bit 1: relaxed SIMD, bit 2: threads, bit 3: asserts on (debug build). */
export function buildFeatures(): i32 {
  let f = 0;
  if (ASC_FEATURE_SIMD) f |= 1;
  if (ASC_FEATURE_RELAXED_SIMD) f |= 2;
  if (ASC_FEATURE_THREADS) f |= 4;
  if (!ASC_NO_ASSERT) f |= 8;
  return f;
}
