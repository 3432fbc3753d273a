// Where the package's run-time files are: the wasm builds and the pool worker, all in build/
// (build/simdnet.worker.js is bindings/threads/worker.ts bundled into one file by scripts/build.mjs,
// so that it can be copied anywhere and loaded as it is).
// Each default wasm is a literal `new URL('<path>', import.meta.url)`: Vite and webpack 5 recognise that
// pattern and emit the file into the app. The worker's literal is in pool.ts, inside
// `new Worker(new URL(...), { type: 'module' })`, which they emit as a worker file (Vite would
// otherwise inline a file this small as a data: URL, which CSP worker-src rules often block). The debug build's name is assembled at run time on purpose,
// so that no bundler copies it (it is for simdnet's own tests and is not in the package).
// `ready({ assets })` points all of them at one folder instead: for esbuild, Rollup and other
// bundlers that leave `new URL` alone, the app copies node_modules/simdnet/build/* into that folder.
import { ValidationError } from '../src/errors.js';

export type AssetName = 'relaxed' | 'plain' | 'debug' | 'relaxed-threads' | 'plain-threads' | 'worker';

// Joined at run time: Vite turns a template literal into a glob that would copy every build.
const DEBUG_FILE = ['simdnet', 'debug', 'wasm'].join('.');
const FILES: Record<AssetName, string> = {
  relaxed: 'simdnet.relaxed.wasm',
  plain: 'simdnet.plain.wasm',
  debug: DEBUG_FILE,
  'relaxed-threads': 'simdnet.relaxed-threads.wasm',
  'plain-threads': 'simdnet.plain-threads.wasm',
  worker: 'simdnet.worker.js',
};

let base: URL | null = null;

/** The folder set by `ready({ assets })`, or null (the package's own files). */
export function assetBase(): URL | null {
  return base;
}

/** Sets the folder the assets are read from; `null` goes back to the package's own files. */
export function setAssetBase(folder: string | URL | null, fn = 'ready'): void {
  if (folder === null) {
    base = null;
    return;
  }
  if (!(folder instanceof URL) && typeof folder !== 'string') throw new ValidationError(fn, 'assets', 'a folder URL (string or URL)', folder, 'ERR_INVALID_TYPE');
  let url: URL;
  try {
    url = new URL(folder, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    throw new ValidationError(fn, 'assets', 'an absolute folder URL (or one relative to the page in a browser)', folder);
  }
  // A folder: without the trailing slash, new URL(file, base) would replace its last segment.
  if (!url.pathname.endsWith('/')) url = new URL(`${url.pathname}/${url.search}`, url);
  base = url;
}

/** The URL of one asset: inside the `assets` folder when one is set, else the package's file. */
export function assetUrl(name: AssetName): URL {
  if (base) return new URL(FILES[name], base);
  switch (name) {
    case 'relaxed':
      return new URL('../../build/simdnet.relaxed.wasm', import.meta.url);
    case 'plain':
      return new URL('../../build/simdnet.plain.wasm', import.meta.url);
    case 'relaxed-threads':
      return new URL('../../build/simdnet.relaxed-threads.wasm', import.meta.url);
    case 'plain-threads':
      return new URL('../../build/simdnet.plain-threads.wasm', import.meta.url);
    case 'worker': // not a literal: in browsers pool.ts starts it with the pattern bundlers know for workers
      return new URL('../../build/' + FILES.worker, import.meta.url);
    case 'debug':
      return new URL('../../build/' + DEBUG_FILE, import.meta.url); // not a literal: see the header
  }
}
