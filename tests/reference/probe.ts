// Plain-TypeScript references for the probe kernels, keyed by wasm export name.

/** peakProbe: 12 accumulators x 4 lanes, each acc = acc*w + x from acc = x, summed (float64). Every
 *  chain is computed, so that as a bench baseline it does the same work as the kernel. */
export function peakProbeRef(iters: number, w: number, x: number): number {
  const acc = new Float64Array(48).fill(x);
  for (let i = 0; i < iters; i++) for (let l = 0; l < 48; l++) acc[l] = acc[l] * w + x;
  return acc.reduce((s, v) => s + v, 0);
}

export const probeReferences: Record<string, Function> = { peakProbe: peakProbeRef };
