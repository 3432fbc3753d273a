// loadLayersModel(url): TensorFlow.js's entry point for the same files, so code moving from tfjs
// keeps its call: `await loadLayersModel('file://path/to/model.json')` reads from disk (Node, Bun,
// Deno; `file://` is stripped as tfjs-node's file system router does, so `file://./m/model.json` is
// relative to the working directory), and an http(s) URL — or, in a page, a URL relative to it — is
// fetched, with weight shards resolved relative to model.json, as tfjs's http handler does.
import { nodeFs } from '../nodeFs.js';
import { fsReader, loadTfjsFrom, type ModelReader } from './load.js';
import type { Sequential } from '../../model/sequential.js';
import { SimdnetError, ValidationError } from '../../errors.js';
import { fileInside } from '../integrity.js';

const fn = 'loadLayersModel';

/**
 * TensorFlow.js's `loadLayersModel`: reads model.json from a `file://` path (Node, Deno, Bun) or fetches
 * it from an http(s) URL, with its weight shards.
 */
export async function loadLayersModel(url: string | URL): Promise<Sequential> {
  const href = url instanceof URL ? url.href : url;
  if (typeof href !== 'string' || href === '') throw new ValidationError(fn, 'url', "a 'file://…/model.json' path or an http(s) URL of model.json", url, 'ERR_INVALID_TYPE');
  if (href.startsWith('file://')) {
    const nfs = await nodeFs(fn);
    const file = url instanceof URL ? decodeURIComponent(url.pathname) : href.slice('file://'.length);
    const dir = nfs.path.dirname(file);
    return loadTfjsFrom(nfs.path.basename(file), fsReader(nfs.fs, (p) => fileInside(nfs, dir, p, fn), fn), file, fn);
  }
  let base: URL;
  try {
    base = new URL(href, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    throw new ValidationError(fn, 'url', "a 'file://…/model.json' path or an http(s) URL of model.json", href);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new ValidationError(fn, 'url', "a 'file://' path or an http(s) URL", href);
  const read: ModelReader = async (p) => {
    const target = new URL(p, base);
    // Shards come from model.json's own server: a manifest naming another origin is refused.
    if (target.origin !== base.origin) throw new SimdnetError('ERR_CORRUPT_DATA', fn, `model.json names ${JSON.stringify(p)}, on another server than ${base.origin}`);
    let res: Response;
    try {
      res = await fetch(target);
    } catch (e) {
      throw new SimdnetError('ERR_IO', fn, `cannot fetch ${target.href}: ${(e as Error).message}`, { cause: e });
    }
    if (!res.ok) throw new SimdnetError('ERR_IO', fn, `cannot fetch ${target.href}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  return loadTfjsFrom(base.pathname.split('/').pop() as string, read, base.href, fn);
}
