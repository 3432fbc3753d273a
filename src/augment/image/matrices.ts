// Affine matrices for the warp kernel, in its convention (assembly/kernels/warp.ts): a matrix
// [a0 a1 a2 b0 b1 b2] maps an OUTPUT pixel (x = column, y = row, pixel centres) to the INPUT point
// (a0 x + a1 y + a2, b0 x + b1 y + b2), as TF's ImageProjectiveTransformV3 and Keras 3's
// affine_transform. Each builder below states the VISUAL effect on the image; the matrix is its inverse.
// Computed in f64; the kernel reads them as f32. The builders the layers call per image take an
// optional `out` to fill instead of allocating (the training step allocates nothing).

/** [a0, a1, a2, b0, b1, b2]. */
export type Affine = [number, number, number, number, number, number];

function set(out: Affine, a0: number, a1: number, a2: number, b0: number, b1: number, b2: number): Affine {
  out[0] = a0;
  out[1] = a1;
  out[2] = a2;
  out[3] = b0;
  out[4] = b1;
  out[5] = b2;
  return out;
}

/** The identity affine transform, as the 6 numbers [a0, a1, a2, b0, b1, b2] the warp kernel takes. */
export function identityMatrix(): Affine {
  return [1, 0, 0, 0, 1, 0];
}

/**
 * The matrix of "first apply `first`, then `second`" (visually): output(p) = second-of(first-of(x))(p)
 * samples x at M_first · M_second · p, so the product is first · second (3x3 with the last row 0 0 1).
 */
export function composeMatrices(first: Affine, second: Affine): Affine {
  const [a0, a1, a2, b0, b1, b2] = first;
  const [c0, c1, c2, d0, d1, d2] = second;
  return [a0 * c0 + a1 * d0, a0 * c1 + a1 * d1, a0 * c2 + a1 * d2 + a2, b0 * c0 + b1 * d0, b0 * c1 + b1 * d1, b0 * c2 + b1 * d2 + b2];
}

/** cos or sin with the rounding noise of multiples of pi/2 removed, so right-angle rotations are exact pixel permutations. */
function snap(v: number): number {
  return Math.abs(v) < 1e-12 ? 0 : Math.abs(Math.abs(v) - 1) < 1e-12 ? Math.sign(v) : v;
}

/**
 * Rotation by `angle` radians about the image centre ((w-1)/2, (h-1)/2); positive = counter-clockwise
 * on screen (Keras RandomRotation: "A positive values means rotating counter clock-wise").
 */
export function rotationMatrix(angle: number, h: number, w: number, out: Affine = [0, 0, 0, 0, 0, 0]): Affine {
  const cos = snap(Math.cos(angle));
  const sin = snap(Math.sin(angle));
  const xOffset = (w - 1 - (cos * (w - 1) - sin * (h - 1))) / 2;
  const yOffset = (h - 1 - (sin * (w - 1) + cos * (h - 1))) / 2;
  return set(out, cos, -sin, xOffset, sin, cos, yOffset);
}

/** Shift by (dx, dy) pixels: positive dx moves the content right, positive dy moves it down (Keras RandomTranslation). */
export function translationMatrix(dx: number, dy: number, out: Affine = [0, 0, 0, 0, 0, 0]): Affine {
  return set(out, 1, 0, -dx, 0, 1, -dy);
}

/**
 * Zoom about the centre by input-sampling factors (zx, zy): a factor > 1 samples a larger region, so
 * the content shrinks (zooms OUT); < 1 zooms in. This is the factor Keras RandomZoom draws as
 * 1 + height_factor / 1 + width_factor, and ImageDataGenerator as zoom_range.
 */
export function zoomMatrix(zx: number, zy: number, h: number, w: number, out: Affine = [0, 0, 0, 0, 0, 0]): Affine {
  return set(out, zx, 0, ((w - 1) / 2) * (1 - zx), 0, zy, ((h - 1) / 2) * (1 - zy));
}

/**
 * Shear by `angle` radians about the centre, as ImageDataGenerator's shear_range (keras_preprocessing's
 * shear matrix [[1, -sin s, 0], [0, cos s, 0]] on (row, col) coordinates, rewritten for (x, y)):
 * the input point is (x cos s, y - x sin s) relative to the centre.
 */
export function shearMatrix(angle: number, h: number, w: number): Affine {
  const cos = snap(Math.cos(angle));
  const sin = snap(Math.sin(angle));
  return centred([cos, 0, 0, -sin, 1, 0], h, w);
}

/** Mirror left-right (`horizontal`) and/or top-bottom (`vertical`). */
export function flipMatrix(horizontal: boolean, vertical: boolean, h: number, w: number, out: Affine = [0, 0, 0, 0, 0, 0]): Affine {
  return set(out, horizontal ? -1 : 1, 0, horizontal ? w - 1 : 0, 0, vertical ? -1 : 1, vertical ? h - 1 : 0);
}

/** C · M · C^-1 with C the translation to the image centre: M applied about the centre instead of (0, 0). */
export function centred(m: Affine, h: number, w: number): Affine {
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  return composeMatrices(composeMatrices(translationMatrix(-cx, -cy), m), translationMatrix(cx, cy));
}
