// File access for save/load. node:fs and node:path are imported on first use, not at module top
// level, so that `import 'simdnet'` works in browsers and edge workers; there, saving or loading a
// model by path raises ERR_UNSUPPORTED (use getWeights/setWeights or the tfjs format via your own
// storage instead).
import { SimdnetError } from '../errors.js';
import { nodeImport } from '../../bindings/nodeImport.js';

// The parts of node:fs/promises and node:path that save/load call, declared here rather than taken
// from @types/node (`typeof import('node:fs/promises')`): these types reach the published .d.ts
// (through fileInside and loadTfjs's reader), which must compile in a DOM-only TypeScript project
// without @types/node (issue 16 item 6; tests/package/types.test.ts). Node's modules satisfy them.
interface FileHandleLike {
  writeFile(data: Uint8Array | string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}
export interface NodeFsPromises {
  readFile(path: string): Promise<Uint8Array>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  readdir(path: string): Promise<string[]>;
  realpath(path: string): Promise<string>;
  mkdir(path: string, options: { recursive: true }): Promise<string | undefined>;
  open(path: string, flags: 'w'): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}
export interface NodePath {
  join(...parts: string[]): string;
  resolve(...parts: string[]): string;
  relative(from: string, to: string): string;
  isAbsolute(path: string): boolean;
  dirname(path: string): string;
  basename(path: string): string;
}
export interface NodeFs {
  fs: NodeFsPromises;
  path: NodePath;
}

let cached: Promise<NodeFs> | null = null;

export function nodeFs(fn: string): Promise<NodeFs> {
  cached ??= Promise.all([nodeImport<NodeFsPromises>('fs/promises'), nodeImport<NodePath>('path')]).then(([fs, path]) => ({ fs, path }));
  return cached.catch((e) => {
    cached = null;
    throw new SimdnetError('ERR_UNSUPPORTED', fn, `needs a file system (node:fs), which this runtime does not have (${(e as Error).message})`, { cause: e });
  });
}
