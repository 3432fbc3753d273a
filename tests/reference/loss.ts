// Plain-TypeScript float64 references for the loss kernels (assembly/kernels/loss.ts, lossProbs.ts),
// keyed by wasm export name. Pointer arguments become arrays; w = null means no sample weights.
// Written from the Keras 3 formulas directly (log of the softmax, not the fused stable forms), so
// they check the kernels' rearrangements as well as their arithmetic.
type Arr = { [i: number]: number; length: number };
type W = Arr | null;

const EPS = Math.fround(1e-7);
const HI = Math.fround(1 - EPS); // Keras clips to 1 - epsilon() in the model's f32
const clip = (v: number) => Math.min(Math.max(v, EPS), HI);
const inside = (v: number) => (v >= EPS && v <= HI ? 1 : 0);

function logSoftmaxRow(z: Arr, o: number, cols: number): number[] {
  let m = -Infinity;
  for (let j = 0; j < cols; j++) m = Math.max(m, z[o + j]);
  let s = 0;
  for (let j = 0; j < cols; j++) s += Math.exp(z[o + j] - m);
  return Array.from({ length: cols }, (_, j) => z[o + j] - m - Math.log(s));
}

/** Generic driver: per row, `row` returns [loss_r, dloss_r/dinput (cols)]. */
function fused(rows: number, cols: number, g: Arr, w: W, gradScale: number, row: (r: number, o: number) => [number, number[]]): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const [loss, grad] = row(r, o);
    const wr = w ? w[r] : 1;
    total += wr * loss;
    for (let j = 0; j < cols; j++) g[o + j] = gradScale * wr * grad[j];
  }
  return total;
}

export function softmaxCrossEntropy(z: Arr, t: Arr, g: Arr, w: W, rows: number, cols: number, gradScale: number): number {
  return fused(rows, cols, g, w, gradScale, (_, o) => {
    const ls = logSoftmaxRow(z, o, cols);
    let loss = 0;
    let tsum = 0;
    for (let j = 0; j < cols; j++) {
      loss -= t[o + j] * ls[j];
      tsum += t[o + j];
    }
    return [loss, ls.map((l, j) => tsum * Math.exp(l) - t[o + j])];
  });
}

export function sparseSoftmaxCrossEntropy(z: Arr, labels: Arr, g: Arr, w: W, rows: number, cols: number, gradScale: number): number {
  return fused(rows, cols, g, w, gradScale, (r, o) => {
    const ls = logSoftmaxRow(z, o, cols);
    return [-ls[labels[r]], ls.map((l, j) => Math.exp(l) - (j === labels[r] ? 1 : 0))];
  });
}

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** -(t ln sigmoid(z) + (1 - t) ln(1 - sigmoid(z))) = t softplus(-z) + (1 - t) softplus(z). */
export function sigmoidBinaryCrossEntropy(z: Arr, t: Arr, g: Arr, w: W, rows: number, cols: number, gradScale: number): number {
  return fused(rows, cols, g, w, gradScale, (_, o) => {
    let loss = 0;
    const grad: number[] = [];
    for (let j = 0; j < cols; j++) {
      const zj = z[o + j];
      const tj = t[o + j];
      loss += tj * softplus(-zj) + (1 - tj) * softplus(zj);
      grad.push((sigmoid(zj) - tj) / cols);
    }
    return [loss / cols, grad];
  });
}

/** Keras: o = p / sum(p), clip, -sum t ln o; gradient by the chain rule through both. */
export function categoricalCrossEntropyProbs(p: Arr, t: Arr, g: Arr, w: W, rows: number, cols: number, gradScale: number): number {
  return fused(rows, cols, g, w, gradScale, (_, o) => {
    let s = 0;
    for (let j = 0; j < cols; j++) s += p[o + j];
    const out = Array.from({ length: cols }, (_, j) => p[o + j] / s);
    let loss = 0;
    const G = out.map((v, j) => (-t[o + j] / clip(v)) * inside(v));
    for (let j = 0; j < cols; j++) loss -= t[o + j] * Math.log(clip(out[j]));
    // d o_c / d p_j = ([c == j] - o_c) / s
    return [loss, out.map((_, j) => G.reduce((acc, Gc, c) => acc + Gc * ((c === j ? 1 : 0) - out[c]) / s, 0))];
  });
}

export function sparseCategoricalCrossEntropyProbs(p: Arr, labels: Arr, g: Arr, w: W, rows: number, cols: number, gradScale: number): number {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) t[r * cols + labels[r]] = 1;
  return categoricalCrossEntropyProbs(p, t, g, w, rows, cols, gradScale);
}

export function binaryCrossEntropyProbs(p: Arr, t: Arr, g: Arr, w: W, rows: number, cols: number, gradScale: number): number {
  return fused(rows, cols, g, w, gradScale, (_, o) => {
    let loss = 0;
    const grad: number[] = [];
    for (let j = 0; j < cols; j++) {
      const pc = clip(p[o + j]);
      const tj = t[o + j];
      loss -= tj * Math.log(pc) + (1 - tj) * Math.log(1 - pc);
      grad.push(((-tj / pc + (1 - tj) / (1 - pc)) * inside(p[o + j])) / cols);
    }
    return [loss / cols, grad];
  });
}

export function meanSquaredError(p: Arr, t: Arr, g: Arr, w: W, rows: number, cols: number, gradScale: number): number {
  return fused(rows, cols, g, w, gradScale, (_, o) => {
    let loss = 0;
    const grad: number[] = [];
    for (let j = 0; j < cols; j++) {
      const d = p[o + j] - t[o + j];
      loss += d * d;
      grad.push((2 * d) / cols);
    }
    return [loss / cols, grad];
  });
}

export function meanAbsoluteError(p: Arr, t: Arr, g: Arr, w: W, rows: number, cols: number, gradScale: number): number {
  return fused(rows, cols, g, w, gradScale, (_, o) => {
    let loss = 0;
    const grad: number[] = [];
    for (let j = 0; j < cols; j++) {
      const d = p[o + j] - t[o + j];
      loss += Math.abs(d);
      grad.push(Math.sign(d) / cols);
    }
    return [loss / cols, grad];
  });
}

export const lossReferences: Record<string, Function> = {
  softmaxCrossEntropy,
  sparseSoftmaxCrossEntropy,
  sigmoidBinaryCrossEntropy,
  categoricalCrossEntropyProbs,
  sparseCategoricalCrossEntropyProbs,
  binaryCrossEntropyProbs,
  meanSquaredError,
  meanAbsoluteError,
};
