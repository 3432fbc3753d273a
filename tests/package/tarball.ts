// simdnet as `npm install simdnet` gives it (issue 16 item 6): `npm pack` of this repository, with its
// prepack and postpack scripts (the build, then scripts/pack.mjs), installed with npm into a fresh
// temp project. Packed and installed once per test process (every test file runs in the one uvu
// process, scripts/test.mjs): the folder is shared, so a test writes its app into its own subfolder
// (`appDir`), where Node, esbuild, tsc and Deno find `simdnet` in the parent's node_modules.
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../bundle/consumer.js';

export interface Installed {
  /** The consumer project: package.json and node_modules/simdnet installed from the tarball. */
  dir: string;
  /** node_modules/simdnet inside it. */
  pkg: string;
  /** The .tgz npm pack wrote (in a temp folder of its own). */
  tarball: string;
  /** What `npm pack --json` reported about it. */
  packed: { files: { path: string }[]; size: number; unpackedSize: number; entryCount: number };
}

let installed: Installed | Error | undefined;
const temps: string[] = [];
process.on('exit', () => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** Runs npm in `cwd` and returns its stdout; fails the test on a non-zero exit. */
export function npm(args: string[], cwd: string): string {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', timeout: 300_000 });
  assert.is(r.status, 0, `npm ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Packs this repository and installs the tarball into a temp project (once per process). */
export function installedPackage(): Installed {
  if (installed instanceof Error) throw installed; // failed once: the other tests fail fast, not re-pack
  if (installed) return installed;
  try {
    installed = packAndInstall();
  } catch (e) {
    installed = e as Error;
    throw e;
  }
  return installed;
}

function packAndInstall(): Installed {
  const out = mkdtempSync(join(tmpdir(), 'simdnet-tarball-'));
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-installed-'));
  temps.push(out, dir);
  // --json: the report on stdout; prepack's build and strip, and postpack's restore, run as npm runs
  // them. Their output may share stdout (the build logs what it compiles): the report starts at a line "[".
  const stdout = npm(['pack', '--json', '--pack-destination', out], REPO);
  const packed = JSON.parse(stdout.slice(stdout.search(/^\[\s*$/m)))[0];
  const tarball = join(out, packed.filename);
  assert.ok(existsSync(tarball), `npm pack wrote ${tarball}`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'simdnet-consumer', private: true, type: 'module' }, null, 2));
  // --prefer-offline: uplot (the one dependency) comes from npm's cache, which `npm ci` filled.
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], dir);
  return { dir, pkg: join(dir, 'node_modules', 'simdnet'), tarball, packed };
}

/** A fresh subfolder of the installed consumer for one test's files. */
export function appDir(name: string): string {
  const d = join(installedPackage().dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}
