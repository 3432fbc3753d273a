#!/usr/bin/env node
// Runs the compiled tinybench suites (dist/bench/*.bench.js) one after another, each in its own
// process so that one suite's tiering and memory do not colour the next.
// Usage: npm run bench [-- name]   e.g. `npm run bench -- kernels`; `-- sequence` runs recurrent and textcnn.
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];
// Names that stand for several suites (issue 15 names `npm run bench -- sequence`).
const GROUPS = { sequence: ['recurrent', 'textcnn'] };
const wanted = only ? (GROUPS[only] ?? [only]) : null;
const dir = join(root, 'dist/bench');
const suites = readdirSync(dir).filter((f) => f.endsWith('.bench.js') && (!wanted || wanted.some((w) => f.includes(w))));
if (suites.length === 0) {
  console.error(`bench: no suite matches "${only}" in dist/bench`);
  process.exit(1);
}
let failed = 0;
for (const file of suites) {
  console.log(`\n# ${file}`);
  const r = spawnSync(process.execPath, [join(dir, file)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
