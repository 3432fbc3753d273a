// The seed of trial (or fold) `tid` in a search seeded with `seed`: MurmurHash3's fmix32 finaliser
// of seed + (tid + 1) * 0x9e3779b9 (the golden-ratio increment splitmix uses), so that neighbouring
// tids get unrelated streams. Moved out of fmin.ts so search-cv.ts can use it without fmin.
/** A 32-bit seed for trial `tid` of a search seeded with `seed`. */
export function trialSeed(seed: number, tid: number): number {
  let z = (seed + Math.imul(tid + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

