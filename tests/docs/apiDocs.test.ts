// Every exported symbol has a doc comment (issue 16 item 8): what `npm run docs` (TypeDoc, typedoc.json)
// turns into the API reference. The exports are those of the package's entry points (package.json
// "exports": simdnet, simdnet/bindings, simdnet/text), followed through re-exports and into `export * as`
// namespaces, as the TypeScript compiler resolves them; a symbol counts as documented when one of its
// declarations carries a /** ... */ comment (TypeDoc shows it). Members (options fields, methods) are not
// required here; most have comments, and TypeDoc shows those it finds. A test, not TypeDoc's own
// notDocumented validation: that one also demands every method and property (about 900 more).
// The last test runs TypeDoc itself as `npm run docs` does, without writing the HTML (--emit none):
// typedoc.json treats every warning as an error, so a broken {@link} or a comment TypeDoc cannot
// read fails here. Broken relative links in README.md and docs/*.md: tests/docs/links.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { REPO } from '../bundle/consumer.js';

/** The TypeScript source behind each package.json export (dist/X.js -> X.ts). */
function entryPoints(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { exports: Record<string, string | { default?: string }> };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(pkg.exports)) {
    const target = typeof value === 'string' ? value : value.default;
    if (!target || !target.endsWith('.js') || !target.startsWith('./dist/')) continue;
    out[key === '.' ? 'simdnet' : `simdnet/${key.slice(2)}`] = join(REPO, target.slice('./dist/'.length).replace(/\.js$/, '.ts'));
  }
  return out;
}

function documented(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  if (symbol.getDocumentationComment(checker).length > 0) return true;
  return (symbol.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
}

/** Undocumented exports as `entry: name (file)`, recursing into namespaces re-exported with `export * as`. */
export function undocumentedExports(): { missing: string[]; checked: number } {
  const entries = entryPoints();
  const program = ts.createProgram(Object.values(entries), { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  let checked = 0;
  const seen = new Set<ts.Symbol>();
  const visit = (moduleSymbol: ts.Symbol, prefix: string) => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = `${prefix}${exported.name}`;
      const decl = symbol.declarations?.[0];
      if (decl && ts.isSourceFile(decl)) {
        // `export * as optim from './optim.js'`: the namespace's members are exports too.
        if (!seen.has(symbol)) {
          seen.add(symbol);
          visit(symbol, `${name}.`);
        }
        continue;
      }
      checked++;
      if (!documented(symbol, checker) && !documented(exported, checker)) {
        missing.push(`${name} (${decl ? relative(REPO, decl.getSourceFile().fileName) : '?'})`);
      }
    }
  };
  for (const [entry, file] of Object.entries(entries)) {
    const sf = program.getSourceFile(file);
    assert.ok(sf, `${entry}: ${file} is in the program`);
    const moduleSymbol = checker.getSymbolAtLocation(sf!);
    assert.ok(moduleSymbol, `${entry} is a module`);
    visit(moduleSymbol!, `${entry}: `);
  }
  return { missing: [...new Set(missing)], checked };
}

test('every export of simdnet, simdnet/bindings and simdnet/text has a doc comment', () => {
  const { missing, checked } = undocumentedExports();
  assert.ok(checked > 300, `only ${checked} exports found: are the entry points still resolved?`);
  assert.equal(missing, [], `${missing.length} of ${checked} exports without a doc comment:\n${missing.join('\n')}`);
});

test('the API reference builds from typedoc.json with `npm run docs`', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  assert.is(pkg.scripts.docs, 'typedoc');
  const config = JSON.parse(readFileSync(join(REPO, 'typedoc.json'), 'utf8'));
  const entries = Object.values(entryPoints()).map((f) => relative(REPO, f).replace(/\\/g, '/')).sort();
  assert.equal([...config.entryPoints].sort(), entries, 'typedoc.json documents exactly the package entry points');
  assert.is(config.out, 'docs/api');
  assert.match(readFileSync(join(REPO, '.gitignore'), 'utf8'), /^\/docs\/api\/$/m, 'the generated reference is not committed');
});

test('TypeDoc converts the entry points with no warning (what `npm run docs` renders)', () => {
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules/typedoc/bin/typedoc'), '--emit', 'none'], { cwd: REPO, encoding: 'utf8', timeout: 300_000, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '');
  assert.is(r.status, 0, out);
  assert.not.match(out, /\[(warning|error)\]/, out);
});

test.run();
