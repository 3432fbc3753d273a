// The kernel registry: one row per wasm export. It drives the typed bindings (bindings/<family>.ts
// look their exports up here and check arity at load), the tests (tests/registry.test.ts fails for a
// kernel without a row, a TS reference in tests/reference/ or a bench case in bench/cases/) and the
// benches (cost functions turn a time into GFLOP/s or GB/s).

/** The kernel family a registry row belongs to (one assembly/kernels file each). */
export type Family = 'gemm' | 'probe' | 'activation' | 'loss' | 'reduce' | 'dropout' | 'norm' | 'optim' | 'warp' | 'memory' | 'pool' | 'conv' | 'embedding' | 'recurrent';

/**
 * One row of the kernel registry: the wasm export, its family, and the cost function benches use to turn a
 * time into GFLOP/s or GB/s.
 */
export interface KernelSpec {
  /** The wasm export name. */
  name: string;
  family: Family;
  /** Parameter names in order, with buffer shapes where they are pointers: 'x:(n)', 'c:(M,ldc)'. */
  args: readonly string[];
  /** What it computes, in one line. */
  doc: string;
  /** Floating-point operations for one call at the named sizes (benches report GFLOP/s). */
  flops?: (s: Record<string, number>) => number;
  /** Bytes read plus written for one call (benches report GB/s for memory-bound kernels). */
  bytes?: (s: Record<string, number>) => number;
}

import { gemmKernels } from './specs/gemm.js';
import { probeKernels } from './specs/probe.js';
import { activationKernels } from './specs/activation.js';
import { lossKernels } from './specs/loss.js';
import { reduceKernels } from './specs/reduce.js';
import { dropoutKernels } from './specs/dropout.js';
import { normKernels } from './specs/norm.js';
import { optimKernels } from './specs/optim.js';
import { warpKernels } from './specs/warp.js';
import { memoryKernels } from './specs/memory.js';
import { poolKernels } from './specs/pool.js';
import { maskedPoolKernels } from './specs/maskedPool.js';
import { convKernels } from './specs/conv.js';
import { embeddingKernels } from './specs/embedding.js';
import { recurrentKernels } from './specs/recurrent.js';

/**
 * The kernel registry: every wasm export with its family and cost; tests and benches iterate it, so a
 * kernel without a reference or a bench row fails a test.
 */
export const KERNELS: readonly KernelSpec[] = [
  ...gemmKernels,
  ...probeKernels,
  ...activationKernels,
  ...lossKernels,
  ...reduceKernels,
  ...dropoutKernels,
  ...normKernels,
  ...optimKernels,
  ...warpKernels,
  ...memoryKernels,
  ...poolKernels,
  ...maskedPoolKernels,
  ...convKernels,
  ...embeddingKernels,
  ...recurrentKernels,
];

/** Exports that are not kernels (module facts), exempt from the reference/bench requirement.
 *  gemmWorkspaceBytes: sgemm's scratch size; gemmSetSelection/gemmChoose/gemmClass/gemmTile/
 *  gemmVariantCount: the GEMM variant selection (assembly/kernels/gemmVariants.ts). */
export const RUNTIME_EXPORTS: readonly string[] = [
  'heapBase', 'buildFeatures', 'gemmWorkspaceBytes', 'gemmSetSelection', 'gemmChoose', 'gemmClass', 'gemmTile', 'gemmVariantCount',
];
