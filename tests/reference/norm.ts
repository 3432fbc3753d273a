// Plain-TypeScript references for the norm kernels, keyed by wasm export name.
export const normReferences: Record<string, Function> = {};
