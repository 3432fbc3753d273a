// A Workers-style sandbox (issue 16 items 1-2, "Done when": run from a precompiled Module with no file
// system or fetch). Cloudflare Workers and similar edge runtimes hand code a compiled
// `WebAssembly.Module` (a wasm binding) and give it no file system; here Deno plays that sandbox:
// `deno run --no-prompt` with no --allow-* flag denies every read, write, env and net access (a
// PermissionDenied error if simdnet tried one), and the script also deletes `fetch` before importing
// simdnet. The Module is compiled from bytes embedded in the script (base64), as a Worker's binding
// would be, then `ready({ module })` and a small model trains. Skipped when the Deno binary
// (devDependency @deno/linux-x64-glibc, Linux x64 only) is missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, write } from '../bundle/consumer.js';
import { appDir, installedPackage } from './tarball.js';

const DENO = join(REPO, 'node_modules/@deno/linux-x64-glibc/deno');
/** simdnet as installed from the tarball (tests/package/tarball.ts), imported by file URL as a Worker bundle would hold it. */
const entry = () => JSON.stringify(pathToFileURL(join(installedPackage().pkg, 'dist/src/index.js')).href);

function script(wasmBase64: string): string {
  return `delete globalThis.fetch; // no network: the module must not be fetched
const { ready, sequential, dense, adam, tensor } = await import(${entry()});
const bytes = Uint8Array.from(atob(${JSON.stringify(wasmBase64)}), (c) => c.charCodeAt(0));
const module = await WebAssembly.compile(bytes); // what a Worker's wasm binding hands the code
const m = await ready({ module });
// Two classes by the sign of x0 + x1 (seeded LCG data), 48 samples of 4 features.
const n = 48, d = 4, x = new Float32Array(n * d), y = new Int32Array(n);
let s = 7;
const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
for (let i = 0; i < n; i++) { for (let j = 0; j < d; j++) x[i * d + j] = rand(); y[i] = x[i * d] + x[i * d + 1] > 0 ? 1 : 0; }
const model = sequential({ seed: 1, layers: [dense({ units: 16, activation: 'relu', inputShape: [d] }), dense({ units: 2, activation: 'softmax' })] });
model.compile({ optimizer: adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
const h = await model.fit(tensor(x, [n, d]), tensor(y, [n]), { batchSize: 16, epochs: 30, verbose: 0, seed: 1 });
console.log(JSON.stringify({ loadedBy: m.loadedBy, build: m.build, threads: m.pool ? m.pool.threads : 1, loss: h.history.loss, accuracy: h.history.accuracy }));
`;
}

test('the sandbox is real: without a module, ready() cannot load the wasm there', () => {
  if (!existsSync(DENO)) return;
  const dir = appDir('workers-style');
  write(dir, 'control.mjs', `delete globalThis.fetch;
const { ready } = await import(${entry()});
try { await ready(); console.log('loaded'); } catch (e) { console.log('refused: ' + e.message); }
`);
  const r = spawnSync(DENO, ['run', '--no-prompt', '--no-config', join(dir, 'control.mjs')], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DENO_NO_UPDATE_CHECK: '1' } });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^refused: ready: cannot read .*simdnet\.(relaxed|plain)\.wasm/);
});

test('ready({ module }) trains with every file, env and network permission denied and no fetch', () => {
  if (!existsSync(DENO)) {
    console.log(`  workers-style: ${DENO} missing (npm ci installs it on Linux x64), skipped`);
    return;
  }
  const dir = appDir('workers-style');
  const wasm = readFileSync(join(installedPackage().pkg, 'build/simdnet.plain.wasm')).toString('base64');
  write(dir, 'worker.mjs', script(wasm));
  const r = spawnSync(DENO, ['run', '--no-prompt', '--no-config', join(dir, 'worker.mjs')], { cwd: dir, encoding: 'utf8', timeout: 180_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DENO_NO_UPDATE_CHECK: '1' } });
  assert.is(r.status, 0, `deno exited ${r.status}: ${r.stderr}`);
  assert.not.match(r.stderr, /PermissionDenied|NotCapable|Requires (read|net|env) access/);
  const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { loadedBy: string; build: string; threads: number; loss: number[]; accuracy: number[] };
  assert.is(report.loadedBy, 'module');
  assert.is(report.build, 'plain', 'the module reports which build it is');
  assert.is(report.threads, 1);
  assert.ok(report.loss.every(Number.isFinite));
  assert.ok(report.loss.at(-1)! < report.loss[0] * 0.6, `loss fell: ${report.loss[0]} -> ${report.loss.at(-1)}`);
  assert.ok(report.accuracy.at(-1)! >= 0.85, `accuracy ${report.accuracy.at(-1)}`);
  console.log(`  workers-style (deno, no permissions, no fetch): loss ${report.loss[0].toFixed(3)} -> ${report.loss.at(-1)!.toFixed(3)}, accuracy ${report.accuracy.at(-1)}`);
});

test.run();
