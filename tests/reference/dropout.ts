// Plain-TypeScript references for the dropout kernels, keyed by wasm export name.
export const dropoutReferences: Record<string, Function> = {};
