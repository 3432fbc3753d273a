// Every kernel's bench case, keyed by wasm export name; bench/kernels.bench.ts runs them all and
// tests/registry.test.ts fails for a kernel without one.
import type { WasmModule } from '../../bindings/loader.js';
import type { Tf } from '../tfjs.js';
import { gemmCases } from './gemm.js';
import { probeCases } from './probe.js';
import { activationCases } from './activation.js';
import { lossCases } from './loss.js';
import { reduceCases } from './reduce.js';
import { dropoutCases } from './dropout.js';
import { normCases } from './norm.js';
import { optimCases } from './optim.js';
import { warpCases } from './warp.js';
import { memoryCases } from './memory.js';
import { poolCases, padCases } from './pool.js';
import { maskedPoolCases } from './maskedPool.js';
import { convCases } from './conv.js';
import { embeddingCases } from './embedding.js';
import { recurrentCases } from './recurrent.js';

export interface BenchCase {
  /** Sizes passed to the registry's flops/bytes functions, e.g. { M: 128, N: 512, K: 784 }. */
  sizes: Record<string, number>[];
  /** Prepares buffers in `m`'s arena for one size and returns the function to time. */
  setup(m: WasmModule, sizes: Record<string, number>): () => void;
  /** Optional: the plain-TypeScript reference on the same sizes, for the "vs TS" ratio. */
  reference?(sizes: Record<string, number>): () => void;
  /** Optional: the same computation in TensorFlow.js; called once under each backend (wasm, cpu)
   *  with that backend active, so its tensors live there. The returned call must dispose its outputs. */
  tfjs?(tf: Tf, sizes: Record<string, number>): () => void;
}

export const BENCH_CASES: Record<string, BenchCase> = {
  ...gemmCases,
  ...probeCases,
  ...activationCases,
  ...lossCases,
  ...reduceCases,
  ...dropoutCases,
  ...normCases,
  ...optimCases,
  ...warpCases,
  ...memoryCases,
  ...poolCases,
  ...maskedPoolCases,
  ...padCases,
  ...convCases,
  ...embeddingCases,
  ...recurrentCases,
};
