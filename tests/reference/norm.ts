// Plain-TypeScript references for the normalization kernels, keyed by wasm export name: the same
// arguments as the kernels with arrays for pointers (null where the kernel takes pointer 0), in f64
// (pass Float64Arrays for finite-difference checks). Two-pass mean and biased variance, as Keras 3's
// ops.moments; backward by the textbook formula (Ioffe & Szegedy 2015), accumulating.
type Arr = { length: number; [i: number]: number };
type Opt = Arr | null;

/** Mean and biased variance of the `count` values x[base + i * stride]. */
function moments(x: Arr, base: number, stride: number, count: number): [number, number] {
  let s = 0;
  for (let i = 0; i < count; i++) s += x[base + i * stride];
  const m = s / count;
  let v = 0;
  for (let i = 0; i < count; i++) v += (x[base + i * stride] - m) ** 2;
  return [m, v / count];
}

export function batchNormForwardTrain(
  x: Arr, y: Arr, gamma: Opt, beta: Opt, mean: Arr, invStd: Arr, runMean: Arr, runVar: Arr,
  B: number, C: number, momentum: number, eps: number,
): void {
  for (let c = 0; c < C; c++) {
    const [m, v] = moments(x, c, C, B);
    const inv = 1 / Math.sqrt(v + eps);
    mean[c] = m;
    invStd[c] = inv;
    runMean[c] = runMean[c] * momentum + m * (1 - momentum);
    runVar[c] = runVar[c] * momentum + v * (1 - momentum);
    for (let b = 0; b < B; b++) y[b * C + c] = (x[b * C + c] - m) * inv * (gamma ? gamma[c] : 1) + (beta ? beta[c] : 0);
  }
}

export function batchNormForwardInfer(
  x: Arr, y: Arr, gamma: Opt, beta: Opt, runMean: Arr, runVar: Arr, B: number, C: number, eps: number,
): void {
  for (let c = 0; c < C; c++) {
    const inv = 1 / Math.sqrt(runVar[c] + eps);
    for (let b = 0; b < B; b++) y[b * C + c] = (x[b * C + c] - runMean[c]) * inv * (gamma ? gamma[c] : 1) + (beta ? beta[c] : 0);
  }
}

export function batchNormBackward(
  x: Arr, dy: Arr, dx: Arr, gamma: Opt, mean: Arr, invStd: Arr, dGamma: Opt, dBeta: Opt, B: number, C: number,
): void {
  for (let c = 0; c < C; c++) {
    let sdy = 0;
    let sdyx = 0;
    for (let b = 0; b < B; b++) {
      sdy += dy[b * C + c];
      sdyx += dy[b * C + c] * (x[b * C + c] - mean[c]) * invStd[c];
    }
    if (dBeta) dBeta[c] += sdy;
    if (dGamma) dGamma[c] += sdyx;
    const g = gamma ? gamma[c] : 1;
    for (let b = 0; b < B; b++) {
      const xh = (x[b * C + c] - mean[c]) * invStd[c];
      dx[b * C + c] += g * invStd[c] * (dy[b * C + c] - sdy / B - xh * (sdyx / B));
    }
  }
}

export function layerNormForward(
  x: Arr, y: Arr, gamma: Opt, beta: Opt, mean: Arr, invStd: Arr, B: number, C: number, eps: number,
): void {
  for (let b = 0; b < B; b++) {
    const [m, v] = moments(x, b * C, 1, C);
    const inv = 1 / Math.sqrt(v + eps);
    mean[b] = m;
    invStd[b] = inv;
    for (let c = 0; c < C; c++) y[b * C + c] = (x[b * C + c] - m) * inv * (gamma ? gamma[c] : 1) + (beta ? beta[c] : 0);
  }
}

export function layerNormBackward(
  x: Arr, dy: Arr, dx: Arr, gamma: Opt, mean: Arr, invStd: Arr, dGamma: Opt, dBeta: Opt, B: number, C: number,
): void {
  for (let b = 0; b < B; b++) {
    let sg = 0;
    let sgx = 0;
    for (let c = 0; c < C; c++) {
      const i = b * C + c;
      const xh = (x[i] - mean[b]) * invStd[b];
      const g = dy[i] * (gamma ? gamma[c] : 1);
      sg += g;
      sgx += g * xh;
      if (dBeta) dBeta[c] += dy[i];
      if (dGamma) dGamma[c] += dy[i] * xh;
    }
    for (let c = 0; c < C; c++) {
      const i = b * C + c;
      const xh = (x[i] - mean[b]) * invStd[b];
      dx[i] += invStd[b] * (dy[i] * (gamma ? gamma[c] : 1) - sg / C - xh * (sgx / C));
    }
  }
}

export const normReferences: Record<string, Function> = {
  batchNormForwardTrain,
  batchNormForwardInfer,
  batchNormBackward,
  layerNormForward,
  layerNormBackward,
};
