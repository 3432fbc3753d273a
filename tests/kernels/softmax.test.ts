// Row softmax and logSoftmax (assembly/kernels/softmax.ts) against the float64 references on every
// build: forward and backward (accumulating) for cols in SIZES, in place, logits of ±1e4, and
// central-difference checks of the reference backward.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SIZES, moduleFor, testBuilds, randomArray, assertClose, put, get } from '../helpers.js';
import { Rng } from '../../src/rng.js';
import { softmaxForward, softmaxBackward, logSoftmaxForward, logSoftmaxBackward } from '../../bindings/activation.js';
import * as ref from '../reference/activation.js';
import type { WasmModule } from '../../bindings/loader.js';

const builds = await testBuilds();
const KINDS = [
  { name: 'softmax', fwd: softmaxForward, bwd: softmaxBackward, rf: ref.softmaxForward, rb: ref.softmaxBackward, atol: 1e-7 },
  // ln s, s = sum e^(x - max) in [1, cols] accumulated in f32: its rounding (a few ulp of s) is an
  // absolute error in every output, visible where x - max - ln s is near 0 (TF's f32 kernel alike).
  { name: 'logSoftmax', fwd: logSoftmaxForward, bwd: logSoftmaxBackward, rf: ref.logSoftmaxForward, rb: ref.logSoftmaxBackward, atol: 1e-6 },
];

function check(m: WasmModule, kind: (typeof KINDS)[number], x: Float32Array, rows: number, cols: number, rng: Rng, label: string) {
  const n = rows * cols;
  const px = put(m, x);
  const py = m.arena.alloc(4 * n);
  kind.fwd(m, px, py, rows, cols);
  const y = get(m, py, n);
  const yWant = new Float64Array(n);
  kind.rf(x, yWant, rows, cols);
  assertClose(y, yWant, { rtol: 2e-6, atol: kind.atol, label: `${label} forward` });
  assert.ok(y.every((v) => !Number.isNaN(v)), `${label}: NaN in forward`);
  // Backward from the kernel's own y, accumulating into a non-zero dx.
  const dy = randomArray(rng, n);
  const dx0 = randomArray(rng, n);
  const pdy = put(m, dy);
  const pdx = put(m, dx0);
  kind.bwd(m, py, pdy, pdx, rows, cols);
  const dxWant = Float64Array.from(dx0);
  kind.rb(y, dy, dxWant, rows, cols);
  assertClose(get(m, pdx, n), dxWant, { rtol: 1e-5, atol: 2e-6, label: `${label} backward` });
  kind.fwd(m, px, px, rows, cols);
  assertClose(get(m, px, n), y, { rtol: 0, atol: 0, label: `${label} in place` });
  for (const p of [px, py, pdy, pdx]) m.arena.free(p);
}

test('forward and backward match the reference for every cols in SIZES, in place', async () => {
  for (const build of builds) {
    const m = await moduleFor(build);
    const rng = new Rng(4);
    for (const kind of KINDS) {
      for (const cols of SIZES) {
        const rows = cols > 1000 ? 2 : 3;
        check(m, kind, randomArray(rng, rows * cols, -8, 8), rows, cols, rng, `${build} ${kind.name} ${rows}x${cols}`);
      }
    }
  }
});

test('logits of ±1e4 give exact probabilities, no NaN', async () => {
  const x = Float32Array.from([1e4, -1e4, 0, 1e4, 9999, -1e4, -1e4, -1e4, -1e4, -1e4, -1e4, -1e4, -1e4, -1e4, 5]);
  for (const build of builds) {
    const m = await moduleFor(build);
    for (const kind of KINDS) check(m, kind, x, 3, 5, new Rng(1), `${build} ${kind.name} ±1e4`);
  }
});

test('reference backward agrees with central differences of the reference forward', () => {
  const rng = new Rng(9);
  const cols = 6;
  for (const kind of KINDS) {
    const x = Float64Array.from(randomArray(rng, cols, -3, 3));
    const dy = Float64Array.from(randomArray(rng, cols));
    const y = new Float64Array(cols);
    kind.rf(x, y, 1, cols);
    const dx = new Float64Array(cols);
    kind.rb(y, dy, dx, 1, cols);
    for (let j = 0; j < cols; j++) {
      const h = 1e-6;
      const f = (v: number) => {
        const xs = Float64Array.from(x);
        xs[j] = v;
        const ys = new Float64Array(cols);
        kind.rf(xs, ys, 1, cols);
        return ys.reduce((a, yi, i) => a + yi * dy[i], 0);
      };
      const fd = (f(x[j] + h) - f(x[j] - h)) / (2 * h);
      assert.ok(Math.abs(fd - dx[j]) < 1e-8 + 1e-6 * Math.abs(fd), `${kind.name}[${j}]: ${dx[j]} vs ${fd}`);
    }
  }
});

test.run();
