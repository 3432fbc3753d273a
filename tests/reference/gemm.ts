// Plain-TypeScript references for the gemm kernels, keyed by wasm export name.
export const gemmReferences: Record<string, Function> = {};
