// How many cores this agent may run on: os.availableParallelism in Node (Bun and Deno implement it),
// navigator.hardwareConcurrency elsewhere, 1 when neither says.
import { MAX_THREADS } from './protocol.js';
import { nodeImport } from '../nodeImport.js';

export async function availableCores(): Promise<number> {
  const proc = typeof process !== 'undefined' ? process : undefined;
  if (proc?.versions?.node) {
    const os = await nodeImport<typeof import('node:os')>('os');
    return Math.min(MAX_THREADS, os.availableParallelism?.() ?? os.cpus().length);
  }
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(MAX_THREADS, cores));
}
