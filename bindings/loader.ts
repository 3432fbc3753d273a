// Loads the simdnet wasm module. Three builds come from the same AssemblyScript sources
// (asconfig.json): `relaxed` (f32x4.relaxed_madd, ~1.4x GEMM), `plain` (SIMD only) and `debug`
// (asserts on, for tests). `ready()` picks relaxed when the runtime validates it (bindings/features.ts),
// else plain; SIMDNET_WASM=plain|relaxed|debug (environment, Node/Bun/Deno) or `ready({ build })`
// forces one.
// Where the module comes from: `ready({ module })` (compiled already: edge workers), `{ bytes }` or
// `{ url }` (one of them), else the package's file (bindings/assets.ts: literal `new URL` patterns
// that Vite and webpack emit, or the `ready({ assets })` folder). A file: URL is read with node:fs in
// Node and Bun (Node 20's fetch cannot read file: URLs), with fetch in Deno; http(s) URLs use
// WebAssembly.compileStreaming when the server sends application/wasm, else fetch + compile. Nothing
// runs at import time and node:* modules are imported at run time only (bindings/nodeImport.ts), so
// the module imports and bundles unchanged for browsers and workers. Unknown ready() keys are an error.
// Memory is the module's own (not imported): the arena (bindings/arena.ts) lays it out from heapBase.
// Exception: where SharedArrayBuffer exists, ready() loads the `*-threads` build on a shared memory
// with a worker pool instead (bindings/threads/: same exports, sgemm split across threads).
import { Arena } from './arena.js';
import { enableRelaxedSimd, wasmFeatures } from './features.js';
import { SimdnetError, ValidationError } from '../src/errors.js';
import type { ThreadPool } from './threads/pool.js';
import { readyThreaded, setThreads } from './threads/config.js';
import { selectGemm, type GemmSelection } from './gemmSelect.js';
import { nodeImport } from './nodeImport.js';
import { assetUrl, setAssetBase } from './assets.js';
import { setLogger, type Logger } from './log.js';

/**
 * A wasm build: `relaxed` (relaxed SIMD, fused multiply-add), `plain` (SIMD only) or `debug` (asserts on,
 * for tests).
 */
export type BuildName = 'plain' | 'relaxed' | 'debug';
/** The three wasm builds, fastest first: relaxed SIMD, plain SIMD, debug (asserts on). */
export const BUILD_NAMES: readonly BuildName[] = ['relaxed', 'plain', 'debug'];

/** How the module was obtained: read from disk, fetched, compiled while streaming, supplied as bytes, or supplied compiled. */
export type LoadedBy = 'fs' | 'fetch' | 'streaming' | 'bytes' | 'module';

/** Raw wasm exports: kernels take numbers (pointers, sizes, scalars) and return a number or nothing. */
export type RawExports = Record<string, (...args: number[]) => number>;

/**
 * A loaded simdnet module: its build, the raw kernel exports, its memory and the arena that lays it out,
 * and its thread pool when threaded.
 */
export interface WasmModule {
  readonly build: BuildName;
  readonly loadedBy: LoadedBy;
  readonly exports: RawExports;
  readonly memory: WebAssembly.Memory;
  readonly arena: Arena;
  readonly module: WebAssembly.Module;
  /** The worker pool of a threaded module (bindings/threads/); absent when single-threaded. */
  readonly pool?: ThreadPool;
}

/** Where to get a build from when not from the package's own files (give at most one). */
export interface ModuleSource {
  /** A compiled simdnet build: what Cloudflare Workers and similar edge runtimes hand code that imports a .wasm file. */
  module?: WebAssembly.Module;
  /** The module's bytes (a bundler's inlined asset, an edge worker's binding). */
  bytes?: BufferSource;
  /** Where to fetch the module (absolute, or relative to the page in a browser). */
  url?: string | URL;
}

/**
 * Options of `ready()`: which build, how many threads, how GEMM variants are chosen, where the module
 * comes from and where notices go. An unknown key is a ValidationError.
 */
export interface ReadyOptions extends ModuleSource {
  /** Force a build; default: SIMDNET_WASM, else relaxed where supported, else plain. With `module`,
   *  `bytes` or `url` it may be left out: the module reports which build it is (`buildFeatures()`). */
  build?: BuildName;
  /** Threads (caller + workers) for GEMM; default SIMDNET_THREADS, else every core (1 in a worker
   *  thread). Needs SharedArrayBuffer; ignored (one thread) for the debug build and with module/bytes/url. */
  threads?: number;
  /** GEMM variant per shape class (bindings/gemmSelect.ts, docs/performance.md): 'probe' (default)
   *  times the variants for ~20-40 ms and keeps the fastest; 'default' skips that (4x8 tiles); or a
   *  selection saved from an earlier `gemmSelection()` (same build), applied without probing. */
  gemm?: 'probe' | 'default' | GemmSelection;
  /** A folder holding copies of the package's build/* files (wasm builds and the pool worker), for
   *  bundlers that do not emit `new URL(..., import.meta.url)` assets (esbuild, Rollup). Default: the package's own files. */
  assets?: string | URL;
  /** Where simdnet's warnings and notices go (bindings/log.ts); the same as `setLogger(logger)`. */
  logger?: Logger | null;
}

/** Every key ready() accepts; any other key (a typo such as `{ byts }`) is a ValidationError. */
export const READY_OPTIONS: readonly string[] = ['build', 'threads', 'gemm', 'module', 'bytes', 'url', 'assets', 'logger'];
const SOURCES = ['module', 'bytes', 'url'] as const;

function checkReadyOptions(options: ReadyOptions): void {
  if (options === null || typeof options !== 'object') throw new ValidationError('ready', 'options', 'an options object', options, 'ERR_INVALID_TYPE');
  const unknown = Object.keys(options).filter((k) => !READY_OPTIONS.includes(k));
  if (unknown.length) throw new ValidationError('ready', 'options', `only the keys ${READY_OPTIONS.join(', ')}`, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  const given = SOURCES.filter((k) => options[k] !== undefined);
  if (given.length > 1) throw new ValidationError('ready', 'options', 'at most one of module, bytes and url', given.join(' and '));
}

let current: WasmModule | null = null;
let pending: Promise<WasmModule> | null = null;
/** Compiled default modules by URL (a new `assets` folder compiles afresh). */
const compiled = new Map<string, Promise<{ module: WebAssembly.Module; loadedBy: LoadedBy }>>();

/** Loads and instantiates the default module once; later calls return the same one. */
export function ready(options: ReadyOptions = {}): Promise<WasmModule> {
  try {
    checkReadyOptions(options);
    if ('logger' in options) setLogger(options.logger, 'ready');
    if (options.assets !== undefined) setAssetBase(options.assets);
  } catch (e) {
    return Promise.reject(e);
  }
  if (current && (!options.build || options.build === current.build)) {
    const m = current;
    try {
      if (options.gemm !== undefined) selectGemm(m, options.gemm);
    } catch (e) {
      return Promise.reject(e);
    }
    if (options.threads === undefined) return Promise.resolve(m);
    return setThreads(options.threads).then(() => m);
  }
  if (!pending || options.build) {
    pending = (async () => {
      const supplied = SOURCES.some((k) => options[k] !== undefined);
      const build = options.build ?? (supplied ? null : (envBuild() ?? ((await wasmFeatures()).relaxedSimd ? 'relaxed' : 'plain')));
      const threaded = supplied ? null : await readyThreaded(build as BuildName, options.threads);
      const m = threaded ?? (await instantiateFrom(build, options, 'ready'));
      try {
        selectGemm(m, options.gemm);
      } catch (e) {
        m.pool?.dispose();
        throw e;
      }
      current = m;
      return current;
    })();
    pending.catch(() => (pending = null));
  }
  return pending;
}

/** The module loaded by `ready()`, or null before (bindings/threads/config.ts). */
export function loadedModule(): WasmModule | null {
  return current;
}

/** The module loaded by `ready()`; throws ERR_NOT_READY before it resolved. */
export function wasm(): WasmModule {
  if (!current) throw new SimdnetError('ERR_NOT_READY', 'wasm', 'the wasm module is not loaded yet: `await ready()` first');
  return current;
}

/**
 * A fresh, independent instance of one build (own memory and arena): tests run every build this way.
 * `build` may be left undefined when `source` supplies bytes or a url: the module says which it is.
 */
export function instantiate(build: BuildName | undefined, source: ModuleSource = {}): Promise<WasmModule> {
  if (build === undefined && SOURCES.every((k) => source[k] === undefined)) {
    return Promise.reject(new ValidationError('instantiate', 'build', `one of ${BUILD_NAMES.join(', ')} (or a source with module, bytes or url)`, build));
  }
  return instantiateFrom(build ?? null, source, 'instantiate');
}

/** The builds this runtime can run, fastest first. */
export async function supportedBuilds(): Promise<BuildName[]> {
  const f = await wasmFeatures();
  if (!f.simd) return [];
  return f.relaxedSimd ? ['relaxed', 'plain', 'debug'] : ['plain', 'debug'];
}

/** `build` null: supplied bytes or url, whose build the module itself reports. */
async function instantiateFrom(build: BuildName | null, source: ModuleSource, fn: string): Promise<WasmModule> {
  if (build !== null && !BUILD_NAMES.includes(build)) throw new ValidationError(fn, 'build', `one of ${BUILD_NAMES.join(', ')}`, build);
  if (source.bytes !== undefined && !(ArrayBuffer.isView(source.bytes) || source.bytes instanceof ArrayBuffer)) {
    throw new ValidationError(fn, 'bytes', 'an ArrayBuffer or typed array holding a simdnet .wasm file', source.bytes, 'ERR_INVALID_TYPE');
  }
  if (source.module !== undefined && !(source.module instanceof WebAssembly.Module)) {
    throw new ValidationError(fn, 'module', 'a WebAssembly.Module compiled from a simdnet .wasm file', source.module, 'ERR_INVALID_TYPE');
  }
  await enableRelaxedSimd();
  const label = build ?? 'supplied';
  const { module, loadedBy } = await (source.module !== undefined
    ? { module: source.module, loadedBy: 'module' as const }
    : source.bytes !== undefined
    ? compileBytes(source.bytes, label).then((m) => ({ module: m, loadedBy: 'bytes' as const }))
    : source.url !== undefined
      ? compileUrl(toUrl(source.url, fn), label)
      : defaultModule(build as BuildName));
  let memoryRef: WebAssembly.Memory | null = null;
  const env: Record<string, (...a: number[]) => void> = {
    abort(msg: number, file: number, line: number, col: number) {
      const text = memoryRef ? `${readString(memoryRef, msg)} at ${readString(memoryRef, file)}:${line}:${col}` : 'abort';
      throw new SimdnetError('ERR_WASM_TRAP', 'wasm', `kernel assertion failed: ${text}`);
    },
  };
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, { env });
  } catch (e) {
    throw new SimdnetError('ERR_WASM_UNSUPPORTED', fn, `the ${label} module is not a simdnet build (${(e as Error).message})`, { cause: e });
  }
  const exports = instance.exports as unknown as RawExports & { memory: WebAssembly.Memory };
  if (typeof exports.buildFeatures !== 'function' || typeof exports.heapBase !== 'function' || !(exports.memory instanceof WebAssembly.Memory)) {
    throw new SimdnetError('ERR_WASM_UNSUPPORTED', fn, `the ${label} module is not a simdnet build (no buildFeatures/heapBase/memory exports)`);
  }
  // buildFeatures(): bit 0 SIMD, bit 1 relaxed SIMD, bit 3 asserts (assembly/index.ts).
  const features = exports.buildFeatures();
  const actual: BuildName = features & 8 ? 'debug' : features & 2 ? 'relaxed' : 'plain';
  if (build !== null && actual !== build) throw new ValidationError(fn, 'bytes', `the ${build} build`, `the ${actual} build`);
  memoryRef = exports.memory;
  const arena = new Arena(exports.memory, (exports.heapBase() as number) >>> 0);
  return { build: actual, loadedBy, exports, memory: exports.memory, arena, module };
}

function defaultModule(build: BuildName): Promise<{ module: WebAssembly.Module; loadedBy: LoadedBy }> {
  return compileCached(assetUrl(build), build);
}

/** compileUrl once per URL (the threads builds use it too). */
export function compileCached(url: URL, label: string): Promise<{ module: WebAssembly.Module; loadedBy: LoadedBy }> {
  let p = compiled.get(url.href);
  if (!p) {
    p = compileUrl(url, label);
    p.catch(() => compiled.delete(url.href));
    compiled.set(url.href, p);
  }
  return p;
}

function toUrl(url: string | URL, fn: string): URL {
  if (url instanceof URL) return url;
  if (typeof url !== 'string') throw new ValidationError(fn, 'url', 'a URL or URL string', url, 'ERR_INVALID_TYPE');
  try {
    return new URL(url, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    throw new ValidationError(fn, 'url', 'an absolute URL (or one relative to the page in a browser)', url);
  }
}

async function compileBytes(bytes: BufferSource, label: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes);
  } catch (e) {
    throw new SimdnetError('ERR_WASM_UNSUPPORTED', 'instantiate', `this runtime cannot compile the ${label} build (${(e as Error).message})`, { cause: e });
  }
}

export async function compileUrl(url: URL, label: string): Promise<{ module: WebAssembly.Module; loadedBy: LoadedBy }> {
  const proc = typeof process !== 'undefined' ? process : undefined;
  const useFs = url.protocol === 'file:' && !!proc?.versions?.node && !('Deno' in globalThis);
  let res: Response;
  try {
    if (useFs) {
      const fs = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
      return { module: await compileBytes(new Uint8Array(await fs.readFile(url)), label), loadedBy: 'fs' };
    }
    res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (e) {
    if (e instanceof SimdnetError) throw e;
    throw new SimdnetError('ERR_IO', 'ready', `cannot read ${url.href} (${(e as Error).message}): ${missingHint(label)}`, { cause: e });
  }
  const streaming = typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/.test(res.headers.get('content-type') ?? '');
  if (streaming) {
    try {
      return { module: await WebAssembly.compileStreaming(res), loadedBy: 'streaming' };
    } catch (e) {
      throw new SimdnetError('ERR_WASM_UNSUPPORTED', 'instantiate', `this runtime cannot compile the ${label} build (${(e as Error).message})`, { cause: e });
    }
  }
  return { module: await compileBytes(await res.arrayBuffer(), label), loadedBy: 'fetch' };
}

function missingHint(label: string): string {
  if (label === 'debug') return 'the debug build is not in the npm package (it serves simdnet\'s own tests: `npm run build` in a clone makes it)';
  return 'in a bundled app that does not emit the package\'s `new URL(..., import.meta.url)` assets (esbuild, Rollup), copy node_modules/simdnet/build/* into a served folder and pass ready({ assets: folderUrl }); or pass ready({ module | bytes | url }); in a clone of simdnet, run `npm run build`';
}

function envBuild(): BuildName | undefined {
  let v: string | undefined;
  try {
    v = typeof process !== 'undefined' ? process.env?.SIMDNET_WASM : undefined;
  } catch {
    v = undefined; // Deno without --allow-env throws on environment access: no override then
  }
  if (v === undefined || v === '') return undefined;
  if (!BUILD_NAMES.includes(v as BuildName)) throw new ValidationError('ready', 'SIMDNET_WASM', `one of ${BUILD_NAMES.join(', ')}`, v);
  return v as BuildName;
}

/** Reads an AssemblyScript string (UTF-16LE, byte length stored at ptr - 4) for abort messages. */
export function readString(memory: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return '';
  const len = new Uint32Array(memory.buffer, ptr - 4, 1)[0] >>> 1;
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, len));
}
