#!/usr/bin/env node
// Runs every uvu suite under dist/tests (compiled by `npm run build`) in one process, echoes uvu's
// own output, then prints the plain closing line `N passed, N failed` that CI reads, and exits
// non-zero on any failure (including a crash before uvu could print its summary).
// Usage: npm test [-- pattern]   e.g. `npm test -- gemm` runs only files whose path matches /gemm/.
// `--require-runtimes` (npm run test:runtimes) makes the runtime matrix fail on a missing runtime.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const requireRuntimes = args.includes('--require-runtimes');
const userPattern = args.find((a) => a !== '--require-runtimes');
const pattern = userPattern ? `(?:${userPattern}).*\\.test\\.js$` : '\\.test\\.js$';
const child = spawn(process.execPath, [join(root, 'node_modules/uvu/bin.js'), 'dist/tests', pattern, '-i', 'reference', '-i', 'helpers'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR, ...(requireRuntimes ? { SIMDNET_REQUIRE_RUNTIMES: '1' } : {}) },
});
let out = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  out += chunk.toString();
});
child.on('close', (code, signal) => {
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const num = (label) => {
    const m = plain.match(new RegExp(`${label}:\\s+(\\d+)`));
    return m ? Number(m[1]) : null;
  };
  const total = num('Total');
  const passed = num('Passed');
  const skipped = num('Skipped') ?? 0;
  if (total === null || passed === null) {
    console.log(`\ntest: uvu ended without a summary (exit ${code}${signal ? ', ' + signal : ''})`);
    console.log(`${passed ?? 0} passed, ${Math.max(1, (total ?? 0) - (passed ?? 0))} failed`);
    process.exit(1);
  }
  if (total === 0) {
    console.log(`\ntest: no test matched ${JSON.stringify(pattern)}\n0 passed, 0 failed`);
    process.exit(1);
  }
  const failed = total - passed; // uvu's Total counts the tests that ran: skipped ones are not in it
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 || code !== 0 ? 1 : 0);
});
