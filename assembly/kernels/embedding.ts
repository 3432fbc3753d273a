// Embedding lookup (Keras `Embedding`): a gather of table rows by token id, and its gradient as a
// scatter-add into the rows used, so backward costs O(n·D) however large the vocabulary V is.
// Legend: n tokens in the batch (batch x timesteps), V vocabulary (inputDim), D outputDim.
// ids (n) i32, checked to lie in [0, V) in TypeScript before any call (src/layers/embedding.ts).
import { loadK, storeK } from '../lanes';

/** y (n,D) row i = table (V,D) row ids[i]; mask (n) f32 = ids[i] != 0 when mask is not 0 (maskZero). */
export function embeddingForward(ids: usize, table: usize, y: usize, mask: usize, n: i32, D: i32): void {
  const rowBytes = <usize>D << 2;
  for (let i = 0; i < n; i++) {
    const id = load<i32>(ids + (<usize>i << 2));
    memory.copy(y + <usize>i * rowBytes, table + <usize>id * rowBytes, rowBytes);
    if (mask) store<f32>(mask + (<usize>i << 2), id != 0 ? 1 : 0);
  }
}

/** dtable (V,D) row ids[i] += dy (n,D) row i; repeated ids accumulate. */
export function embeddingBackward(ids: usize, dy: usize, dtable: usize, n: i32, D: i32): void {
  const rowBytes = <usize>D << 2;
  for (let i = 0; i < n; i++) {
    const s = dy + <usize>i * rowBytes;
    const d = dtable + <usize>load<i32>(ids + (<usize>i << 2)) * rowBytes;
    for (let c = 0; c < D; c += 4) {
      const o = <usize>c << 2;
      storeK(d + o, f32x4.add(loadK(d + o, D - c), loadK(s + o, D - c)), D - c);
    }
  }
}
