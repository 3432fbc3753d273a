#!/usr/bin/env node
// Builds the wasm targets of asconfig.json (plain SIMD, relaxed SIMD, debug with asserts, and the two
// threads builds) when an AssemblyScript source is newer than the output, compiles the TypeScript
// (tsc, incremental) into dist/, and bundles the thread-pool worker into one self-contained file,
// build/simdnet.worker.js (esbuild), which bundlers and `ready({ assets })` can copy as it is
// (bindings/assets.ts). Run by `npm run build`, and before test, start, bench and pack.
import { readdirSync, statSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import asc from 'assemblyscript/asc';
import { restore as restorePack } from './pack.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(root, 'asconfig.json'), 'utf8')));
const force = process.argv.includes('--force');
// A `npm pack` that died between prepack and postpack left package.json and dist/ stripped: undo it.
if (restorePack()) console.log('build: restored package.json and dist/ from an interrupted npm pack (scripts/pack.mjs)');

function newestSource(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newestSource(p) : s.mtimeMs);
  }
  return t;
}

const sourceTime = Math.max(newestSource(join(root, 'assembly')), statSync(join(root, 'asconfig.json')).mtimeMs);
mkdirSync(join(root, 'build'), { recursive: true });
for (const [target, opts] of Object.entries(config.targets)) {
  const out = join(root, opts.outFile);
  if (!force && existsSync(out) && statSync(out).mtimeMs >= sourceTime) continue;
  const t0 = performance.now();
  const { error, stderr } = await asc.main(['--config', join(root, 'asconfig.json'), '--target', target], {
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (error) {
    console.error(`build: asc failed for target "${target}": ${error.message}\n${stderr.toString()}`);
    process.exit(1);
  }
  console.log(`build: ${opts.outFile} (${statSync(out).size} bytes, ${(performance.now() - t0).toFixed(0)} ms)`);
}

const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('build: tsc failed');
  process.exit(tsc.status ?? 1);
}

// The worker: ESM (started as a module worker), no imports left, a source map with its sources.
const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: [join(root, 'bindings/threads/worker.ts')],
  outfile: join(root, 'build/simdnet.worker.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  sourcesContent: true,
  logLevel: 'warning',
});
