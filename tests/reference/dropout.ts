// Plain-TypeScript references for the PRNG, dropout and noise kernels, keyed by wasm export name.
// Same arguments as the kernels with arrays for pointers and an RngStream (the TS twin of the wasm
// PRNG) for `state`; they draw the same stream, so masks match the kernels bit for bit. Arithmetic
// is f64 except where the kernel's f32 rounding decides a value (the dropout scale), which is
// reproduced with Math.fround.
import { RngStream, uniformOpen } from '../../src/rngStream.js';

type Arr = { length: number; [i: number]: number };

/** Keras's keep rule `uniform >= rate` on integers, as the kernels apply it. */
export function keeps(bits: number, rate: number): boolean {
  return bits >>> 0 >= Math.floor(Math.fround(rate) * 4294967296);
}

/** The n stream elements one forward call uses (ceil(n/4) steps). */
function draw(stream: RngStream, n: number): Uint32Array {
  return stream.fillU32(n);
}

/** n standard normals by Box-Muller on uniform pairs (lanes 0,1 and 2,3 of each step), f64. */
export function normals(stream: RngStream, n: number): Float64Array {
  const bits = stream.fillU32(Math.ceil(n / 4) * 4);
  const z = new Float64Array(bits.length);
  for (let i = 0; i < bits.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniformOpen(bits[i])));
    const t = 2 * Math.PI * uniformOpen(bits[i + 1]);
    z[i] = r * Math.cos(t);
    z[i + 1] = r * Math.sin(t);
  }
  return z.subarray(0, n);
}

export function rngSeed(seed: number): Uint32Array {
  return new RngStream(seed).state;
}

export function rngFillU32(stream: RngStream, out: Uint32Array, n: number): void {
  out.set(stream.fillU32(n));
}

export function dropoutForward(x: Arr, y: Arr, mask: Arr, n: number, rate: number, stream: RngStream): void {
  const bits = draw(stream, n);
  const scale = Math.fround(1 / Math.fround(1 - Math.fround(rate)));
  for (let i = 0; i < n; i++) {
    const keep = keeps(bits[i], rate);
    mask[i] = keep ? scale : 0;
    y[i] = keep ? x[i] * scale : 0;
  }
}

export function dropoutBackward(dy: Arr, mask: Arr, dx: Arr, n: number): void {
  for (let i = 0; i < n; i++) dx[i] += dy[i] * mask[i];
}

export function gaussianNoiseForward(x: Arr, y: Arr, n: number, stddev: number, stream: RngStream): void {
  const z = normals(stream, n);
  for (let i = 0; i < n; i++) y[i] = x[i] + stddev * z[i];
}

export function gaussianNoiseBackward(dy: Arr, dx: Arr, n: number): void {
  for (let i = 0; i < n; i++) dx[i] += dy[i];
}

export function gaussianDropoutForward(x: Arr, y: Arr, mask: Arr, n: number, rate: number, stream: RngStream): void {
  const z = normals(stream, n);
  const sd = Math.sqrt(rate / (1 - rate));
  for (let i = 0; i < n; i++) {
    mask[i] = 1 + sd * z[i];
    y[i] = x[i] * mask[i];
  }
}

/** Keras AlphaDropout constants (SELU: Klambauer et al. 2017) and its affine correction for `rate`. */
export function alphaDropoutAffine(rate: number): { alphaP: number; a: number; b: number } {
  const alphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;
  const a = ((1 - rate) * (1 + rate * alphaP * alphaP)) ** -0.5;
  return { alphaP, a, b: -a * alphaP * rate };
}

/** Written as Keras writes it: a * (x * keep + alpha' * (1 - keep)) + b. */
export function alphaDropoutForward(x: Arr, y: Arr, mask: Arr, n: number, rate: number, stream: RngStream): void {
  const bits = draw(stream, n);
  const { alphaP, a, b } = alphaDropoutAffine(rate);
  for (let i = 0; i < n; i++) {
    const keep = keeps(bits[i], rate) ? 1 : 0;
    mask[i] = a * keep;
    y[i] = a * (x[i] * keep + alphaP * (1 - keep)) + b;
  }
}

/** y[o, j, i] = x[o, j, i] * mask[o, i], and 0 where the mask is 0 (the kernel's rule for a dropped Inf/NaN). */
export function dropoutBroadcastForward(x: Arr, mask: Arr, y: Arr, outer: number, mid: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < mid; j++) {
      for (let i = 0; i < inner; i++) {
        const at = (o * mid + j) * inner + i;
        const m = mask[o * inner + i];
        y[at] = m === 0 ? 0 : x[at] * m;
      }
    }
  }
}

/** dx[o, j, i] += dy[o, j, i] * mask[o, i]. */
export function dropoutBroadcastBackward(dy: Arr, mask: Arr, dx: Arr, outer: number, mid: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < mid; j++) {
      for (let i = 0; i < inner; i++) dx[(o * mid + j) * inner + i] += dy[(o * mid + j) * inner + i] * mask[o * inner + i];
    }
  }
}

export const dropoutReferences: Record<string, Function> = {
  rngSeed,
  rngFillU32,
  dropoutForward,
  dropoutBackward,
  gaussianNoiseForward,
  gaussianNoiseBackward,
  gaussianDropoutForward,
  alphaDropoutForward,
  dropoutBroadcastForward,
  dropoutBroadcastBackward,
};
