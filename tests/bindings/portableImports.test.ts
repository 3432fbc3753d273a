// `import 'simdnet'` must work in browsers and edge workers, which have no node:* modules: no module
// reachable from the public entry points through static imports may import node:* (Node-only APIs
// such as save/load, the data loaders and worker pools import them dynamically when called).
// The browser test (tests/runtimes) proves the same in Chromium; this check runs everywhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Static `import … from '…'`, `export … from '…'` and bare `import '…'` (comments in emitted JS
// never hold these at line start; dynamic import() is deliberately not matched).
const STATIC = /^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;

function nonRelativeImports(entry: URL): Map<string, string[]> {
  const seen = new Set<string>();
  const found = new Map<string, string[]>();
  const walk = (url: URL) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    for (const m of readFileSync(url, 'utf8').matchAll(STATIC)) {
      if (m[1].startsWith('.')) walk(new URL(m[1], url));
      else found.set(m[1], [...(found.get(m[1]) ?? []), fileURLToPath(url)]);
    }
  };
  walk(entry);
  return found;
}

for (const entry of ['../../src/index.js', '../../bindings/index.js']) {
  test(`${entry.slice(6)} reaches no node:* module through static imports`, () => {
    const found = nonRelativeImports(new URL(entry, import.meta.url));
    const node = [...found].filter(([spec]) => spec.startsWith('node:') || !spec.includes('/') && ['fs', 'path', 'worker_threads', 'os', 'url'].includes(spec));
    assert.equal(node, [], `Node-only imports: ${node.map(([s, f]) => `${s} <- ${f.join(', ')}`).join('; ')}`);
    // Only relative imports and the declared runtime dependency may be reached at all.
    assert.ok([...found.keys()].every((s) => s === 'uplot' || s.startsWith('uplot/')), `unexpected imports: ${[...found.keys()]}`);
  });
}

test.run();
