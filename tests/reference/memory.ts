// Plain-TypeScript references for the bulk buffer writes, keyed by wasm export name.

export function fillF32(x: Float32Array, n: number, value: number): void {
  for (let i = 0; i < n; i++) x[i] = value;
}

export function copyF32(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = x[i];
}

/** dst row r = src row idx[r] (rows of rowWords 32-bit words). */
export function gatherRows(src: Float32Array, dst: Float32Array, idx: Int32Array, rows: number, rowWords: number): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < rowWords; j++) dst[r * rowWords + j] = src[idx[r] * rowWords + j];
}

export const memoryReferences: Record<string, Function> = { fillF32, copyF32, gatherRows };
