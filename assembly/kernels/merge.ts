// Bidirectional's merge of its two directions (Keras `Bidirectional(merge_mode=...)`), forward and
// backward, elementwise over n floats. 'concat' needs no kernel (each direction writes its half of the
// output rows); these are the other modes. mode: 0 sum (y = a + b), 1 mul (y = a * b), 2 ave
// (y = (a + b) / 2). a, b (n): the forward and the backward direction's outputs; y, dy (n).
// Backward WRITES da and db (each direction's output gradient buffer is its own scratch).
import { loadK, storeK } from '../lanes';
import { splat } from '../simd';

export function mergeForward(a: usize, b: usize, y: usize, n: i32, mode: i32): void {
  const half = splat(0.5);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    const k = n - i;
    const va = loadK(a + o, k);
    const vb = loadK(b + o, k);
    const v = mode == 1 ? f32x4.mul(va, vb) : f32x4.add(va, vb);
    storeK(y + o, mode == 2 ? f32x4.mul(v, half) : v, k);
  }
}

/** da = dy·∂y/∂a, db = dy·∂y/∂b: dy (sum), dy*b and dy*a (mul), dy/2 (ave). */
export function mergeBackward(a: usize, b: usize, dy: usize, da: usize, db: usize, n: i32, mode: i32): void {
  const half = splat(0.5);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    const k = n - i;
    const d = loadK(dy + o, k);
    if (mode == 1) {
      storeK(da + o, f32x4.mul(d, loadK(b + o, k)), k);
      storeK(db + o, f32x4.mul(d, loadK(a + o, k)), k);
    } else {
      const v = mode == 2 ? f32x4.mul(d, half) : d;
      storeK(da + o, v, k);
      storeK(db + o, v, k);
    }
  }
}
