// Plain-TypeScript references for the optim kernels, keyed by wasm export name.
export const optimReferences: Record<string, Function> = {};
