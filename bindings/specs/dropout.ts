// Registry rows for the in-wasm PRNG (assembly/rng.ts) and the dropout / noise kernels
// (assembly/kernels/dropout.ts). `state` is the 64-byte PRNG state (RNG_STATE_BYTES).
import type { KernelSpec } from '../registry.js';

const f = 'dropout' as const;
const b4 = (k: number) => (s: Record<string, number>) => 4 * k * s.n;
// Broadcast kernels: `k` passes over the (outer, mid, inner) block plus one read of the (outer, inner) mask.
const bBlock = (k: number) => (s: Record<string, number>) => 4 * (k * s.outer * s.mid * s.inner + s.outer * s.inner);

export const dropoutKernels: KernelSpec[] = [
  { name: 'rngSeed', family: f, args: ['state:(64 bytes)', 'seed'], doc: 'seeds the 4-lane xoshiro128** state from a u32 seed (splitmix32)', bytes: () => 64 },
  { name: 'rngFillU32', family: f, args: ['state', 'out:(n) u32', 'n'], doc: 'writes the next n u32 of the stream', bytes: b4(1) },
  { name: 'dropoutForward', family: f, args: ['x:(n)', 'y:(n)', 'mask:(n)', 'n', 'rate', 'state'], doc: 'inverted dropout: mask = keep ? 1/(1-rate) : 0, y = x*mask', bytes: b4(3) },
  { name: 'dropoutBackward', family: f, args: ['dy:(n)', 'mask:(n)', 'dx:(n)', 'n'], doc: 'dx += dy*mask (dropout, gaussianDropout, alphaDropout)', bytes: b4(4) },
  { name: 'gaussianNoiseForward', family: f, args: ['x:(n)', 'y:(n)', 'n', 'stddev', 'state'], doc: 'y = x + stddev*N(0,1)', bytes: b4(2) },
  { name: 'gaussianNoiseBackward', family: f, args: ['dy:(n)', 'dx:(n)', 'n'], doc: 'dx += dy', bytes: b4(3) },
  { name: 'gaussianDropoutForward', family: f, args: ['x:(n)', 'y:(n)', 'mask:(n)', 'n', 'rate', 'state'], doc: 'mask = 1 + sqrt(rate/(1-rate))*N(0,1), y = x*mask', bytes: b4(3) },
  { name: 'alphaDropoutForward', family: f, args: ['x:(n)', 'y:(n)', 'mask:(n)', 'n', 'rate', 'state'], doc: 'Keras AlphaDropout: y = keep ? a*x+b : a*alpha\'+b, mask = keep ? a : 0', bytes: b4(3) },
  { name: 'dropoutBroadcastForward', family: f, args: ['x:(outer,mid,inner)', 'mask:(outer,inner)', 'y:(outer,mid,inner)', 'outer', 'mid', 'inner'], doc: 'y = x*mask with the mask row repeated along mid (Dropout noise_shape); 0 where mask is 0', bytes: bBlock(2) },
  { name: 'dropoutBroadcastBackward', family: f, args: ['dy:(outer,mid,inner)', 'mask:(outer,inner)', 'dx:(outer,mid,inner)', 'outer', 'mid', 'inner'], doc: 'dx += dy*mask with the mask row repeated along mid', bytes: bBlock(3) },
];
