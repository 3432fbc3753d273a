/**
 * The kernel-level API (`simdnet/bindings`): load the wasm module, own its memory, call kernels on
 * pointers (docs/kernel-api.md).
 * @module simdnet/bindings
 */
export { ready, wasm, instantiate, supportedBuilds, BUILD_NAMES } from './loader.js';
export type { BuildName, WasmModule, RawExports, ReadyOptions, ModuleSource, LoadedBy } from './loader.js';
export { wasmFeatures } from './features.js';
export { Arena, Slot } from './arena.js';
export { setThreads } from './threads/config.js';
export { instantiateThreaded, sharedMemoryAvailable } from './threads/instantiate.js';
export type { ThreadPool } from './threads/pool.js';
export { KERNELS } from './registry.js';
export type { KernelSpec, Family } from './registry.js';
export { ACTIVATION_CODES } from './codes.js';
export type { ActivationName } from './codes.js';
export { gemm, gemmWorkspace } from './gemm.js';
export { gemmSelection, probeGemm, chooseGemm, applyGemmSelection } from './gemmSelect.js';
export { gemmVariants, GEMM_TILES, GEMM_BLOCKINGS, GEMM_CLASSES } from './gemmVariants.js';
export type { GemmOptions } from './gemm.js';
export * as dropout from './dropout.js';
export * as norm from './norm.js';
export { RngStream, RNG_STATE_BYTES } from '../src/rngStream.js';
export * as optim from './optim.js';
export * as reduce from './reduce.js';
export * as activation from './activation.js';
export { activationNeedsInput, activationCode, ACTIVATION_DEFAULT_PARAM } from './activation.js';
export * as loss from './loss.js';
export * as memory from './memory.js';
