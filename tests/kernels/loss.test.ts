// Fused loss kernels (assembly/kernels/loss.ts, lossProbs.ts) against the float64 references of
// tests/reference/loss.ts on every build: loss sum and gradient on SIZES, sample weights, gradScale,
// in place, extreme logits and probabilities, central-difference checks of the reference gradients,
// and the wrappers' validation (labels out of range).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SIZES, moduleFor, testBuilds, assertClose, put, get } from '../helpers.js';
import { Rng } from '../../src/rng.js';
import { LOSSES, LOSS_KERNELS, SPARSE_LOSSES, type LossKernel } from '../../bindings/loss.js';
import { lossReferences } from '../reference/loss.js';
import type { WasmModule } from '../../bindings/loader.js';
import { SimdnetError } from '../../src/errors.js';

const builds = await testBuilds();
const isSparse = (k: LossKernel) => SPARSE_LOSSES.includes(k);
const onProbs = (k: LossKernel) => k.endsWith('Probs');

interface Problem {
  input: Float32Array;
  target: Float32Array | Int32Array;
  w: Float32Array | null;
}

/** Random inputs suited to the loss: logits in [-4, 4], probabilities in (0.02, 1), soft or hard targets. */
function problem(k: LossKernel, rng: Rng, rows: number, cols: number, weighted: boolean): Problem {
  const n = rows * cols;
  const input = new Float32Array(n);
  for (let i = 0; i < n; i++) input[i] = onProbs(k) ? rng.range(0.02, 1) : k.startsWith('mean') ? rng.range(-3, 3) : rng.range(-4, 4);
  let target: Float32Array | Int32Array;
  if (isSparse(k)) target = Int32Array.from({ length: rows }, () => rng.int(cols));
  else {
    target = new Float32Array(n);
    for (let i = 0; i < n; i++) target[i] = k.startsWith('mean') ? rng.range(-3, 3) : rng.uniform();
    if (k.startsWith('categorical') || k === 'softmaxCrossEntropy') {
      // Soft labels summing to 1 per row (what label smoothing produces).
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += target[r * cols + j];
        for (let j = 0; j < cols; j++) target[r * cols + j] = Math.fround(target[r * cols + j] / s);
      }
    }
  }
  const w = weighted ? Float32Array.from({ length: rows }, () => rng.range(0, 2)) : null;
  return { input, target, w };
}

function run(m: WasmModule, k: LossKernel, p: Problem, rows: number, cols: number, gradScale: number, inPlace = false) {
  const pin = put(m, p.input);
  const ptg = m.arena.alloc(4 * p.target.length);
  new (p.target.constructor as typeof Float32Array)(m.memory.buffer, ptg, p.target.length).set(p.target as Float32Array);
  const pw = p.w ? put(m, p.w) : 0;
  const pg = inPlace ? pin : m.arena.alloc(4 * p.input.length);
  const loss = LOSSES[k](m, pin, ptg, pg, pw, rows, cols, gradScale);
  const grad = get(m, pg, p.input.length);
  for (const ptr of new Set([pin, ptg, pw, pg])) if (ptr) m.arena.free(ptr);
  return { loss, grad };
}

function reference(k: LossKernel, p: Problem, rows: number, cols: number, gradScale: number) {
  const grad = new Float64Array(p.input.length);
  const loss = lossReferences[k](p.input, p.target, grad, p.w, rows, cols, gradScale) as number;
  return { loss, grad };
}

test('loss and gradient match the float64 reference on every size, weighted or not, in place', async () => {
  for (const build of builds) {
    const m = await moduleFor(build);
    const rng = new Rng(21);
    for (const k of LOSS_KERNELS) {
      for (const cols of SIZES) {
        const rows = cols > 1000 ? 2 : 3;
        for (const weighted of [false, true]) {
          const p = problem(k, rng, rows, cols, weighted);
          const gs = 1 / rows;
          const want = reference(k, p, rows, cols, gs);
          const label = `${build} ${k} ${rows}x${cols}${weighted ? ' weighted' : ''}`;
          const got = run(m, k, p, rows, cols, gs);
          assertClose([got.loss], [want.loss], { rtol: 2e-5, atol: 1e-6, label: `${label} loss` });
          assertClose(got.grad, want.grad, { rtol: 2e-5, atol: 1e-7, label: `${label} grad` });
          const inPlace = run(m, k, p, rows, cols, gs, true);
          assertClose(inPlace.grad, got.grad, { rtol: 0, atol: 0, label: `${label} in place` });
          assert.is(inPlace.loss, got.loss, `${label} in-place loss`);
        }
      }
    }
  }
});

test('reference gradients agree with float64 central differences of the reference loss', () => {
  const rng = new Rng(8);
  const rows = 3;
  const cols = 5;
  for (const k of LOSS_KERNELS) {
    const p = problem(k, rng, rows, cols, true);
    const x = Float64Array.from(p.input);
    const ref = reference(k, { ...p, input: x as unknown as Float32Array }, rows, cols, 0.5);
    for (let i = 0; i < x.length; i++) {
      const h = 1e-6;
      const at = (v: number) => {
        const y = Float64Array.from(x);
        y[i] = v;
        return lossReferences[k](y, p.target, new Float64Array(x.length), p.w, rows, cols, 0.5) as number;
      };
      // gradScale 0.5 multiplies the gradient of the (weighted) loss sum.
      const fd = (0.5 * (at(x[i] + h) - at(x[i] - h))) / (2 * h);
      assert.ok(Math.abs(fd - ref.grad[i]) <= 1e-7 + 1e-5 * Math.abs(fd), `${k}[${i}]: analytic ${ref.grad[i]}, central difference ${fd}`);
    }
  }
});

test('extreme inputs: logits of ±1e4 and probabilities of 0 and 1 give finite, correct values', async () => {
  const rows = 2;
  const cols = 6;
  const logits = Float32Array.from([1e4, -1e4, 0, 5e3, -3, 1e4, -1e4, -1e4, -1e4, 1e4, 2, 1]);
  const probs = Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0, 1e-9, 1 - 1e-9]);
  const soft = Float32Array.from([0.5, 0, 0.5, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  const labels = Int32Array.from([1, 3]);
  for (const build of builds) {
    const m = await moduleFor(build);
    for (const k of LOSS_KERNELS) {
      const input = onProbs(k) ? probs : k.startsWith('mean') ? Float32Array.from(logits, (v) => v / 10) : logits;
      const p: Problem = { input, target: isSparse(k) ? labels : soft, w: Float32Array.from([1, 0.5]) };
      const got = run(m, k, p, rows, cols, 1);
      const want = reference(k, p, rows, cols, 1);
      const label = `${build} ${k} extremes`;
      assert.ok(Number.isFinite(got.loss), `${label}: loss ${got.loss}`);
      assert.ok(got.grad.every(Number.isFinite), `${label}: non-finite gradient ${got.grad}`);
      assertClose([got.loss], [want.loss], { rtol: 2e-5, atol: 1e-5, label: `${label} loss` });
      assertClose(got.grad, want.grad, { rtol: 2e-5, atol: 1e-6, label: `${label} grad` });
    }
  }
});

test('NaN in the input propagates to the loss', async () => {
  const m = await moduleFor(builds[0]);
  for (const k of LOSS_KERNELS) {
    const p: Problem = { input: Float32Array.from([0.5, NaN, 0.25]), target: isSparse(k) ? Int32Array.from([0]) : Float32Array.from([0, 1, 0]), w: null };
    assert.ok(Number.isNaN(run(m, k, p, 1, 3, 1).loss), `${k}: NaN input, finite loss`);
  }
});

test('wrappers reject bad labels, pointers and scales with typed errors', async () => {
  const m = await moduleFor(builds[0]);
  const a = m.arena.alloc(64);
  const b = m.arena.alloc(64);
  const labels = m.arena.alloc(16);
  new Int32Array(m.memory.buffer, labels, 2).set([1, 4]);
  const rejects = (f: () => void, arg: string) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof SimdnetError, `expected SimdnetError, got ${e}`);
      assert.is((e as SimdnetError).arg, arg);
      return;
    }
    assert.unreachable(`no error for bad ${arg}`);
  };
  rejects(() => LOSSES.sparseSoftmaxCrossEntropy(m, a, labels, b, 0, 2, 4, 1), 'target[1]');
  rejects(() => LOSSES.sparseCategoricalCrossEntropyProbs(m, a, labels, b, 0, 2, 4, 1), 'target[1]');
  rejects(() => LOSSES.meanSquaredError(m, a, b, b, 0, 0, 4, 1), 'rows');
  rejects(() => LOSSES.meanSquaredError(m, a, b, b, 0, 2, 4, NaN), 'gradScale');
  rejects(() => LOSSES.meanSquaredError(m, a, b, b, 3, 2, 4, 1), 'w');
  rejects(() => LOSSES.softmaxCrossEntropy(m, a, b, m.memory.buffer.byteLength, 0, 2, 4, 1), 'grad');
  for (const p of [a, b, labels]) m.arena.free(p);
});

test.run();
