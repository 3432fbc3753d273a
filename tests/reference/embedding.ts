// Plain-TypeScript references for the embedding kernels (assembly/kernels/embedding.ts): the same
// arguments with arrays for pointers (null for a 0 mask pointer).
type A = Float32Array;

export function embeddingForward(ids: Int32Array, table: A, y: A, mask: A | null, n: number, D: number): void {
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < D; d++) y[i * D + d] = table[ids[i] * D + d];
    if (mask) mask[i] = ids[i] !== 0 ? 1 : 0;
  }
}

export function embeddingBackward(ids: Int32Array, dy: A, dtable: A, n: number, D: number): void {
  for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) dtable[ids[i] * D + d] += dy[i * D + d];
}

export const embeddingReferences: Record<string, Function> = { embeddingForward, embeddingBackward };
