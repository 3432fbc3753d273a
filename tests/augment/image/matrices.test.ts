// The matrix builders: visual meaning (which input point an output pixel samples) checked on points.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { centred, composeMatrices, flipMatrix, identityMatrix, rotationMatrix, shearMatrix, translationMatrix, zoomMatrix, type Affine } from '../../../src/augment/image/matrices.js';

const apply = (m: Affine, x: number, y: number): [number, number] => [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
const close = (a: [number, number], b: [number, number], label: string) =>
  assert.ok(Math.abs(a[0] - b[0]) < 1e-9 && Math.abs(a[1] - b[1]) < 1e-9, `${label}: got (${a}), expected (${b})`);

test('rotation: the centre is fixed; +90 degrees is counter-clockwise on screen (content right of centre moves up)', () => {
  const h = 7;
  const w = 11;
  const [cx, cy] = [(w - 1) / 2, (h - 1) / 2];
  close(apply(rotationMatrix(0.7, h, w), cx, cy), [cx, cy], 'centre');
  // The output pixel 2 above the centre shows what was 2 right of the centre.
  close(apply(rotationMatrix(Math.PI / 2, h, w), cx, cy - 2), [cx + 2, cy], 'ccw');
  assert.equal(rotationMatrix(Math.PI / 2, 5, 5), [0, -1, 4, 1, 0, 0], 'right angles are exact');
  assert.equal(rotationMatrix(0, 5, 5), identityMatrix());
});

test('translation, zoom, shear and flips', () => {
  close(apply(translationMatrix(3, -2), 5, 5), [2, 7], 'content moved right 3 and up 2: output (5,5) shows input (2,7)');
  const z = zoomMatrix(2, 0.5, 9, 5);
  close(apply(z, 2, 4), [2, 4], 'zoom keeps the centre');
  close(apply(z, 3, 5), [4, 4.5], 'zx = 2 samples twice as far (zoom out), zy = 0.5 half as far (zoom in)');
  close(apply(shearMatrix(0.3, 9, 9), 4, 4), [4, 4], 'shear keeps the centre');
  close(apply(shearMatrix(Math.PI / 6, 9, 9), 6, 4), [4 + 2 * Math.cos(Math.PI / 6), 4 - 2 * 0.5], 'shear: (x cos s, y - x sin s) about the centre');
  close(apply(flipMatrix(true, false, 4, 6), 0, 1), [5, 1], 'horizontal flip');
  close(apply(flipMatrix(false, true, 4, 6), 0, 1), [0, 2], 'vertical flip');
});

test('composition: first-then-second, identity neutral, centred equals the rotation builder', () => {
  const a = rotationMatrix(0.3, 6, 8);
  const b = translationMatrix(1.5, -2);
  assert.equal(composeMatrices(identityMatrix(), a), a);
  assert.equal(composeMatrices(a, identityMatrix()), a);
  // Shift then rotate: output p shows input a(b(p)).
  const ab = composeMatrices(a, b);
  const [bx, by] = apply(b, 2, 3);
  close(apply(ab, 2, 3), apply(a, bx, by), 'order');
  const c = Math.cos(0.3);
  const s = Math.sin(0.3);
  const r = centred([c, -s, 0, s, c, 0], 6, 8);
  a.forEach((v, i) => assert.ok(Math.abs(v - r[i]) < 1e-12, `entry ${i}`));
});

test.run();
