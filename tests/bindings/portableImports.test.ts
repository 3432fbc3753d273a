// `import 'simdnet'` must work in browsers and edge workers, which have no node:* modules: no module
// reachable from the public entry points through imports a bundler follows (static ones and literal
// import()) may import node:* (Node-only APIs such as save/load, the data loaders and worker pools
// import them at run time through bindings/nodeImport.ts).
// The browser test (tests/runtimes) proves the same in Chromium; this check runs everywhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Static `import … from '…'`, `export … from '…'` and bare `import '…'` (comments in emitted JS
// never hold these at line start).
const STATIC = /^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;
// A literal dynamic import of a built-in: bundlers resolve it at build time even inside a function a
// browser never calls (esbuild --platform=browser fails on it): use bindings/nodeImport.ts.
const LITERAL_DYNAMIC = /\bimport\(\s*['"](node:[^'"]+)['"]\s*\)/g;
// Bundlers follow a literal relative import() too, so what it reaches must be portable as well.
const RELATIVE_DYNAMIC = /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function nonRelativeImports(entry: URL): { found: Map<string, string[]>; dynamic: string[] } {
  const seen = new Set<string>();
  const found = new Map<string, string[]>();
  const dynamic: string[] = [];
  const walk = (url: URL) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const text = readFileSync(url, 'utf8').replace(/^\s*\/\/.*$/gm, ''); // comments may name import('node:…')
    for (const m of text.matchAll(LITERAL_DYNAMIC)) dynamic.push(`${m[1]} <- ${fileURLToPath(url)}`);
    for (const m of text.matchAll(RELATIVE_DYNAMIC)) walk(new URL(m[1], url));
    for (const m of text.matchAll(STATIC)) {
      if (m[1].startsWith('.')) walk(new URL(m[1], url));
      else found.set(m[1], [...(found.get(m[1]) ?? []), fileURLToPath(url)]);
    }
  };
  walk(entry);
  return { found, dynamic };
}

for (const entry of ['../../src/index.js', '../../bindings/index.js']) {
  test(`${entry.slice(6)} reaches no node:* module through static or literal dynamic imports`, () => {
    const { found, dynamic } = nonRelativeImports(new URL(entry, import.meta.url));
    assert.equal(dynamic, [], 'literal import(\'node:…\') (use nodeImport)');
    const node = [...found].filter(([spec]) => spec.startsWith('node:') || !spec.includes('/') && ['fs', 'path', 'worker_threads', 'os', 'url'].includes(spec));
    assert.equal(node, [], `Node-only imports: ${node.map(([s, f]) => `${s} <- ${f.join(', ')}`).join('; ')}`);
    // Only relative imports and the declared runtime dependency may be reached at all.
    assert.ok([...found.keys()].every((s) => s === 'uplot' || s.startsWith('uplot/')), `unexpected imports: ${[...found.keys()]}`);
  });
}

test.run();
