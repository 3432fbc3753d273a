// The export list of the simdnet wasm module. Each kernel family lives in assembly/kernels/<family>.ts;
// every exported function takes raw pointers (byte offsets into this module's memory, owned and laid
// out by TypeScript: see bindings/arena.ts) and sizes. Nothing here allocates.
export { heapBase, buildFeatures } from './runtime';
export * from './kernels/gemm';
export * from './kernels/probe';
export * from './kernels/activation';
export * from './kernels/softmax';
export * from './kernels/loss';
export * from './kernels/lossProbs';
export * from './kernels/reduce';
export { rngSeed, rngFillU32 } from './rng';
export * from './kernels/dropout';
export * from './kernels/dropoutBroadcast';
export * from './kernels/norm';
export * from './kernels/layerNorm';
export * from './kernels/optim';
export * from './kernels/optimAdam';
export * from './kernels/warp';
export * from './kernels/color';
export * from './kernels/memory';
export * from './kernels/pool';
export * from './kernels/maskedPool';
export * from './kernels/pad';
export { im2col, col2im } from './kernels/im2col'; // col2imRows is internal (convInputGrad)
export * from './kernels/convInputGrad';
export * from './kernels/convGemm';
export * from './kernels/depthwise';
export * from './kernels/embedding';
export * from './kernels/recurrent';
export * from './kernels/merge';
