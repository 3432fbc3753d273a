// Plain-TypeScript references for the reduce kernels, keyed by wasm export name.
export const reduceReferences: Record<string, Function> = {};
