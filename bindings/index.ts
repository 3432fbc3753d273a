// The kernel-level API for advanced users: load the module, own memory, call kernels on pointers.
export { ready, wasm, instantiate, supportedBuilds, BUILD_NAMES } from './loader.js';
export type { BuildName, WasmModule, RawExports, ReadyOptions, ModuleSource, LoadedBy } from './loader.js';
export { wasmFeatures } from './features.js';
export { Arena, Slot } from './arena.js';
export { KERNELS } from './registry.js';
export type { KernelSpec, Family } from './registry.js';
export { ACTIVATION_CODES } from './codes.js';
export type { ActivationName } from './codes.js';
export { gemm, gemmWorkspace } from './gemm.js';
export type { GemmOptions } from './gemm.js';
export * as dropout from './dropout.js';
export * as norm from './norm.js';
export { RngStream, RNG_STATE_BYTES } from '../src/rngStream.js';
export * as optim from './optim.js';
export * as reduce from './reduce.js';
export * as activation from './activation.js';
export { activationNeedsInput, activationCode, ACTIVATION_DEFAULT_PARAM } from './activation.js';
export * as loss from './loss.js';
