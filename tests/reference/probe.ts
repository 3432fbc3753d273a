// Plain-TypeScript references for the probe kernels, keyed by wasm export name.

/** peakProbe: 12 lanes x 4 of acc = acc*w + x starting from x, summed (float64; f32 differs slightly). */
export function peakProbeRef(iters: number, w: number, x: number): number {
  let acc = x;
  for (let i = 0; i < iters; i++) acc = acc * w + x;
  return 48 * acc;
}

export const probeReferences: Record<string, Function> = { peakProbe: peakProbeRef };
