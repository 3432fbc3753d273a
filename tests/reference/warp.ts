// Plain-TypeScript references for the warp kernels, keyed by wasm export name.
export const warpReferences: Record<string, Function> = {};
