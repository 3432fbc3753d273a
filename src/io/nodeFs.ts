// File access for save/load. node:fs and node:path are imported on first use, not at module top
// level, so that `import 'simdnet'` works in browsers and edge workers; there, saving or loading a
// model by path raises ERR_UNSUPPORTED (use getWeights/setWeights or the tfjs format via your own
// storage instead).
import { SimdnetError } from '../errors.js';
import { nodeImport } from '../../bindings/nodeImport.js';

export interface NodeFs {
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
}

let cached: Promise<NodeFs> | null = null;

export function nodeFs(fn: string): Promise<NodeFs> {
  cached ??= Promise.all([nodeImport<typeof import('node:fs/promises')>('fs/promises'), nodeImport<typeof import('node:path')>('path')]).then(([fs, path]) => ({ fs, path }));
  return cached.catch((e) => {
    cached = null;
    throw new SimdnetError('ERR_UNSUPPORTED', fn, `needs a file system (node:fs), which this runtime does not have (${(e as Error).message})`, { cause: e });
  });
}
