// package.json "sideEffects" (issue 16 item 7). Bundlers drop a module none of whose exports are used
// when the package says it has no side effects, and with it every import it would have evaluated. The
// augmentation layers used to register themselves for loadModel at import: an esbuild bundle of
// `loadModel` alone then dropped the registrations (the re-exporting index files in between are side
// effect free), even with that file listed, so loadModel could not read a model holding RandomFlip.
// Now src/layers/index.ts names every class in one table, and only the CLI's and the workers' "run when
// started" blocks act at import. The list must name exactly the files whose top-level statements act
// (checked against the sources), and an esbuild bundle of the installed tarball must load such a
// model, also when every simdnet file is forced side-effect free (an esbuild plugin): nothing the
// library needs may depend on a module being evaluated for its effects.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { build, type Plugin } from 'esbuild';
import { REPO, write } from '../bundle/consumer.js';
import { appDir, installedPackage } from './tarball.js';
import { dense, flatten, randomFlip, ready, sequential, tensor } from '../../src/index.js';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** `x.prop = value` where x is declared in the same file: it changes only this module's own export. */
function ownPropertyAssignment(s: ts.Statement, declared: Set<string>): boolean {
  if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression) || s.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const left = s.expression.left;
  return ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression) && declared.has(left.expression.text);
}

/**
 * Source files with a top-level statement that acts when the module is imported: a call or other
 * expression statement, an if/loop/try/block. Declarations are not (their initializers here build
 * values: factories, Sets, frozen tables; a registering call would be an expression statement).
 */
function filesWithSideEffects(): string[] {
  const found: string[] = [];
  for (const file of [...sources(join(REPO, 'src')), ...sources(join(REPO, 'bindings'))]) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const declared = new Set<string>();
    for (const s of sf.statements) {
      if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) declared.add(s.name.text);
      if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) declared.add(d.name.text);
    }
    const acts = sf.statements.some((s) => (ts.isExpressionStatement(s) && !ownPropertyAssignment(s, declared)) || ts.isIfStatement(s) || ts.isIterationStatement(s, false) ||
      ts.isTryStatement(s) || ts.isBlock(s) || ts.isSwitchStatement(s));
    if (acts) found.push('./dist/' + relative(REPO, file).replace(/\\/g, '/').replace(/\.ts$/, '.js'));
  }
  return found.sort();
}

test('sideEffects names exactly the files that act at import (and the bundled pool worker), and they ship', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { sideEffects: string[] };
  assert.ok(Array.isArray(pkg.sideEffects), 'sideEffects is a list (false would drop the layer registrations)');
  // build/simdnet.worker.js is bindings/threads/worker.ts bundled by scripts/build.mjs.
  assert.equal([...pkg.sideEffects].sort(), [...filesWithSideEffects(), './build/simdnet.worker.js'].sort());
  const shipped = new Set(installedPackage().packed.files.map((f) => './' + f.path));
  assert.equal(pkg.sideEffects.filter((p) => !shipped.has(p)), [], 'every sideEffects file is in the tarball');
});

/** An app that loads a saved model (path in argv) and prints its predictions for a fixed input. */
function loaderApp(assets: string): string {
  return `import { ready, loadModel, tensor } from 'simdnet';
await ready({ assets: ${JSON.stringify(assets)}, threads: 1 });
try {
  const model = await loadModel(process.argv[2]);
  const x = tensor(Float32Array.from({ length: 2 * 16 }, (_, i) => (i % 7) / 7), [2, 4, 4]);
  console.log(JSON.stringify({ classes: model.layers.map((l) => l.className), y: Array.from(model.predict(x).data) }));
} catch (e) {
  console.log(JSON.stringify({ error: e.message }));
}
`;
}

/** Marks every file of the installed simdnet side-effect free, whatever its package.json says. */
const allPure: Plugin = {
  name: 'simdnet-all-pure',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
      return /node_modules[\\/]simdnet[\\/]/.test(r.path) ? { ...r, sideEffects: false } : r;
    });
  },
};

async function bundleAndRun(dir: string, modelDir: string, plugins: Plugin[]): Promise<{ classes?: string[]; y?: number[]; error?: string }> {
  const outfile = join(dir, plugins.length ? 'out/pure.mjs' : 'out/app.mjs');
  const result = await build({ entryPoints: [join(dir, 'app.mjs')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent', absWorkingDir: dir, plugins });
  assert.equal(result.errors, []);
  const r = spawnSync(process.execPath, [outfile, modelDir], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

test('an esbuild bundle of the tarball loads a saved model with an augmentation layer, also with every file forced pure', async () => {
  const { pkg } = installedPackage();
  const dir = appDir('side-effects');
  await ready();
  const model = sequential({ seed: 3, layers: [randomFlip({ seed: 1, inputShape: [4, 4] }), flatten(), dense({ units: 3, activation: 'softmax' })] });
  model.build([4, 4]);
  const modelDir = join(dir, 'model');
  await model.save(modelDir);
  const x = tensor(Float32Array.from({ length: 2 * 16 }, (_, i) => (i % 7) / 7), [2, 4, 4]);
  const want = Array.from(model.predict(x).data);
  model.dispose();
  write(dir, 'app.mjs', loaderApp(pathToFileURL(join(pkg, 'build')).href + '/'));
  const got = await bundleAndRun(dir, modelDir, []);
  assert.is(got.error, undefined, `the bundle failed: ${got.error}`);
  assert.equal(got.classes, ['RandomFlip', 'Flatten', 'Dense']);
  assert.equal(got.y, want, 'the bundled loadModel predicts as the saved model did');
  const pure = await bundleAndRun(dir, modelDir, [allPure]);
  assert.equal(pure, got, 'the same with every simdnet file marked side-effect free');
});

test('sideEffects lets esbuild drop what an app does not use', async () => {
  const dir = appDir('tree-shaking');
  write(dir, 'app.mjs', `import { tensor } from 'simdnet';\nconsole.log(tensor(new Float32Array(2), [2]).shape);\n`);
  const size = async (ignoreAnnotations: boolean) => {
    const r = await build({ entryPoints: [join(dir, 'app.mjs')], bundle: true, platform: 'browser', format: 'esm', write: false, minify: true, logLevel: 'silent', absWorkingDir: dir, ignoreAnnotations });
    return r.outputFiles[0].contents.length;
  };
  const withField = await size(false);
  const ignored = await size(true); // ignoreAnnotations: esbuild disregards "sideEffects"
  assert.ok(withField < ignored, `${withField} B with sideEffects vs ${ignored} B without`);
  console.log(`  tree-shaking (import { tensor }, minified): ${(withField / 1024).toFixed(1)} KB with "sideEffects", ${(ignored / 1024).toFixed(1)} KB without`);
});

test.run();
