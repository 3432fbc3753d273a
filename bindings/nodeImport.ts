// Imports a Node built-in (`node:fs/promises`, `node:worker_threads`, ...) at run time, where bundlers
// cannot see it. A literal `import('node:fs')`, even inside a function that a browser never calls, is
// resolved at build time: esbuild --platform=browser fails on it, Vite and Rollup replace it with a stub
// module and warn, webpack 5 needs a fallback. A specifier computed at run time plus the two
// bundlers' "leave this alone" comments keeps the browser entry free of node:* (tests/bundle/).
// Deno and Bun resolve node: specifiers themselves. The caller names the module's type:
// `await nodeImport<typeof import('node:os')>('os')` (type-only: nothing reaches the emitted .d.ts).

/** Imports `node:<name>`; rejects where the runtime has no such module (browsers, edge workers). */
export function nodeImport<T>(name: string): Promise<T> {
  const specifier = `node:${name}`;
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<T>;
}

/**
 * Imports one of simdnet's own Node-only modules (one that imports node:* statically, such as the
 * SpamAssassin reader or WordNet) from code the browser entry reaches: `rel` is resolved against
 * `base` (the caller's `import.meta.url`) at run time, so bundlers neither follow it nor emit it as
 * an asset (a literal relative import() would pull node:fs into every bundle).
 */
export function nodeOnlyModule<T>(rel: string, base: string): Promise<T> {
  const href = new URL(rel, base).href;
  return import(/* webpackIgnore: true */ /* @vite-ignore */ href) as Promise<T>;
}

/**
 * A Node built-in synchronously, for code whose API is synchronous (WordNet lookups inside eda()):
 * `process.getBuiltinModule` (Node >= 20.16, Deno 2, Bun 1.1) hands it over without an import
 * statement, so neither bundlers nor browsers see one. Null where the runtime has none (browsers,
 * edge workers, Node < 20.16).
 */
export function nodeBuiltin<T>(name: string): T | null {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (p?.getBuiltinModule?.(`node:${name}`) as T | undefined) ?? null;
}
