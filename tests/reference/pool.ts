// Plain-TypeScript references for the pooling kernels (assembly/kernels/pool.ts), keyed by wasm export
// name: same arguments on typed arrays, one output value at a time, padding by explicit bounds checks
// on every window cell (the kernel clips the window instead). Float32 rounding as the kernel: the
// average is one f32 sum in row-major window order, then one division.
const f = Math.fround;

type Geometry = [N: number, H: number, W: number, C: number, OH: number, OW: number, PH: number, PW: number, SH: number, SW: number, PT: number, PL: number];

/** Calls visit(outIndex, c, cells) for every output value, cells = the flat x indices of its window's real cells in row-major order. */
function windows(g: Geometry, visit: (o: number, cells: number[]) => void): void {
  const [N, H, W, C, OH, OW, PH, PW, SH, SW, PT, PL] = g;
  for (let n = 0; n < N; n++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let c = 0; c < C; c++) {
          const cells: number[] = [];
          for (let i = 0; i < PH; i++)
            for (let j = 0; j < PW; j++) {
              const h = oh * SH - PT + i;
              const w = ow * SW - PL + j;
              if (h >= 0 && h < H && w >= 0 && w < W) cells.push(((n * H + h) * W + w) * C + c);
            }
          visit(((n * OH + oh) * OW + ow) * C + c, cells);
        }
}

export function maxPool2dForward(x: Float32Array, y: Float32Array, argmax: Int32Array, ...g: Geometry): void {
  windows(g, (o, cells) => {
    let best = cells[0];
    // Strictly greater keeps the first of equal values; the first NaN wins over any number.
    for (const i of cells) if (x[i] > x[best] || (Number.isNaN(x[i]) && !Number.isNaN(x[best]))) best = i;
    y[o] = x[best];
    argmax[o] = best;
  });
}

export function maxPool2dBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) dx[argmax[i]] = f(dx[argmax[i]] + dy[i]);
}

export function avgPool2dForward(x: Float32Array, y: Float32Array, ...g: Geometry): void {
  windows(g, (o, cells) => {
    let s = 0;
    for (const i of cells) s = f(s + x[i]);
    y[o] = f(s / cells.length);
  });
}

export function avgPool2dBackward(dy: Float32Array, dx: Float32Array, ...g: Geometry): void {
  windows(g, (o, cells) => {
    const share = f(dy[o] / cells.length);
    for (const i of cells) dx[i] = f(dx[i] + share);
  });
}

export const poolReferences: Record<string, Function> = { maxPool2dForward, maxPool2dBackward, avgPool2dForward, avgPool2dBackward };

// Zero padding (assembly/kernels/pad.ts): per element, through the output coordinates.
export function zeroPad2dForward(x: Float32Array, y: Float32Array, N: number, H: number, W: number, C: number, PT: number, PB: number, PL: number, PR: number): void {
  const OH = H + PT + PB, OW = W + PL + PR;
  for (let n = 0; n < N; n++)
    for (let h = 0; h < OH; h++)
      for (let w = 0; w < OW; w++)
        for (let c = 0; c < C; c++) {
          const ih = h - PT, iw = w - PL;
          y[((n * OH + h) * OW + w) * C + c] = ih >= 0 && ih < H && iw >= 0 && iw < W ? x[((n * H + ih) * W + iw) * C + c] : 0;
        }
}

export function zeroPad2dBackward(dy: Float32Array, dx: Float32Array, N: number, H: number, W: number, C: number, PT: number, PB: number, PL: number, PR: number): void {
  const OH = H + PT + PB, OW = W + PL + PR;
  for (let n = 0; n < N; n++)
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++)
        for (let c = 0; c < C; c++) {
          const i = ((n * H + h) * W + w) * C + c;
          dx[i] = f(dx[i] + dy[((n * OH + h + PT) * OW + w + PL) * C + c]);
        }
}

export const padReferences: Record<string, Function> = { zeroPad2dForward, zeroPad2dBackward };
