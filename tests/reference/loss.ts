// Plain-TypeScript references for the loss kernels, keyed by wasm export name.
export const lossReferences: Record<string, Function> = {};
