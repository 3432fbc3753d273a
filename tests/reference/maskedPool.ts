// Plain-TypeScript references for the masked global 1-D pooling kernels (assembly/kernels/maskedPool.ts),
// keyed by wasm export name: one output value at a time over an explicit list of the real steps.
// Float32 rounding as the kernel: the average is one f32 sum in step order, then one division.
const f = Math.fround;

/** The real steps (mask ≠ 0) of sequence n. */
function realSteps(mask: Float32Array, n: number, T: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < T; t++) if (mask[n * T + t] !== 0) out.push(t);
  return out;
}

export function maskedMaxPool1dForward(x: Float32Array, mask: Float32Array, y: Float32Array, argmax: Int32Array, N: number, T: number, C: number): void {
  for (let n = 0; n < N; n++) {
    const steps = realSteps(mask, n, T);
    for (let c = 0; c < C; c++) {
      const o = n * C + c;
      if (steps.length === 0) {
        y[o] = 0;
        argmax[o] = -1;
        continue;
      }
      let best = (n * T + steps[0]) * C + c;
      for (const t of steps) {
        const i = (n * T + t) * C + c;
        if (x[i] > x[best] || (Number.isNaN(x[i]) && !Number.isNaN(x[best]))) best = i;
      }
      y[o] = x[best];
      argmax[o] = best;
    }
  }
}

export function maskedMaxPool1dBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) if (argmax[i] >= 0) dx[argmax[i]] = f(dx[argmax[i]] + dy[i]);
}

export function maskedAvgPool1dForward(x: Float32Array, mask: Float32Array, y: Float32Array, N: number, T: number, C: number): void {
  for (let n = 0; n < N; n++) {
    const steps = realSteps(mask, n, T);
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (const t of steps) s = f(s + x[(n * T + t) * C + c]);
      y[n * C + c] = steps.length ? f(s / steps.length) : 0;
    }
  }
}

export function maskedAvgPool1dBackward(dy: Float32Array, mask: Float32Array, dx: Float32Array, N: number, T: number, C: number): void {
  for (let n = 0; n < N; n++) {
    const steps = realSteps(mask, n, T);
    for (let c = 0; c < C; c++) {
      if (!steps.length) continue;
      const share = f(dy[n * C + c] / steps.length);
      for (const t of steps) {
        const i = (n * T + t) * C + c;
        dx[i] = f(dx[i] + share);
      }
    }
  }
}

export const maskedPoolReferences: Record<string, Function> = { maskedMaxPool1dForward, maskedMaxPool1dBackward, maskedAvgPool1dForward, maskedAvgPool1dBackward };
