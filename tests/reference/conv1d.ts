// Direct (four-deep loop) 1-D convolution over [B, T, C] in float64, the reference for conv1d
// (src/layers/conv1d.ts), written from the definitions rather than from the conv2d geometry the layer
// reuses: output step o reads input steps o*s - left + j*d, j < k, zeros outside [0, T), with
//   valid:  left 0,                OT = floor((T - (k-1)*d - 1) / s) + 1
//   same:   left floor(total / 2), OT = ceil(T / s), total = max((OT-1)*s + (k-1)*d + 1 - T, 0) (TensorFlow)
//   causal: left (k-1)*d,          OT = floor((T - 1) / s) + 1 (Keras 3 pads the input on the left, then 'valid')
// tfjs-layers 4.22 rejects 'causal' for Conv1D, so this loop is what the causal case is checked against.
// Kernel w [k, C, F] (Keras), bias [F] or null. Not a wasm kernel: conv1d runs im2col + sgemm.

export interface Conv1dGeometry { B: number; T: number; C: number; F: number; k: number; s: number; d: number; left: number; OT: number }

export function conv1dGeometry(B: number, T: number, C: number, F: number, k: number, s: number, d: number, padding: 'valid' | 'same' | 'causal'): Conv1dGeometry {
  const eff = (k - 1) * d + 1;
  let left = 0;
  let OT: number;
  if (padding === 'valid') OT = Math.floor((T - eff) / s) + 1;
  else if (padding === 'causal') {
    left = (k - 1) * d;
    OT = Math.floor((T - 1) / s) + 1;
  } else {
    OT = Math.ceil(T / s);
    left = Math.floor(Math.max((OT - 1) * s + eff - T, 0) / 2);
  }
  return { B, T, C, F, k, s, d, left, OT };
}

/** Calls visit(yIndex, xIndex, wIndex) for every product of the convolution. */
function taps(g: Conv1dGeometry, visit: (yi: number, xi: number, wi: number) => void): void {
  for (let b = 0; b < g.B; b++)
    for (let o = 0; o < g.OT; o++)
      for (let j = 0; j < g.k; j++) {
        const t = o * g.s - g.left + j * g.d;
        if (t < 0 || t >= g.T) continue;
        for (let c = 0; c < g.C; c++)
          for (let f = 0; f < g.F; f++) visit((b * g.OT + o) * g.F + f, (b * g.T + t) * g.C + c, (j * g.C + c) * g.F + f);
      }
}

/** z [B, OT, F] = conv(x, w) + bias (before the activation). */
export function conv1dRef(x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | null, g: Conv1dGeometry): Float64Array {
  const z = new Float64Array(g.B * g.OT * g.F);
  if (bias) for (let i = 0; i < z.length; i++) z[i] = bias[i % g.F];
  taps(g, (yi, xi, wi) => (z[yi] += x[xi] * w[wi]));
  return z;
}

/** Gradients from dz [B, OT, F] (after the activation's derivative): dx [B, T, C], dw [k, C, F], db [F]. */
export function conv1dBackwardRef(x: ArrayLike<number>, w: ArrayLike<number>, dz: ArrayLike<number>, g: Conv1dGeometry) {
  const dx = new Float64Array(g.B * g.T * g.C);
  const dw = new Float64Array(g.k * g.C * g.F);
  const db = new Float64Array(g.F);
  for (let i = 0; i < dz.length; i++) db[i % g.F] += dz[i];
  taps(g, (yi, xi, wi) => {
    dx[xi] += dz[yi] * w[wi];
    dw[wi] += dz[yi] * x[xi];
  });
  return { dx, dw, db };
}
