// Zero padding of channels-last images (Keras ZeroPadding2D): forward writes each image into the
// middle of a larger zeroed one, backward adds the middle of the output gradient back into dx.
// Legend: N images, H x W x C input, PT / PB rows above / below, PL / PR columns left / right;
// OW = W + PL + PR. Buffers: x, dx (N,H,W,C); y, dy (N,H+PT+PB,OW,C). Rows of the image are
// contiguous W*C runs in both, so forward is memory.fill + memory.copy and backward a SIMD add per row.
import { loadK, storeK } from '../lanes';

/** y = x padded with zeros (every element of y is written). */
export function zeroPad2dForward(x: usize, y: usize, N: i32, H: i32, W: i32, C: i32, PT: i32, PB: i32, PL: i32, PR: i32): void {
  const inRow = <usize>W * <usize>C << 2; // bytes
  const outRow = <usize>(W + PL + PR) * <usize>C << 2;
  const left = <usize>PL * <usize>C << 2;
  const right = <usize>PR * <usize>C << 2;
  let src = x, dst = y;
  for (let n = 0; n < N; n++) {
    memory.fill(dst, 0, <usize>PT * outRow);
    dst += <usize>PT * outRow;
    for (let h = 0; h < H; h++) {
      memory.fill(dst, 0, left);
      memory.copy(dst + left, src, inRow);
      memory.fill(dst + left + inRow, 0, right);
      src += inRow;
      dst += outRow;
    }
    memory.fill(dst, 0, <usize>PB * outRow);
    dst += <usize>PB * outRow;
  }
}

/** dx += the (H,W) middle of dy (the padded cells' gradients are dropped). */
export function zeroPad2dBackward(dy: usize, dx: usize, N: i32, H: i32, W: i32, C: i32, PT: i32, PB: i32, PL: i32, PR: i32): void {
  const len = W * C; // floats per image row
  const outRow = <usize>(W + PL + PR) * <usize>C << 2;
  let src = dy, dst = dx;
  for (let n = 0; n < N; n++) {
    src += <usize>PT * outRow;
    for (let h = 0; h < H; h++) {
      const from = src + (<usize>PL * <usize>C << 2);
      for (let i = 0; i < len; i += 4) {
        const o = <usize>i << 2;
        storeK(dst + o, f32x4.add(loadK(dst + o, len - i), loadK(from + o, len - i)), len - i);
      }
      src += outRow;
      dst += <usize>len << 2;
    }
    src += <usize>PB * outRow;
  }
}
