// Bulk writes of f32 buffers, done in wasm rather than with TypedArray.fill in TypeScript: on a
// shared memory (the threads builds) V8 performs every typed-array store of fill/set as a relaxed
// atomic, which made zeroing the mnist_mlp gradient arena (669,706 floats) 7.5x slower than on an
// unshared memory (170 µs against 22 µs per step, Node 20). memory.fill and v128 stores are not
// affected. x: (n) f32.

/** x[0 .. n) = value. Zero uses memory.fill (a memset); other values a splat-and-store loop. */
export function fillF32(x: usize, n: i32, value: f32): void {
  const bytes = <usize>n << 2;
  if (reinterpret<u32>(value) == 0) {
    memory.fill(x, 0, bytes);
    return;
  }
  const v = f32x4.splat(value);
  const end16 = x + (bytes & ~63);
  const end = x + bytes;
  let p = x;
  for (; p < end16; p += 64) {
    v128.store(p, v);
    v128.store(p, v, 16);
    v128.store(p, v, 32);
    v128.store(p, v, 48);
  }
  for (; p < end; p += 4) store<f32>(p, value);
}

/** y[0 .. n) = x[0 .. n) (memory.copy: a memmove, so overlapping ranges are fine). */
export function copyF32(x: usize, y: usize, n: i32): void {
  memory.copy(y, x, <usize>n << 2);
}

/**
 * dst[r*rowWords .. (r+1)*rowWords) = src[idx[r]*rowWords ..] for r < rows: a batch gathered from
 * rows of a dataset kept in wasm memory (src: [any rows, rowWords] 32-bit words, f32 or i32; idx:
 * [rows] i32 row numbers; dst: [rows, rowWords]). memory.copy per row, a native memmove, also on a
 * shared memory, where V8 copies TypedArray.set element by element (src/model/resident.ts says why).
 */
export function gatherRows(src: usize, dst: usize, idx: usize, rows: i32, rowWords: i32): void {
  const rowBytes = <usize>rowWords << 2;
  for (let r = 0; r < rows; r++) {
    const s = src + <usize>load<i32>(idx + (<usize>r << 2)) * rowBytes;
    memory.copy(dst + <usize>r * rowBytes, s, rowBytes);
  }
}
