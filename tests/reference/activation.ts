// Plain-TypeScript references for the activation kernels, keyed by wasm export name.
export const activationReferences: Record<string, Function> = {};
