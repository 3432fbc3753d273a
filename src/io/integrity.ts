// What loadModel and loadTfjs check before trusting a model folder: that every file model.json
// names stays inside that folder (a hostile or careless model.json with "../../etc/x" or an absolute
// path must not make the loader read elsewhere), and for our own format that the weights file is
// the one that was saved (a SHA-256 of its bytes in model.json, so a truncated copy, a flipped bit
// or a swapped file is ERR_CORRUPT_DATA rather than NaN or wrong weights).
import type { NodeFs } from './nodeFs.js';
import { SimdnetError } from '../errors.js';

/**
 * The path of `name` (relative, as written in model.json) inside `dir`; refuses absolute names, names
 * that climb out of `dir`, and (after resolving symbolic links) files that lie outside it.
 */
export async function fileInside({ fs, path }: NodeFs, dir: string, name: unknown, fn: string): Promise<string> {
  const refuse = (why: string) => new SimdnetError('ERR_CORRUPT_DATA', fn, `model.json names ${JSON.stringify(name)}, ${why}: only files inside the model folder are read`);
  if (typeof name !== 'string' || name === '' || name.includes('\0')) throw refuse('which is not a file name');
  if (path.isAbsolute(name) || /^[a-z][a-z0-9+.-]*:/i.test(name)) throw refuse('an absolute path or URL');
  const root = path.resolve(dir);
  const file = path.resolve(root, name);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw refuse('which leaves the model folder');
  // A symbolic link inside the folder may still point out of it; a missing file is the reader's ERR_IO.
  const real = await Promise.all([fs.realpath(root), fs.realpath(file)]).catch(() => null);
  if (real) {
    const realRel = path.relative(real[0], real[1]);
    if (realRel.startsWith('..') || path.isAbsolute(realRel)) throw refuse('a link to a file outside the model folder');
  }
  return file;
}

/** Lower-case hex SHA-256 of `bytes` (WebCrypto: Node, Deno, Bun and browsers alike). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
