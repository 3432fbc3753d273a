#!/usr/bin/env node
// Builds the three wasm targets of asconfig.json (plain SIMD, relaxed SIMD, debug with asserts)
// when an AssemblyScript source is newer than the output, then compiles the TypeScript (tsc,
// incremental) into dist/. Run by `npm run build`, and before test, start, bench and pack.
import { readdirSync, statSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(root, 'asconfig.json'), 'utf8')));
const force = process.argv.includes('--force');

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
