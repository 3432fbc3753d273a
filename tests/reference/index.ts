// Every kernel's plain-TypeScript reference, keyed by wasm export name (see bindings/registry.ts).
import { gemmReferences } from './gemm.js';
import { probeReferences } from './probe.js';
import { activationReferences } from './activation.js';
import { lossReferences } from './loss.js';
import { reduceReferences } from './reduce.js';
import { dropoutReferences } from './dropout.js';
import { normReferences } from './norm.js';
import { optimReferences } from './optim.js';
import { warpReferences } from './warp.js';
import { memoryReferences } from './memory.js';
import { poolReferences, padReferences } from './pool.js';
import { maskedPoolReferences } from './maskedPool.js';
import { convReferences } from './conv.js';
import { embeddingReferences } from './embedding.js';
import { recurrentReferences } from './recurrent.js';

export const REFERENCES: Record<string, Function> = {
  ...gemmReferences,
  ...probeReferences,
  ...activationReferences,
  ...lossReferences,
  ...reduceReferences,
  ...dropoutReferences,
  ...normReferences,
  ...optimReferences,
  ...warpReferences,
  ...memoryReferences,
  ...poolReferences,
  ...maskedPoolReferences,
  ...padReferences,
  ...convReferences,
  ...embeddingReferences,
  ...recurrentReferences,
};
