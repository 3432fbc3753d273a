// Plain-TypeScript references for the bulk buffer writes, keyed by wasm export name.

export function fillF32(x: Float32Array, n: number, value: number): void {
  for (let i = 0; i < n; i++) x[i] = value;
}

export function copyF32(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = x[i];
}

export const memoryReferences: Record<string, Function> = { fillF32, copyF32 };
