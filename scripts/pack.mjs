#!/usr/bin/env node
// What `npm pack` / `npm publish` put in the tarball beyond the "files" list (issue 16 item 7):
//   node scripts/pack.mjs strip     (prepack, after the build) and
//   node scripts/pack.mjs restore   (postpack; also run by scripts/build.mjs and the pack tests, so a
//                                    pack that died between the two leaves nothing changed for long).
// strip:
// - package.json: the published copy has no `scripts` (every one runs a file that is not shipped:
//   scripts/*.mjs, dist/examples, or a rebuild), `devDependencies` and `overrides` (they pin the tools
//   that build and test this repository; npm never installs a dependency's devDependencies).
// - `//# sourceMappingURL=` comments in shipped .js files whose map is not shipped (the maps point at
//   src/*.ts, which is not shipped, so they stay out: see tests/package/pack.test.ts). A dangling
//   comment sends debuggers and dev servers after a file that is not there.
// npm reads the files from disk between prepack and postpack, so both changes are made in place and
// undone from a backup (.pack-backup.json) by restore: package.json byte for byte, each comment
// re-appended exactly as it was. Messages go to stderr: `npm pack --json` shares stdout with scripts. Each file is replaced by rename(2), which is atomic, so a crash
// leaves either the old or the new file, never half of one.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BACKUP = join(root, '.pack-backup.json');
/** package.json keys that describe how this repository is built and tested, not the package. */
export const DEV_ONLY_KEYS = ['scripts', 'devDependencies', 'overrides'];
/** tsc ends a file with this line, esbuild with this line and a newline. */
const COMMENT = /\n\/\/# sourceMappingURL=(\S+)\n?$/;

function replace(file, text) {
  const tmp = `${file}.pack-tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** The paths `npm pack` would put in the tarball now (npm's own list, scripts not run). */
function packedPaths() {
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const r = spawnSync(cmd, [...args, 'pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pack: npm pack --dry-run failed: ${r.stderr}`);
  return JSON.parse(r.stdout)[0].files.map((f) => f.path);
}

export function strip() {
  restore(); // a pack that died before postpack: start from the real files
  const paths = packedPaths();
  const shipped = new Set(paths);
  const comments = [];
  for (const p of paths.filter((p) => p.endsWith('.js'))) {
    const file = join(root, p);
    const text = readFileSync(file, 'utf8');
    const m = COMMENT.exec(text);
    if (!m || shipped.has(posix.join(posix.dirname(p), m[1]))) continue;
    comments.push({ path: p, comment: m[0] });
  }
  const pkgText = readFileSync(join(root, 'package.json'), 'utf8');
  // The backup goes first: from here on, restore() can undo whatever part of the strip happened.
  replace(BACKUP, JSON.stringify({ packageJson: pkgText, comments }));
  for (const { path, comment } of comments) {
    const file = join(root, path);
    const text = readFileSync(file, 'utf8');
    replace(file, text.slice(0, text.length - comment.length));
  }
  const pkg = JSON.parse(pkgText);
  for (const key of DEV_ONLY_KEYS) delete pkg[key];
  replace(join(root, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  console.error(`pack: package.json without ${DEV_ONLY_KEYS.join(', ')}; ${comments.length} dangling sourceMappingURL comments removed`);
}

export function restore() {
  if (!existsSync(BACKUP)) return false;
  const { packageJson, comments } = JSON.parse(readFileSync(BACKUP, 'utf8'));
  for (const { path, comment } of comments) {
    const file = join(root, path);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.endsWith(comment)) replace(file, text + comment);
  }
  replace(join(root, 'package.json'), packageJson);
  rmSync(BACKUP);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cmd = process.argv[2];
  if (cmd === 'strip') strip();
  else if (cmd === 'restore') {
    if (restore()) console.error('pack: package.json and the sourceMappingURL comments restored');
  } else {
    console.error('usage: node scripts/pack.mjs strip|restore');
    process.exit(2);
  }
}
