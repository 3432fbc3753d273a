// Plain-TypeScript references for the probe kernels, keyed by wasm export name.
export const probeReferences: Record<string, Function> = {};
