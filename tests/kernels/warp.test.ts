// The affine warp against its plain-TS reference (tests/reference/warp.ts) on awkward sizes and
// every build, exact identities (identity matrix, right-angle rotations, double flips), fill-mode
// behaviour at the borders written out by hand from the Keras documentation, and the argument checks
// of bindings/warp.ts (brightness and contrast: color.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleFor, testBuilds, put, get, assertClose, randomArray, SIZES, IMAGE_SHAPES, throwsNamed } from '../helpers.js';
import { Rng } from '../../src/rng.js';
import type { WasmModule } from '../../bindings/loader.js';
import { warpAffine, FILL_MODES, INTERPOLATIONS, FILL_MODE_CODES, INTERPOLATION_CODES, type FillMode, type Interpolation, type ImageShape } from '../../bindings/warp.js';
import * as ref from '../reference/warp.js';
import { composeMatrices, flipMatrix, identityMatrix, rotationMatrix, shearMatrix, translationMatrix, zoomMatrix, type Affine } from '../../src/augment/image/matrices.js';

/** A mix of plausible augmentations and hostile matrices (far shifts across several periods, zero and negative scale). */
function randomMatrix(rng: Rng, h: number, w: number, i: number): Affine {
  switch (i % 5) {
    case 0:
      return composeMatrices(rotationMatrix(rng.range(-Math.PI, Math.PI), h, w), zoomMatrix(rng.range(0.5, 1.6), rng.range(0.5, 1.6), h, w));
    case 1:
      return composeMatrices(shearMatrix(rng.range(-0.6, 0.6), h, w), translationMatrix(rng.range(-3, 3) * w, rng.range(-3, 3) * h));
    case 2:
      return [rng.range(-3, 3), rng.range(-3, 3), rng.range(-40, 40), rng.range(-3, 3), rng.range(-3, 3), rng.range(-40, 40)];
    case 3:
      return [0, 0, rng.range(-2, w + 1), 0, 0, rng.range(-2, h + 1)];
    default:
      return [1e7, 0, -5e6, 0, -1e6, 3.5];
  }
}

function run(m: WasmModule, x: Float32Array, mats: Affine[], shape: ImageShape, interpolation: Interpolation, fillMode: FillMode, fillValue: number): Float32Array {
  const len = shape.n * shape.h * shape.w * shape.c;
  const px = put(m, x);
  const pm = put(m, Float32Array.from(mats.flat()));
  const po = m.arena.alloc(len * 4);
  warpAffine(m, { x: px, out: po, matrices: pm, shape, interpolation, fillMode, fillValue });
  const out = get(m, po, len);
  m.arena.free(px);
  m.arena.free(pm);
  m.arena.free(po);
  return out;
}

test('warpAffine matches the reference bit for bit: awkward sizes, both interpolations, all fill modes', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(5);
    for (const [n, h, w, c] of IMAGE_SHAPES) {
      const shape = { n, h, w, c };
      const x = randomArray(rng, n * h * w * c, -2, 2);
      for (const interpolation of INTERPOLATIONS) {
        for (const fillMode of FILL_MODES) {
          const mats = Array.from({ length: n }, (_, i) => randomMatrix(rng, h, w, i + rng.int(5)));
          const got = run(m, x, mats, shape, interpolation, fillMode, 0.25);
          const want = new Float32Array(got.length);
          ref.warpAffine(x, want, Float32Array.from(mats.flat()), n, h, w, c, INTERPOLATION_CODES[interpolation], FILL_MODE_CODES[fillMode], 0.25);
          assertClose(got, want, { rtol: 0, atol: 0, label: `${build} ${n}x${h}x${w}x${c} ${interpolation} ${fillMode}` });
        }
      }
    }
  }
});

test('every SIMD tail: image widths from SIZES, extreme and non-finite pixels', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(17);
    for (const w of SIZES) {
      for (const c of [1, 3]) {
        const shape = { n: 1, h: 2, w, c };
        const x = randomArray(rng, 2 * w * c, -1e30, 1e30);
        // Non-finite and extreme pixels: whatever they touch must match the reference (NaN where it is NaN).
        x[0] = Infinity;
        x[x.length - 1] = NaN;
        x[x.length >> 1] = -3.4e38;
        for (const interpolation of INTERPOLATIONS) {
          for (const fillMode of FILL_MODES) {
            const mats = [randomMatrix(rng, 2, w, rng.int(4))];
            const got = run(m, x, mats, shape, interpolation, fillMode, -2);
            const want = new Float32Array(got.length);
            ref.warpAffine(x, want, Float32Array.from(mats.flat()), 1, 2, w, c, INTERPOLATION_CODES[interpolation], FILL_MODE_CODES[fillMode], -2);
            assertClose(got, want, { rtol: 0, atol: 0, label: `${build} 2x${w}x${c} ${interpolation} ${fillMode}` });
          }
        }
      }
    }
  }
});

test('the raw export survives NaN and Inf matrices (coordinates clamp; the binding rejects them first)', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const x = randomArray(new Rng(1), 2 * 5 * 6 * 3);
    const mats = new Float32Array([NaN, 0, 0, 0, 1, 0, Infinity, -Infinity, 0, 0, 0, NaN]);
    const px = put(m, x);
    const pm = put(m, mats);
    const po = m.arena.alloc(x.length * 4);
    for (let mode = 0; mode < 4; mode++) {
      m.exports.warpAffine(px, po, pm, 2, 5, 6, 3, 1, mode, 7);
      const want = new Float32Array(x.length);
      ref.warpAffine(x, want, mats, 2, 5, 6, 3, 1, mode, 7);
      assertClose(get(m, po, x.length), want, { rtol: 0, atol: 0, label: `${build} mode ${mode}` });
    }
    m.arena.free(px);
    m.arena.free(pm);
    m.arena.free(po);
  }
});

test('C % 4 != 0 spill lanes stay inside the buffers: input ending at the end of memory, guarded output', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const c of [2, 3, 5, 6, 7]) {
      const [n, h, w] = [2, 3, 5];
      const len = n * h * w * c;
      const x = randomArray(new Rng(c), len);
      // Image 0 samples around the input's last pixel everywhere; image 1 is flipped both ways, so its
      // last output pixel reads the first input pixel (a spill there would pass the output's end).
      const mats = new Float32Array([0, 0, w - 1.5, 0, 0, h - 1.5, -1, 0, w - 1, 0, -1, h - 1]);
      const out = m.arena.alloc((len + 16) * 4);
      const pm = put(m, mats);
      m.memory.grow(1); // a fresh page above everything the arena handed out: x ends exactly at the end of memory
      const px = m.memory.buffer.byteLength - len * 4;
      assert.ok(px >= m.arena.base + m.arena.bytesReserved);
      m.arena.f32(px, len).set(x);
      for (let mode = 0; mode < 4; mode++) {
        m.arena.f32(out, len + 16).fill(12345);
        m.exports.warpAffine(px, out, pm, n, h, w, c, 1, mode, 0.5);
        const want = new Float32Array(len);
        ref.warpAffine(x, want, mats, n, h, w, c, 1, mode, 0.5);
        const got = get(m, out, len + 16);
        assertClose(got.subarray(0, len), want, { rtol: 0, atol: 0, label: `${build} C=${c} mode ${mode}` });
        assert.ok(got.subarray(len).every((v) => v === 12345), `${build} C=${c}: wrote past the output`);
      }
      m.arena.free(out);
      m.arena.free(pm);
    }
  }
});

test('identity matrix returns the input exactly; flipping twice returns the input', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const rng = new Rng(2);
  for (const [n, h, w, c] of IMAGE_SHAPES) {
    const shape = { n, h, w, c };
    const x = randomArray(rng, n * h * w * c);
    for (const interpolation of INTERPOLATIONS) {
      for (const fillMode of FILL_MODES) {
        assert.equal(run(m, x, Array(n).fill(identityMatrix()), shape, interpolation, fillMode, 9), x, `identity ${h}x${w}x${c} ${interpolation} ${fillMode}`);
        for (const [hor, ver] of [[true, false], [false, true], [true, true]]) {
          const flip = Array(n).fill(flipMatrix(hor, ver, h, w));
          const once = run(m, x, flip, shape, interpolation, fillMode, 9);
          assert.equal(run(m, once, flip, shape, interpolation, fillMode, 9), x, `flip twice ${hor} ${ver} ${h}x${w}x${c}`);
        }
      }
    }
  }
  assert.equal(composeMatrices(flipMatrix(true, true, 5, 7), flipMatrix(true, true, 5, 7)), identityMatrix());
});

test('90-degree rotations of a square image are exact transposes with a flip', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  for (const [s, c] of [[1, 1], [4, 1], [5, 3], [28, 1], [17, 2]]) {
    const x = randomArray(new Rng(s), s * s * c);
    const at = (row: number, col: number, k: number) => x[(row * s + col) * c + k];
    const cases: [number, (row: number, col: number, k: number) => number][] = [
      // Counter-clockwise on screen: output (row, col) shows input (col, s-1-row).
      [Math.PI / 2, (row, col, k) => at(col, s - 1 - row, k)],
      [-Math.PI / 2, (row, col, k) => at(s - 1 - col, row, k)],
      [Math.PI, (row, col, k) => at(s - 1 - row, s - 1 - col, k)],
    ];
    for (const [angle, expect] of cases) {
      for (const interpolation of INTERPOLATIONS) {
        const got = run(m, x, [rotationMatrix(angle, s, s)], { n: 1, h: s, w: s, c }, interpolation, 'constant', 0);
        const want = new Float32Array(x.length);
        for (let row = 0; row < s; row++) for (let col = 0; col < s; col++) for (let k = 0; k < c; k++) want[(row * s + col) * c + k] = expect(row, col, k);
        assert.equal(got, want, `rotation ${angle} of ${s}x${s}x${c} ${interpolation}`);
      }
    }
  }
});

test('fill modes at the borders follow the Keras documentation (a b c d = 1 2 3 4)', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  // Input indices -8..11 of the extended row, written out from the Keras docs' patterns.
  const k = 9;
  const extended: Record<FillMode, number[]> = {
    constant: [k, k, k, k, k, k, k, k, 1, 2, 3, 4, k, k, k, k, k, k, k, k],
    nearest: [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4],
    reflect: [1, 2, 3, 4, 4, 3, 2, 1, 1, 2, 3, 4, 4, 3, 2, 1, 1, 2, 3, 4],
    wrap: [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4],
  };
  const row = new Float32Array([1, 2, 3, 4]);
  for (const fillMode of FILL_MODES) {
    for (let dx = -8; dx <= 8; dx++) {
      // Content moved right by dx: output x shows input x - dx. Same along the vertical axis.
      const want = Float32Array.from([0, 1, 2, 3], (x) => extended[fillMode][x - dx + 8]);
      for (const interpolation of INTERPOLATIONS) {
        assert.equal(run(m, row, [translationMatrix(dx, 0)], { n: 1, h: 1, w: 4, c: 1 }, interpolation, fillMode, k), want, `${fillMode} dx=${dx} ${interpolation}`);
        assert.equal(run(m, row, [translationMatrix(0, dx)], { n: 1, h: 4, w: 1, c: 1 }, interpolation, fillMode, k), want, `${fillMode} dy=${dx} ${interpolation}`);
      }
    }
  }
  // Half-pixel shifts with bilinear interpolation blend with the extended row.
  const half = (fillMode: FillMode) => run(m, row, [translationMatrix(0.5, 0)], { n: 1, h: 1, w: 4, c: 1 }, 'bilinear', fillMode, k);
  assert.equal(half('constant'), new Float32Array([5, 1.5, 2.5, 3.5]));
  assert.equal(half('nearest'), new Float32Array([1, 1.5, 2.5, 3.5]));
  assert.equal(half('reflect'), new Float32Array([1, 1.5, 2.5, 3.5]));
  assert.equal(half('wrap'), new Float32Array([2.5, 1.5, 2.5, 3.5])); // across the seam d|a (TF clamps to d here)
  // Nearest rounds half away from zero: input x = out - 0.5 -> 0.5 rounds to 1, -0.5 to -1.
  assert.equal(run(m, row, [translationMatrix(0.5, 0)], { n: 1, h: 1, w: 4, c: 1 }, 'nearest', 'constant', k), new Float32Array([k, 2, 3, 4]));
});

test('bad arguments are rejected with typed errors naming fn and arg', async () => {
  const m = await moduleFor((await testBuilds())[0]);
  const shape = { n: 2, h: 3, w: 4, c: 1 };
  const x = m.arena.alloc(96);
  const out = m.arena.alloc(96);
  const mats = put(m, new Float32Array(12).fill(1));
  const good = { x, out, matrices: mats, shape };
  throwsNamed([
    [() => warpAffine(m, { ...good, interpolation: 'bicubic' as Interpolation }), 'warpAffine', 'interpolation'],
    [() => warpAffine(m, { ...good, fillMode: 'mirror' as FillMode }), 'warpAffine', 'fillMode'],
    [() => warpAffine(m, { ...good, fillValue: NaN }), 'warpAffine', 'fillValue'],
    [() => warpAffine(m, { ...good, shape: { ...shape, h: 0 } }), 'warpAffine', 'shape.h'],
    [() => warpAffine(m, { ...good, shape: { ...shape, c: 1.5 } }), 'warpAffine', 'shape.c'],
    [() => warpAffine(m, { ...good, out: x + 8 }), 'warpAffine', 'out'],
    [() => warpAffine(m, { ...good, x: x + 2 }), 'warpAffine', 'x'],
    [() => warpAffine(m, { ...good, x: m.memory.buffer.byteLength - 8 }), 'warpAffine', 'x'],
  ]);
  m.arena.f32(mats, 12)[7] = Infinity;
  throwsNamed([[() => warpAffine(m, good), 'warpAffine', 'matrices']]);
  for (const p of [x, out, mats]) m.arena.free(p);
});

test.run();
